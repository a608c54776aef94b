import csv

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from reversion.admin import VersionAdmin

from districts import models
from districts.formatting import format_amount
from foundation.admin_fields import ChoicesAsCheckboxes
from foundation.permissions import ScopedAdminMixin, is_administrator, related_only
from foundation.spreadsheets import cell_safe

# Where each record's facts come from, in the same place on every form; modeltranslation shows the
# caveat in both languages.
SOURCING = (
    _("Level, scope and source"),
    {"fields": [("level", "scope"), "source", "further_sources", "caveat", "is_illustrative"]},
)


class DistrictRecordInline(TranslationStackedInline):
    """A district's facts edited on its page; each form refuses, on the field concerned, what the model's
    clean() refuses (a record without a source unless illustrative)."""

    extra = 0
    autocomplete_fields = ["source", "further_sources"]


class KeyFigureInline(DistrictRecordInline):
    model = models.KeyFigure
    fieldsets = [
        (None, {"fields": ["label", ("value", "unit"), ("is_amount_cny", "is_lower_bound")]}),
        (None, {"fields": [("as_of", "date_meaning"), ("is_headline", "display_order")]}),
        SOURCING,
    ]


class IndustrialFundInline(DistrictRecordInline):
    model = models.IndustrialFund
    fieldsets = [(None, {"fields": ["name", ("size_cny", "established_on"), "focus"]}), SOURCING]


class FacilityInline(DistrictRecordInline):
    model = models.Facility
    fieldsets = [
        (None, {"fields": ["name", "kind", ("scene_count", "scene_count_is_lower_bound"), "area_sqm", "opened_on"]}),
        (None, {"fields": ["description"]}),
        SOURCING,
    ]


class ServiceCenterInline(DistrictRecordInline):
    model = models.ServiceCenter
    fieldsets = [(None, {"fields": ["name", ("kind", "status"), "description"]}), SOURCING]


class TalentProgrammeInline(DistrictRecordInline):
    model = models.TalentProgramme
    fieldsets = [(None, {"fields": ["name", "sessions_per_year", "description"]}), SOURCING]


class InvestmentContactInline(TranslationStackedInline):
    model = models.InvestmentContact
    extra = 0


@admin.register(models.District)
class DistrictAdmin(ScopedAdminMixin, VersionAdmin, TranslationAdmin):
    district_paths = ("pk",)
    list_display = ["name", "city", "province", "slug", "is_host", "is_published", "display_order"]
    list_editable = ["is_published", "display_order"]
    list_filter = ["is_host", "is_published"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    view_on_site = True
    filter_horizontal = ["editors"]
    inlines = [
        InvestmentContactInline,
        KeyFigureInline,
        IndustrialFundInline,
        FacilityInline,
        ServiceCenterInline,
        TalentProgrammeInline,
    ]

    def get_readonly_fields(self, request, obj=None):
        # Who edits which district is decided by administrators.
        readonly = super().get_readonly_fields(request, obj)
        return readonly if is_administrator(request.user) else [*readonly, "editors"]

    def has_add_permission(self, request):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)


@admin.register(models.Source)
class SourceAdmin(VersionAdmin):
    list_display = ["publisher", "title", "title_as_published", "kind", "published_on", "read_via"]
    list_filter = ["kind", "title_as_published"]
    search_fields = ["publisher", "publisher_english", "title", "title_english", "url"]
    fieldsets = [
        (None, {"fields": [("publisher", "publisher_english"), ("title", "title_as_published"), "title_english"]}),
        (None, {"fields": ["url", "published_on"]}),
        (_("Where it was read"), {"fields": [("kind", "read_via"), "read_on"]}),
    ]


class ValidityFilter(admin.SimpleListFilter):
    """Open today, closed, or with no published date: the rule of the public pages (incentive_open_on)."""

    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return models.Incentive.Validity.choices

    def queryset(self, request, queryset):
        today = timezone.localdate()
        Validity = models.Incentive.Validity
        conditions = {
            Validity.OPEN: models.incentive_open_on(today),
            Validity.CLOSED: models.incentive_dates_published() & ~models.incentive_open_on(today),
            Validity.NOT_PUBLISHED: ~models.incentive_dates_published(),
        }
        return queryset.filter(conditions[self.value()]) if self.value() in conditions else queryset


