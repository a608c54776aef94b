from django.apps import AppConfig
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext_lazy as _


class FoundationConfig(AppConfig):
    name = "foundation"
    # The outbox of emails was first the project package's: its table, migrations, content type and
    # permissions ("haizhu_portal.resend_outgoingemail") keep that app label.
    label = "haizhu_portal"
    verbose_name = _("Portal")

    def ready(self):
        from foundation.audit import version_before_first_change
        from foundation.content_versions import connect_signals

        connect_signals()
        pre_save.connect(version_before_first_change, dispatch_uid="foundation.audit.pre_save")
        pre_delete.connect(version_before_first_change, dispatch_uid="foundation.audit.pre_delete")
