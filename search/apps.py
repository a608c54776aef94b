from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from enterprises.signals import states_changed
        from foundation.content_versions import AREAS, content_changed
        from search import index
        from search.kinds import KINDS

        def synonyms_changed(**kwargs):
            # A synonym changes what every stored search page would find.
            content_changed(*AREAS)

        synonym = self.get_model("SearchSynonym")
        post_save.connect(synonyms_changed, sender=synonym, weak=False, dispatch_uid="search.synonyms.saved")
        post_delete.connect(synonyms_changed, sender=synonym, weak=False, dispatch_uid="search.synonyms.deleted")
        # Every write to a searched record rewrites its row of the index, whoever makes it.
        for kind in KINDS:
            label = kind.model._meta.label
            post_save.connect(index.record_saved, sender=kind.model, dispatch_uid=f"search.index.saved.{label}")
            post_delete.connect(index.record_deleted, sender=kind.model, dispatch_uid=f"search.index.deleted.{label}")
        states_changed.connect(index.records_changed, dispatch_uid="search.index.states_changed")
        post_migrate.connect(fill_empty_index, sender=self, dispatch_uid="search.index.fill")


def fill_empty_index(using, **kwargs):
    """The index filled once after the migration that makes it, and again whenever it is found empty."""
    from search import index
    from search.models import SearchEntry

    if not SearchEntry.objects.using(using).exists():
        index.rebuild()
