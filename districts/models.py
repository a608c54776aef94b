from functools import cache

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from districts.formatting import format_amount, format_at_least, format_number
from foundation.models import ConsentRecord


class ValueChainSegment(models.TextChoices):
    """Where a company sits in the micro-drama value chain; shared with enterprises."""

    IP_CONTENT = "ip_content", _("IP and content")
    PRODUCTION = "production", _("Production")
    POST_PRODUCTION = "post_production", _("Post-production")
    PLATFORM = "platform", _("Platform")
    OVERSEAS = "overseas", _("Overseas distribution")
    MARKETING = "marketing", _("Marketing")
    TECHNOLOGY = "technology", _("Technology")
    TALENT = "talent", _("Talent and training")


class CompanyStage(models.TextChoices):
    STARTUP = "startup", _("Start-up")
    GROWTH = "growth", _("Growing")
    ESTABLISHED = "established", _("Established")
    RELOCATING = "relocating", _("Relocating or opening a branch")


class Level(models.TextChoices):
    """The government whose measure or figure it is: a province's measure filed under a city is still the province's."""

    # A context of their own: "District" as a level reads 区级, as a place 区域.
    DISTRICT = "district", pgettext_lazy("level of government", "District")
    CITY = "city", pgettext_lazy("level of government", "City")
    PROVINCE = "province", pgettext_lazy("level of government", "Province")
    NATION = "nation", pgettext_lazy("level of government", "Nation")


class Scope(models.TextChoices):
    """What a measure covers or a figure counts: "9 years of double-digit growth" is the digital economy's."""

    MICRO_DRAMA = "micro_drama", _("Micro-drama")
    AUDIOVISUAL = "audiovisual", _("Film, television and online audiovisual")
    INTERNET_CONTENT = "internet_content", _("Internet content")
    CULTURE = "culture", _("Culture and creative industries")
    DIGITAL_ECONOMY = "digital_economy", _("Digital economy")
    ECONOMY = "economy", _("The economy as a whole")


class Source(models.Model):
    """Where a fact comes from: every figure on the portal names one."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("The publisher's own text")
        REPRINT = "reprint", _("A reprint")
        SUMMARY = "summary", _("A third party's summary")

    publisher = models.CharField(_("publisher"), max_length=200)
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_(
            "Word for word as published, and marked so below. Unmarked, it is a label for staff only: "
            "pages then name the publisher and date, never a title we wrote."
        ),
    )
    title_as_published = models.BooleanField(_("title exactly as published"), default=False)
    url = models.URLField(_("address"), max_length=500, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ORIGINAL)
    read_via = models.CharField(
        _("read in"),
        max_length=200,
        blank=True,
        help_text=_("For a reprint or a summary: the site where it was read."),
    )
    read_on = models.DateField(_("read on"), null=True, blank=True)
    publisher_english = models.CharField(
        _("publisher in English"),
        max_length=200,
        blank=True,
        help_text=_("For a Chinese publisher: shown on English pages with the original beside it."),
    )
    title_english = models.CharField(_("title in English"), max_length=300, blank=True)

    class Meta:
        ordering = ["publisher", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        dated = f"{self.publisher}, {self.published_on:%Y-%m-%d}" if self.published_on else self.publisher
        return f"{dated}: {self.title}" if self.title else dated

    def clean(self):
        if self.title_as_published and not self.title.strip():
            raise ValidationError({"title": _("A title marked as published cannot be empty.")})
        if self.kind != self.Kind.ORIGINAL and not self.read_via.strip():
            raise ValidationError({"read_via": _("Say where the reprint or summary was read.")})

    @property
    def published_title(self) -> str:
        """The title as the publisher gave it, with its English beside it on English pages; empty when
        the source gives none (a staff label is never shown)."""
        return self.title_display if self.title_as_published else ""

    @property
    def publisher_display(self) -> str:
        return with_original(self.publisher_english, self.publisher)

    @property
    def title_display(self) -> str:
        return with_original(self.title_english, self.title)


def with_original(english: str, original: str) -> str:
    """English pages show a Chinese name in English with the original beside it; Chinese pages the original."""
    if english and not (get_language() or "").startswith("zh"):
        return f"{english} ({original})"
    return original


class DistrictQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class District(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    city = models.CharField(_("city"), max_length=100)
    province = models.CharField(_("province"), max_length=100)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    overview = models.TextField(_("overview"), blank=True)
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)
    is_published = models.BooleanField(_("published"), default=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Approximate, for the locator."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Approximate, for the locator."),
    )
    is_host = models.BooleanField(
        _("host district"),
        default=False,
        help_text=_("The district whose bureau runs the portal; the home page leads with its figures."),
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editors"),
        blank=True,
        related_name="edited_districts",
        help_text=_("Bureau staff who keep this district's profile, incentives, enterprises and inquiries."),
    )

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "slug"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [models.UniqueConstraint(fields=["is_host"], condition=Q(is_host=True), name="one_host_district")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("districts:detail", kwargs={"slug": self.slug})

    @property
    def inquiry_addresses(self) -> list[str]:
        """Where this district's inquiries go: the staff its contact names, else the contact's public email;
        for the host district only, the host bureau's address last. Empty when none is published: the
        district then takes no inquiries, rather than one bureau receiving another's. Fetch `contact`
        with the district (select_related) to read it without a query."""
        contact = getattr(self, "contact", None)  # a missing contact raises a subclass of AttributeError
        if contact:
            addresses = [address.strip() for address in contact.inquiry_recipients.split(",") if address.strip()]
            if addresses or contact.email:
                return addresses or [contact.email]
        if self.is_host and settings.BUREAU_INQUIRY_EMAIL:
            return [settings.BUREAU_INQUIRY_EMAIL]
        return []

    @property
    def takes_inquiries(self) -> bool:
        return bool(self.inquiry_addresses)


def caveat_field():
    """What a reader must know beside a sourced fact; districts', enterprises' and events' records share it."""
    return models.TextField(
        _("caveat"),
        blank=True,
        help_text=_("What a reader must know: sources that differ, a figure derived, a name translated."),
    )


