from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as tasks_apps


class PortalConfig(AppConfig):
    default = True  # this module also holds the configurations of two other apps, below
    name = "haizhu_portal"
    verbose_name = _("Portal")

    def ready(self):
        from haizhu_portal.roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="haizhu_portal.sync_roles")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin under the portal's name, its home page listing what waits for staff."""

    default = False  # named in INSTALLED_APPS; PortalConfig is this app's own
    default_site = "haizhu_portal.admin_site.PortalAdminSite"


class BackgroundTasksConfig(tasks_apps.TasksAppConfig):
    """The task queue's tables, named in the staff member's language rather than "Tasks Database Backend"."""

    default = False
    verbose_name = _("Background tasks")
