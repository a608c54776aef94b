from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_delete, pre_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "haizhu_portal"
    verbose_name = _("Portal")

    def ready(self):
        from haizhu_portal.audit import version_before_first_change
        from haizhu_portal.roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="haizhu_portal.sync_roles")
        pre_save.connect(version_before_first_change, dispatch_uid="haizhu_portal.audit.pre_save")
        pre_delete.connect(version_before_first_change, dispatch_uid="haizhu_portal.audit.pre_delete")
