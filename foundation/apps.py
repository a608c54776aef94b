from django.apps import AppConfig
from django.db.models.signals import pre_delete, pre_save


class FoundationConfig(AppConfig):
    name = "foundation"

    def ready(self):
        from foundation.audit import version_before_first_change
        from foundation.content_versions import connect_signals

        connect_signals()
        pre_save.connect(version_before_first_change, dispatch_uid="foundation.audit.pre_save")
        pre_delete.connect(version_before_first_change, dispatch_uid="foundation.audit.pre_delete")
