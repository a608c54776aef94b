from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_apps


class PortalConfig(AppConfig):
    default = True  # this module also holds the task queue's configuration, below
    name = "haizhu_portal"
    # Its former label names the outbox of emails, now in foundation (foundation/apps.py).
    label = "portal_project"
    verbose_name = _("Portal")

    def ready(self):
        from haizhu_portal import checks  # noqa: F401  (registers the deploy checks)


class BackgroundTasksConfig(tasks_apps.TasksAppConfig):
    """The task queue's tables, named in the staff member's language rather than "Tasks Database Backend"."""

    default = False
    verbose_name = _("Background tasks")
