from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    default = True  # this module also holds django-axes' configuration, below
    name = "staff"

    def ready(self):
        from staff.roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="haizhu_portal.sync_roles")


class LoginLockoutsConfig(AxesConfig):
    """django-axes, named in the staff member's language rather than "Axes"."""

    default = False
    verbose_name = _("Login lockouts")
