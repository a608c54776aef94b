from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "haizhu_portal"
    verbose_name = _("Portal")

    def ready(self):
        from haizhu_portal import checks  # noqa: F401  (registers the deploy checks)
        from haizhu_portal.content_versions import connect_signals
        from haizhu_portal.roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="haizhu_portal.sync_roles")
        connect_signals()
