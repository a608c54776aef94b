from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from districts.models import District


class SearchSynonym(models.Model):
    """Terms that mean the same to a searcher: a search for any of them finds every one of them."""

    terms = models.TextField(
        _("equivalent terms"),
        help_text=_("One term per line, in either language, for example 短剧 and short drama."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return " / ".join(self.term_list)

    @property
    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.splitlines() if term.strip()]

    def clean(self):
        super().clean()
        if len(self.term_list) < 2:
            raise ValidationError({"terms": _("Give at least two terms, one per line.")})


IS_ENTERPRISE = models.Q(kind="enterprise")
NOT_ENTERPRISE = ~IS_ENTERPRISE


class SearchEntry(models.Model):
    """One record as the search reads it: its texts to match and what a result shows, kept by search/index.py.

    Every kind of record is found through the same few indexes of this one table, so a search reads
    the source tables not at all: a substring of three characters or more through the trigram index
    of `searched`, a shorter one (版权, ip) through the characters and pairs in `grams`, an English
    word in any of its forms through `english`. The district's own publication is checked by a join
    (a district taken offline hides its records at once, with nothing to rewrite).
    """

    kind = models.CharField(_("kind"), max_length=20)
    record_id = models.PositiveBigIntegerField(_("record"))
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title_zh_hans = models.TextField(_("title (Chinese)"), blank=True)
    title_en = models.TextField(_("title (English)"), blank=True)
    # The kind's excerpted texts in order, for the one-line excerpt.
    texts_zh_hans = ArrayField(models.TextField(), verbose_name=_("texts (Chinese)"), default=list)
    texts_en = ArrayField(models.TextField(), verbose_name=_("texts (English)"), default=list)
    url_zh_hans = models.CharField(_("address (Chinese)"), max_length=300)
    url_en = models.CharField(_("address (English)"), max_length=300)
    # The title a reader of each language sees, the other language's when it has none: the name order.
    order_zh_hans = models.TextField(_("order (Chinese)"), blank=True)
    order_en = models.TextField(_("order (English)"), blank=True)
    # Every searched text in both languages, lowercased, a line apart so that no term spans two.
    searched = models.TextField(_("searched text"), blank=True)
    title_searched = models.TextField(_("searched title"), blank=True)
    # The characters and pairs a term too short for trigrams is found among (search/index.py: grams).
    grams = ArrayField(models.TextField(), verbose_name=_("characters and pairs"), default=list)
    title_grams = ArrayField(models.TextField(), verbose_name=_("characters and pairs of the title"), default=list)
    english_text = models.TextField(_("English text"), blank=True)
    english = models.GeneratedField(
        expression=SearchVector("english_text", config="english"), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "record_id"], name="search_entry_one_per_record")]
        indexes = [
            # Each searched column's indexes in two parts: the enterprises', and every other kind's, a few thousand
            # rows. Every search asks for one part or the other, so an enterprise search never wades through the
            # other kinds' matches (微短剧扶持's thousands of incentives) nor theirs through 100,000 enterprises'.
            *(
                GinIndex(fields=[field], opclasses=opclasses, name=f"search_entry_{part}_{name}", condition=condition)
                for part, condition in (("ent", IS_ENTERPRISE), ("small", NOT_ENTERPRISE))
                for field, opclasses, name in (
                    ("searched", ["gin_trgm_ops"], "trgm"),
                    ("title_searched", ["gin_trgm_ops"], "title_trgm"),
                    ("grams", [], "grams"),
                    ("title_grams", [], "title_grams"),
                    ("english", [], "english"),
                )
            ),
            # The name order, holding what a title is matched by: the first names that match are found in the
            # index alone (search/typeahead.py).
            *(
                models.Index(
                    fields=["kind", f"order_{language}", "record_id"],
                    include=["id", "district_id", "title_searched", "title_grams"],
                    name=f"search_entry_{short}_order",
                )
                for language, short in (("zh_hans", "zh"), ("en", "en"))
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.record_id}"