@admin.register(models.Incentive)
class IncentiveAdmin(ScopedAdminMixin, ChoicesAsCheckboxes, VersionAdmin, TranslationAdmin):
    district_paths = ("district",)
    list_display = [
        "title",
        "district",
        "category",
        "amount",
        "amount_basis",
        "amount_is_maximum",
        "validity_display",
        "scope",
        "level",
        "is_illustrative",
    ]
    list_filter = [
        related_only("district"),
        "category",
        "scope",
        "level",
        "amount_for",
        "amount_period",
        "amount_is_maximum",
        ValidityFilter,
        "application_year",
        "eligibility_published",
        "is_illustrative",
    ]
    search_fields = ["title_zh_hans", "title_en", "summary_zh_hans", "summary_en", "policy_document"]
    autocomplete_fields = ["source", "further_sources"]
    list_select_related = ["district"]
    view_on_site = True
    fieldsets = [
        (None, {"fields": ["district", "title", "summary", "category"]}),
        # The amount with whom it is for and over what period, so none is saved without the others.
        (_("Amount"), {"fields": [("max_amount_cny", "amount_for", "amount_period", "amount_is_maximum")]}),
        (_("Who qualifies"), {"fields": ["eligibility_published", "stages", "segments"]}),
        (_("Dates"), {"fields": [("valid_from", "valid_until", "application_year")]}),
        (
            _("How to apply"),
            {"fields": ["how_to_apply", "documents", ("policy_document", "policy_document_english")]},
        ),
        SOURCING,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_open_flag()

    @admin.display(
        description=models.Incentive._meta.get_field("max_amount_cny").verbose_name, ordering="max_amount_cny"
    )
    def amount(self, incentive):
        return "—" if incentive.max_amount_cny is None else format_amount(incentive.max_amount_cny)

    @admin.display(description=_("basis"))
    def amount_basis(self, incentive):
        return incentive.amount_basis_display or "—"

    @admin.display(description=_("validity"))
    def validity_display(self, incentive):
        return models.Incentive.Validity(incentive.validity).label


@admin.register(models.Inquiry)
class InquiryAdmin(ScopedAdminMixin, VersionAdmin):
    district_paths = ("district",)
    list_display = ["company", "district", "contact_name", "segment", "created_at", "status", "owner"]
    list_filter = ["status", related_only("owner"), related_only("district"), "segment"]
    list_select_related = ["district", "owner"]
    search_fields = ["company", "contact_name", "email"]
    readonly_fields = [
        "district",
        "company",
        "contact_name",
        "email",
        "phone",
        "segment",
        "message",
        "consent",
        "language",
        "context",
        "created_at",
        "consent_at",
        "consent_notice_version",
        "personal_data_erased_at",
    ]
    fieldsets = [
        (_("Follow-up"), {"fields": ["status", "owner", "notes"]}),
        (
            _("What the investor sent"),
            {"fields": ["district", "company", "contact_name", "email", "phone", "segment", "message", "created_at"]},
        ),
        (
            _("Consent and context"),
            {
                "fields": [
                    "consent",
                    "consent_at",
                    "consent_notice_version",
                    "language",
                    "context",
                    "personal_data_erased_at",
                ]
            },
        ),
    ]
    date_hierarchy = "created_at"
    actions = ["assign_to_me", "mark_closed", "export_csv"]
    export_columns = [
        "created_at",
        "district",
        "company",
        "contact_name",
        "email",
        "phone",
        "segment",
        "message",
        "status",
        "owner",
        "language",
    ]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Assign the selected inquiries to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        self._update_each(request, queryset, owner=request.user)

    @admin.action(description=_("Close the selected inquiries"), permissions=["change"])
    def mark_closed(self, request, queryset):
        self._update_each(request, queryset, status=models.Inquiry.Status.CLOSED)

    @admin.action(description=_("Export the selected inquiries (CSV for Excel)"), permissions=["view"])
    def export_csv(self, request, queryset):
        """The selected inquiries within the staff member's reach (the action gets the scoped list), as CSV
        with a byte-order mark so Excel opens Chinese text correctly, every cell safe from formulas."""
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="inquiries-{timezone.localdate():%Y-%m-%d}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        fields = [models.Inquiry._meta.get_field(name) for name in self.export_columns]
        writer.writerow([capfirst(field.verbose_name) for field in fields])
        for inquiry in queryset.select_related("district", "owner").order_by("created_at", "pk"):
            writer.writerow(
                [
                    timezone.localtime(inquiry.created_at).strftime("%Y-%m-%d %H:%M"),
                    inquiry.district.name,
                    *(cell_safe(str(getattr(inquiry, name))) for name in ("company", "contact_name", "email", "phone")),
                    inquiry.get_segment_display(),
                    cell_safe(inquiry.message),
                    inquiry.get_status_display(),
                    inquiry.owner.get_username() if inquiry.owner else "",
                    inquiry.language,
                ]
            )
        return response

    def _update_each(self, request, queryset, **values):
        # One save per inquiry, so that each change is checked and recorded like a change made in its form.
        changed = 0
        for inquiry in queryset.select_related("district"):
            for name, value in values.items():
                setattr(inquiry, name, value)
            try:
                inquiry.full_clean()
            except ValidationError as error:
                self.message_user(request, f"{inquiry}: {' '.join(error.messages)}", messages.ERROR)
                continue
            inquiry.save()
            changed += 1
        text = ngettext("%(count)d inquiry changed.", "%(count)d inquiries changed.", changed)
        self.message_user(request, text % {"count": changed}, messages.SUCCESS)