class DistrictRecord(models.Model):
    """Fields every fact attached to a district shares: its sources, level, scope, caveat and whether it is
    illustrative. Level and scope have no default: staff say what the source says."""

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True)
    further_sources = models.ManyToManyField(
        Source,
        verbose_name=_("further sources"),
        blank=True,
        related_name="%(class)s_further",
        help_text=_("Where part of the fact comes from another source, that source too."),
    )
    level = models.CharField(_("level"), max_length=20, choices=Level)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope)
    caveat = caveat_field()
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Example content, not a sourced fact; shown with a label.")
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.source_id is None and not self.is_illustrative:
            raise ValidationError({"source": _("Name the source, or mark the record as illustrative.")})

    @property
    def is_micro_drama_specific(self) -> bool:
        """General measures and figures are listed beside the micro-drama ones but never counted as them."""
        return self.scope == Scope.MICRO_DRAMA


class KeyFigure(DistrictRecord):
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    is_amount_cny = models.BooleanField(
        _("amount in yuan"),
        default=False,
        help_text=_("The value is a sum of money in yuan, written out in full; the unit is left empty."),
    )
    is_lower_bound = models.BooleanField(_("at least"), default=False, help_text=_("Shown as “value+”."))

    class DateMeaning(models.TextChoices):
        PUBLISHED = "published", _("The day the source was published")
        PERIOD = "period", _("The period the figure covers")

    as_of = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("The date the source gives for the figure; empty when it gives none."),
    )
    # Most sources give only their own date; "as of" would claim a period no source names.
    date_meaning = models.CharField(
        _("the date is"),
        max_length=20,
        choices=DateMeaning,
        default=DateMeaning.PUBLISHED,
        help_text=_("Choose the period only when the source says the figure covers it (“at the end of 2024”)."),
    )
    is_headline = models.BooleanField(_("headline"), default=False, help_text=_("Shown on the home page."))
    display_order = models.PositiveSmallIntegerField(_("display order"), default=100)

    class Meta:
        ordering = ["district", "display_order", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")

    def __str__(self):
        return f"{self.district}: {self.label}"

    @property
    def covers_period(self) -> bool:
        """The date is the period the figure covers ("as of"), not the day its source was published."""
        return self.date_meaning == self.DateMeaning.PERIOD

    @property
    def value_display(self) -> str:
        """1万亿元+ / 1 trillion yuan+; 200+ with its unit shown beside it by the template."""
        text = format_amount(self.value) if self.is_amount_cny else format_number(self.value)
        return format_at_least(text) if self.is_lower_bound else text


# How an incentive fits a company's stage or segments; the finder ranks a named fit above "open to all", and
# that above a measure whose source does not say who qualifies.
NAMED, OPEN_TO_ALL, NOT_PUBLISHED, NO_FIT = 3, 2, 1, 0


def incentive_dates_published() -> Q:
    """Whether a source gives any date for the measure: with none, it is neither open nor closed."""
    return Q(valid_from__isnull=False) | Q(valid_until__isnull=False) | Q(application_year__isnull=False)


def incentive_open_on(day) -> Q:
    """The one rule for "open": some date published, started by `day` and not yet over; an application round
    without dates closes after its year. A measure with no published date is not open: its validity is unknown."""
    return (
        incentive_dates_published()
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        & (Q(application_year__isnull=True) | Q(application_year__gte=day.year))
    )


def incentive_accepts(field: str, values) -> Q:
    """The one eligibility rule: an incentive accepts a company when it names one of its stages (or segments),
    or its source says every one (published and none named). Where the source does not say who qualifies, the
    measure is kept, for the company to ask: unknown is never counted as "every one" (see incentive_fit)."""
    return Q(eligibility_published=False) | Q(**{field: []}) | Q(**{f"{field}__overlap": list(values)})


def incentive_fit(field: str, values):
    return models.Case(
        models.When(eligibility_published=False, then=models.Value(NOT_PUBLISHED)),
        models.When(Q(**{field: []}), then=models.Value(OPEN_TO_ALL)),
        models.When(Q(**{f"{field}__overlap": list(values)}), then=models.Value(NAMED)),
        default=models.Value(NO_FIT),
    )


class IncentiveQuerySet(models.QuerySet):
    def published(self):
        """Incentives of published districts."""
        return self.filter(district__is_published=True)

    def in_districts(self, districts):
        """Incentives of `districts` (rows or a queryset); no district chosen does not narrow. Chosen
        districts that are unpublished narrow all the same: with published(), to nothing of theirs."""
        return self.filter(district__in=districts) if districts else self

    def accepting(self, *, stages=(), segments=()):
        """Incentives open to one of `stages` and one of `segments`; an empty selection does not narrow."""
        queryset = self
        if stages:
            queryset = queryset.filter(incentive_accepts("stages", stages))
        if segments:
            queryset = queryset.filter(incentive_accepts("segments", segments))
        return queryset

    def open_on(self, day):
        return self.filter(incentive_open_on(day))

    def open_now(self):
        return self.open_on(timezone.localdate())

    def with_open_flag(self, day=None):
        """`is_open` on each incentive: open on `day` (today in Beijing when not given)."""
        day = day or timezone.localdate()
        return self.annotate(
            is_open=models.ExpressionWrapper(incentive_open_on(day), output_field=models.BooleanField())
        )

    def micro_drama(self):
        """Measures whose scope is micro-drama: the ones counted; general measures are only listed."""
        return self.filter(scope=Scope.MICRO_DRAMA)

    def with_fit(self, *, stage: str, segments):
        """`stage_fit` and `segment_fit` on each incentive: NAMED, OPEN_TO_ALL or NO_FIT."""
        return self.annotate(
            stage_fit=incentive_fit("stages", [stage]), segment_fit=incentive_fit("segments", segments)
        )


def amount_basis_phrase(amount_for: str, period: str) -> str:
    """Whom an amount is for over what period, as one translatable phrase (word order differs in Chinese)."""
    phrase = _amount_basis_phrases().get((amount_for, period))
    return str(phrase) if phrase is not None else ""


@cache
def _amount_basis_phrases() -> dict:
    """Every phrase, translated only when one is shown: a catalogue page shows twenty, and translating all
    twenty-two for each cost 440 lookups a page."""
    For, Period = Incentive.AmountFor, Incentive.AmountPeriod
    return {
        (For.COMPANY, Period.ONE_OFF): _("per company, one-off"),
        (For.COMPANY, Period.YEAR): _("per company a year"),
        (For.COMPANY, Period.ROUND): _("per company per application round"),
        (For.COMPANY, Period.NOT_PUBLISHED): _("per company (period not published)"),
        (For.WORK, Period.ONE_OFF): _("per work, one-off"),
        (For.WORK, Period.YEAR): _("per work a year"),
        (For.WORK, Period.ROUND): _("per work per application round"),
        (For.WORK, Period.NOT_PUBLISHED): _("per work (period not published)"),
        (For.PROJECT, Period.ONE_OFF): _("per project, one-off"),
        (For.PROJECT, Period.YEAR): _("per project a year"),
        (For.PROJECT, Period.ROUND): _("per project per application round"),
        (For.PROJECT, Period.NOT_PUBLISHED): _("per project (period not published)"),
        (For.PROGRAMME, Period.ONE_OFF): _("programme budget, one-off"),
        (For.PROGRAMME, Period.YEAR): _("programme budget a year"),
        (For.PROGRAMME, Period.ROUND): _("programme budget per application round"),
        (For.PROGRAMME, Period.NOT_PUBLISHED): _("programme budget (period not published)"),
        # A cap whose source does not say what it applies to (a work, a company, an application).
        (For.NOT_PUBLISHED, Period.ONE_OFF): _("one-off (whom for not published)"),
        (For.NOT_PUBLISHED, Period.YEAR): _("a year (whom for not published)"),
        (For.NOT_PUBLISHED, Period.ROUND): _("per application round (whom for not published)"),
        (For.NOT_PUBLISHED, Period.NOT_PUBLISHED): _("whom for and period not published"),
    }


class Incentive(DistrictRecord):
    class Category(models.TextChoices):
        SUBSIDY = "subsidy", _("Subsidy")
        RENT = "rent", _("Rent and space")
        FUND = "fund", _("Fund")
        TAX = "tax", _("Tax")
        TALENT = "talent", _("Talent")
        FAST_TRACK = "fast_track", _("Fast-track approval")
        COPYRIGHT = "copyright", _("Copyright")
        EVENTS = "events", _("Industry events")

    class AmountFor(models.TextChoices):
        COMPANY = "company", _("per company")
        WORK = "work", _("per work")
        PROJECT = "project", _("per project")
        PROGRAMME = "programme", _("the programme's budget")
        NOT_PUBLISHED = "not_published", _("not published")

    class AmountPeriod(models.TextChoices):
        ONE_OFF = "one_off", _("one-off")
        YEAR = "year", _("a year")
        ROUND = "round", _("an application round")
        NOT_PUBLISHED = "not_published", _("period not published")

    class Validity(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        NOT_PUBLISHED = "not_published", _("Validity not published")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="incentives"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    category = models.CharField(_("category"), max_length=20, choices=Category)
    max_amount_cny = models.DecimalField(
        _("maximum amount (CNY)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    amount_for = models.CharField(
        _("the amount is for"), max_length=20, choices=AmountFor, blank=True, help_text=_("Whom the source pays it to.")
    )
    amount_period = models.CharField(
        _("over"), max_length=20, choices=AmountPeriod, blank=True, help_text=_("The period the source gives.")
    )
    amount_is_maximum = models.BooleanField(
        _("the amount is a maximum"),
        default=False,
        help_text=_("Only where the source says “up to”; a fixed reward is not a maximum."),
    )
    eligibility_published = models.BooleanField(
        _("the source says who qualifies"),
        default=False,
        help_text=_(
            "Unticked, pages say “who qualifies is not published; ask the bureau”, whatever stages and segments say."
        ),
    )
    stages = ArrayField(
        models.CharField(max_length=20, choices=CompanyStage),
        verbose_name=_("eligible company stages"),
        default=list,
        blank=True,
        help_text=_("As the source names them; empty, with the box above ticked, means every stage."),
    )
    segments = ArrayField(
        models.CharField(max_length=20, choices=ValueChainSegment),
        verbose_name=_("eligible value-chain segments"),
        default=list,
        blank=True,
        help_text=_("As the source names them; empty, with the box above ticked, means every segment."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    application_year = models.PositiveSmallIntegerField(
        _("application round"),
        null=True,
        blank=True,
        help_text=_("The year a published application guide covers, when it gives no dates; closed after that year."),
    )
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    documents = models.TextField(_("documents to prepare"), blank=True)
    policy_document = models.CharField(
        _("policy document"),
        max_length=300,
        blank=True,
        help_text=_("The document's title exactly as published; empty when no source gives it (never a headline)."),
    )
    policy_document_english = models.CharField(
        _("policy document in English"),
        max_length=300,
        blank=True,
        help_text=_("Shown on English pages beside the original."),
    )
    # Feeds and alert digests say what is new and what changed.
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IncentiveQuerySet.as_manager()

    class Meta:
        ordering = ["district", "category", "-max_amount_cny", "pk"]
        verbose_name = _("incentive")
        verbose_name_plural = _("incentives")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_amount_cny__isnull=True) | Q(max_amount_cny__gte=0),
                name="incentive_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="incentive_valid_dates_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["category"]),
            models.Index(fields=["max_amount_cny"]),
            models.Index(fields=["valid_until"]),
            models.Index(fields=["updated_at"]),
            GinIndex(fields=["stages"], name="incentive_stages_gin"),
            GinIndex(fields=["segments"], name="incentive_segments_gin"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("districts:incentive", kwargs={"pk": self.pk})

    @property
    def policy_document_display(self) -> str:
        return with_original(self.policy_document_english, self.policy_document)

    def clean(self):
        # Every refusal at once, each on the field to fill in, so staff correct the form in one go.
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.max_amount_cny is not None:
            missing = [name for name in ("amount_for", "amount_period") if not getattr(self, name)]
            message = _("Say whom the amount is for and over what period (or that the source gives no period).")
            for name in missing:
                errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)

    @property
    def amount_basis_display(self) -> str:
        """每家企业每年 / per company a year: whom the amount is for and over what period, in one phrase."""
        return amount_basis_phrase(self.amount_for, self.amount_period)

    @property
    def amount_display(self) -> str:
        """每家企业每年最高80万元 / up to 800,000 yuan per company a year; 每部作品一次性奖励10万元 / 100,000 yuan
        per work, one-off: "up to" only where the source says a maximum."""
        if self.max_amount_cny is None:
            return gettext("No amount published")
        amount = format_amount(self.max_amount_cny)
        amount = gettext("up to %(amount)s") % {"amount": amount} if self.amount_is_maximum else amount
        if not self.amount_basis_display:
            return amount
        # Translators: the amount and whom it is for over what period; Chinese puts the basis first.
        return gettext("%(amount)s %(basis)s") % {"amount": amount, "basis": self.amount_basis_display}

    @property
    def validity(self) -> str:
        """Open, closed, or not published (no source gives a date), on the day the incentive was read for
        by IncentiveQuerySet.with_open_flag."""
        if self.valid_from is None and self.valid_until is None and self.application_year is None:
            return self.Validity.NOT_PUBLISHED
        return self.Validity.OPEN if self.is_open else self.Validity.CLOSED

    @property
    def offers_per_company_maximum(self) -> bool:
        """Whether max_amount_cny is what one company can receive a year from an open micro-drama incentive:
        never a programme's budget, a per-work reward, a closed incentive's amount or a general measure's."""
        return (
            self.max_amount_cny is not None
            and self.amount_for == self.AmountFor.COMPANY
            and self.amount_period == self.AmountPeriod.YEAR
            and self.is_micro_drama_specific
            and self.is_open
        )

    def get_stages_display(self):
        return [CompanyStage(stage).label for stage in self.stages]

    def get_segments_display(self):
        return [ValueChainSegment(segment).label for segment in self.segments]


class IndustrialFund(DistrictRecord):
    district = models.ForeignKey(District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="funds")
    name = models.CharField(_("name"), max_length=200)
    size_cny = models.DecimalField(_("size (CNY)"), max_digits=16, decimal_places=0, null=True, blank=True)
    focus = models.TextField(_("focus"), blank=True)
    established_on = models.DateField(_("established"), null=True, blank=True)

    class Meta:
        ordering = ["district", "-size_cny", "pk"]
        verbose_name = _("industrial fund")
        verbose_name_plural = _("industrial funds")
        constraints = [
            models.CheckConstraint(
                condition=Q(size_cny__isnull=True) | Q(size_cny__gte=0), name="fund_size_not_negative"
            ),
        ]

    def __str__(self):
        return self.name


class Facility(DistrictRecord):
    class Kind(models.TextChoices):
        STUDIO = "studio", _("Studio")
        SHOOTING_BASE = "shooting_base", _("Shooting base")
        CREATIVE_PARK = "creative_park", _("Creative park")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="facilities"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    description = models.TextField(_("description"), blank=True)
    scene_count = models.PositiveIntegerField(_("shooting scenes"), null=True, blank=True)
    scene_count_is_lower_bound = models.BooleanField(
        _("at least this many scenes"), default=False, help_text=_("The source says “over”; shown as “40+”.")
    )
    area_sqm = models.DecimalField(_("area (m²)"), max_digits=12, decimal_places=0, null=True, blank=True)
    opened_on = models.DateField(_("opened"), null=True, blank=True)

    class Meta:
        ordering = ["district", "name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_sqm__isnull=True) | Q(area_sqm__gte=0), name="facility_area_not_negative"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def scene_count_display(self) -> str:
        text = format_number(self.scene_count)
        return format_at_least(text) if self.scene_count_is_lower_bound else text


class ServiceCenter(DistrictRecord):
    class Kind(models.TextChoices):
        FAST_TRACK = "fast_track", _("Fast-track approval")
        CONTENT_REVIEW = "content_review", _("Content review")
        COPYRIGHT = "copyright", _("Copyright protection and trading")
        COLLABORATION = "collaboration", _("Film and television collaboration")
        ARTISTIC_GUIDANCE = "artistic_guidance", _("Artistic guidance")

    class Status(models.TextChoices):
        OPERATING = "operating", _("Operating")
        PLANNED = "planned", _("Planned")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="service_centers"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPERATING)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["district", "kind", "name"]
        verbose_name = _("service center")
        verbose_name_plural = _("service centers")

    def __str__(self):
        return self.name


class TalentProgramme(DistrictRecord):
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="talent_programmes"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sessions_per_year = models.PositiveIntegerField(_("sessions a year"), null=True, blank=True)

    class Meta:
        ordering = ["district", "name"]
        verbose_name = _("talent programme")
        verbose_name_plural = _("talent programmes")

    def __str__(self):
        return self.name


class InvestmentContact(models.Model):
    """The investment-promotion office that answers inquiries for a district."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="contact")
    office = models.CharField(_("office"), max_length=200)
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    office_hours = models.CharField(
        _("office hours"), max_length=200, blank=True, help_text=_("As the bureau publishes them; empty when unknown.")
    )
    wechat_account = models.CharField(
        _("WeChat official account"),
        max_length=100,
        blank=True,
        help_text=_("The bureau's own official account name or ID, as a source gives it."),
    )
    inquiry_recipients = models.CharField(
        _("inquiry recipients"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated staff addresses that receive inquiries; the site default when empty."),
    )

    class Meta:
        verbose_name = _("investment contact")
        verbose_name_plural = _("investment contacts")

    def __str__(self):
        return self.office


class Inquiry(ConsentRecord):
    """An investor asking a district's bureau to get in touch; the bureau follows it up to a close."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_CONTACT = "in_contact", _("In contact")
        VISITED = "visited", _("Visited")
        SETTLED = "settled", _("Settled in the district")
        CLOSED = "closed", _("Closed")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="inquiries"
    )
    company = models.CharField(_("company"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=100)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    segment = models.CharField(_("value-chain segment"), max_length=20, choices=ValueChainSegment, blank=True)
    message = models.TextField(_("message"), max_length=4000)
    consent = models.BooleanField(_("consented to be contacted"))
    language = models.CharField(_("language"), max_length=10)
    context = models.JSONField(_("context"), default=dict, blank=True, help_text=_("What the investor was looking at."))
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.NEW)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_inquiries",
        help_text=_("Who in the bureau follows this inquiry up."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("For the bureau only; never sent to the investor."))
    first_replied_at = models.DateTimeField(
        _("first reply"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the bureau first moved the inquiry on from “new”: the time to its first reply."),
    )
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        constraints = [models.CheckConstraint(condition=Q(consent=True), name="inquiry_requires_consent")]
        indexes = [
            models.Index(fields=["district", "status", "created_at"]),
            # The leads dashboard reads a district's inquiries of a period, whatever their status.
            models.Index(fields=["district", "created_at"], name="inquiry_district_received"),
        ]

    def __str__(self):
        return f"{self.company} → {self.district}"

    def save(self, *args, **kwargs):
        # Every way the bureau moves an inquiry on (its form, the list's actions) saves it: the first such
        # save is its first reply, kept for the leads dashboard's time to first reply.
        if self.status != self.Status.NEW and self.first_replied_at is None:
            self.first_replied_at = timezone.now()
            if update_fields := kwargs.get("update_fields"):
                kwargs["update_fields"] = {*update_fields, "first_replied_at"}
        super().save(*args, **kwargs)

    def clean(self):
        # The owner must be able to open the inquiry: an administrator or an editor of its district.
        owner = self.owner
        if owner is None or owner.is_superuser or self.district_id is None:
            return
        if not self.district.editors.filter(pk=owner.pk).exists():
            raise ValidationError({"owner": _("Choose an editor of %(district)s.") % {"district": self.district}})
