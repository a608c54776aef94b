from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
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


class Source(models.Model):
    """Where a fact comes from: every figure on the portal names one."""

    publisher = models.CharField(_("publisher"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
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
        constraints = [models.UniqueConstraint(fields=["publisher", "title"], name="source_unique_title")]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

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


class DistrictRecord(models.Model):
    """Fields every fact attached to a district shares: its source and whether it is illustrative."""

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT, null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Example content, not a sourced fact; shown with a label.")
    )

    class Meta:
        abstract = True


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


# How an incentive fits a company's stage or segments; the finder ranks a named fit above "open to all".
NAMED, OPEN_TO_ALL, NO_FIT = 2, 1, 0


def incentive_open_on(day) -> Q:
    """The one rule for "open": started by `day` and not yet over, and an application round without dates
    closes after its year; a date not published does not limit."""
    return (
        (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        & (Q(application_year__isnull=True) | Q(application_year__gte=day.year))
    )


def incentive_accepts(field: str, values) -> Q:
    """The one eligibility rule: an incentive accepts a company when it names one of its stages (or segments),
    or names none, which means every one."""
    return Q(**{field: []}) | Q(**{f"{field}__overlap": list(values)})


def incentive_fit(field: str, values):
    return models.Case(
        models.When(Q(**{field: []}), then=models.Value(OPEN_TO_ALL)),
        models.When(incentive_accepts(field, values), then=models.Value(NAMED)),
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

    def with_fit(self, *, stage: str, segments):
        """`stage_fit` and `segment_fit` on each incentive: NAMED, OPEN_TO_ALL or NO_FIT."""
        return self.annotate(
            stage_fit=incentive_fit("stages", [stage]), segment_fit=incentive_fit("segments", segments)
        )


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

    class AmountBasis(models.TextChoices):
        PER_YEAR = "per_year", _("per year")
        PER_WORK = "per_work", _("per work")
        ONE_OFF = "one_off", _("one-off")
        TOTAL = "total", _("programme total")

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="incentives"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    category = models.CharField(_("category"), max_length=20, choices=Category)
    max_amount_cny = models.DecimalField(
        _("maximum amount (CNY)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    amount_basis = models.CharField(_("amount basis"), max_length=20, choices=AmountBasis, blank=True)
    stages = ArrayField(
        models.CharField(max_length=20, choices=CompanyStage),
        verbose_name=_("eligible company stages"),
        default=list,
        blank=True,
        help_text=_("Empty means every stage."),
    )
    segments = ArrayField(
        models.CharField(max_length=20, choices=ValueChainSegment),
        verbose_name=_("eligible value-chain segments"),
        default=list,
        blank=True,
        help_text=_("Empty means every segment."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    application_year = models.PositiveSmallIntegerField(
        _("application round"),
        null=True,
        blank=True,
        help_text=_("The year a published application guide covers, when it gives no dates; closed after that year."),
    )
    is_micro_drama_specific = models.BooleanField(
        _("specific to micro-drama"),
        default=True,
        help_text=_(
            "A general measure (a licence reform, a culture fund) is listed but not counted as a micro-drama incentive."
        ),
    )
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    documents = models.TextField(_("documents to prepare"), blank=True)
    policy_document = models.CharField(_("policy document"), max_length=300, blank=True)
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

    @property
    def amount_display(self) -> str:
        """每年最高80万元 / up to 800,000 yuan a year; 总额3亿元 / 300 million yuan in total."""
        if self.max_amount_cny is None:
            return gettext("No amount published")
        phrase = {
            self.AmountBasis.PER_YEAR: gettext("up to %(amount)s a year"),
            self.AmountBasis.PER_WORK: gettext("up to %(amount)s per work"),
            self.AmountBasis.ONE_OFF: gettext("up to %(amount)s, one-off"),
            self.AmountBasis.TOTAL: gettext("%(amount)s in total for the programme"),
        }.get(self.amount_basis, gettext("up to %(amount)s"))
        return phrase % {"amount": format_amount(self.max_amount_cny)}

    @property
    def offers_per_company_maximum(self) -> bool:
        """Whether max_amount_cny is what one company can receive from an open micro-drama incentive:
        never a programme's total budget, a closed incentive's amount or a general measure's.
        Open on the day the incentive was read for, by IncentiveQuerySet.with_open_flag."""
        return (
            self.max_amount_cny is not None
            and self.amount_basis != self.AmountBasis.TOTAL
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
    is_micro_drama_specific = models.BooleanField(_("specific to micro-drama"), default=True)

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
    personal_data_erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        constraints = [models.CheckConstraint(condition=Q(consent=True), name="inquiry_requires_consent")]
        indexes = [models.Index(fields=["district", "status", "created_at"])]

    def __str__(self):
        return f"{self.company} → {self.district}"

    def clean(self):
        # The owner must be able to open the inquiry: an administrator or an editor of its district.
        owner = self.owner
        if owner is None or owner.is_superuser or self.district_id is None:
            return
        if not self.district.editors.filter(pk=owner.pk).exists():
            raise ValidationError({"owner": _("Choose an editor of %(district)s.") % {"district": self.district}})
