from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from foundation.content_versions import AREAS, content_changed

        def synonyms_changed(**kwargs):
            # A synonym changes what every stored search page would find.
            content_changed(*AREAS)

        synonym = self.get_model("SearchSynonym")
        post_save.connect(synonyms_changed, sender=synonym, weak=False, dispatch_uid="search.synonyms.saved")
        post_delete.connect(synonyms_changed, sender=synonym, weak=False, dispatch_uid="search.synonyms.deleted")
