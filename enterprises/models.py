from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.models import District, Source, ValueChainSegment, caveat_field
from enterprises.search import search_grams


class EnterpriseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Enterprise.State.PUBLISHED)

    def for_cards(self):
        """What an enterprise card shows; the long texts stay behind, which makes sorting many matches cheaper."""
        return self.select_related("district").defer(
            "search_text", "name_text", "description", "description_zh_hans", "description_en", "review_note"
        )


class Enterprise(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        REJECTED = "rejected", _("Rejected")

    class SizeBand(models.TextChoices):
        MICRO = "micro", _("1–9 people")
        SMALL = "small", _("10–49 people")
        MEDIUM = "medium", _("50–249 people")
        LARGE = "large", _("250–999 people")
        VERY_LARGE = "very_large", _("1,000 people or more")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        null=True,
        blank=True,
        help_text=_("Empty when the company is based outside the districts on the portal."),
    )
    segments = ArrayField(
        models.CharField(max_length=20, choices=ValueChainSegment),
        verbose_name=_("value-chain segments"),
        default=list,
        # Sourced listings may name none; the public submission form asks for at least one.
        blank=True,
    )
    founded_year = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    size_band = models.CharField(_("size"), max_length=20, choices=SizeBand, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    logo = models.ImageField(
        _("logo"), upload_to="enterprises/logos/", blank=True, width_field="logo_width", height_field="logo_height"
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Bureau staff have checked that the company exists as described.")
    )
    state = models.CharField(_("publication state"), max_length=20, choices=State, default=State.PENDING)
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True)
    caveat = caveat_field()
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Example content, not a sourced fact; shown with a label.")
    )
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True, help_text=_("Not shown on the site."))
    submission_language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Every searched text in both languages, lowercased, in one column so that one trigram index
    # serves the keyword search; a line break keeps a search term from spanning two texts.
    search_text = models.GeneratedField(
        expression=Lower(
            Concat(
                "name_zh_hans",
                Value("\n"),
                "name_en",
                Value("\n"),
                "summary_zh_hans",
                Value("\n"),
                "summary_en",
                Value("\n"),
                "description_zh_hans",
                Value("\n"),
                "description_en",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    # The names alone, the same way: the directory's best match finds the enterprises whose name holds the words
    # through this column's indexes, rather than by reading every enterprise that matches (enterprises/search.py).
    name_text = models.GeneratedField(
        expression=Lower(Concat("name_zh_hans", Value("\n"), "name_en", output_field=models.TextField())),
        output_field=models.TextField(),
        db_persist=True,
    )
    review_note = models.TextField(
        _("note to the submitter"), blank=True, help_text=_("Sent with the decision, for example why it was declined.")
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True) | Q(founded_year__gte=1800, founded_year__lte=2200),
                name="enterprise_founded_year_plausible",
                violation_error_message=_("The founding year must lie between 1800 and 2200."),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "district"]),
            models.Index(fields=["founded_year"]),
            GinIndex(fields=["segments"], name="enterprise_segments_gin"),
            # The directory's keyword search (enterprises/search.py) and its name order (selectors.py).
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="enterprise_search_trgm"),
            GinIndex(search_grams(), name="enterprise_search_grams"),
            GinIndex(fields=["name_text"], opclasses=["gin_trgm_ops"], name="enterprise_name_trgm"),
            GinIndex(search_grams("name_text"), name="enterprise_name_grams"),
            models.Index(Coalesce(NullIf("name_zh_hans", Value("")), "name_en"), "id", name="enterprise_name_zh_order"),
            models.Index(Coalesce(NullIf("name_en", Value("")), "name_zh_hans"), "id", name="enterprise_name_en_order"),
            # The finder's partners (districts/partners.py): a district's published listings, verified first, by name.
            models.Index(
                "district",
                models.F("is_verified").desc(),
                Coalesce(NullIf("name_zh_hans", Value("")), "name_en"),
                "id",
                condition=Q(state="published"),
                name="enterprise_partner_zh_order",
            ),
            models.Index(
                "district",
                models.F("is_verified").desc(),
                Coalesce(NullIf("name_en", Value("")), "name_zh_hans"),
                "id",
                condition=Q(state="published"),
                name="enterprise_partner_en_order",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("enterprises:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def get_segments_display(self):
        return [ValueChainSegment(segment).label for segment in self.segments]


class Work(models.Model):
    """A notable work of an enterprise: a series, an animation, an IP, an app."""

    class Kind(models.TextChoices):
        SERIES = "series", _("Micro-drama series")
        ANIMATION = "animation", _("Animation")
        IP = "ip", _("IP")
        FILM = "film", _("Film")
        APP = "app", _("App or platform")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="works"
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    platform = models.CharField(_("platform"), max_length=100, blank=True)
    link = models.URLField(_("link"), max_length=300, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["enterprise", "-year", "title"]
        verbose_name = _("work")
        verbose_name_plural = _("works")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1800, year__lte=2200), name="work_year_plausible"
            ),
        ]

    def __str__(self):
        return self.title


class Photo(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("image"), upload_to="enterprises/photos/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)

    class Meta:
        ordering = ["enterprise", "display_order", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption or self.image.name
