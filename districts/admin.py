from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from districts import models
from haizhu_portal.admin_site import ChoicesAsCheckboxes


class KeyFigureInline(TranslationTabularInline):
    model = models.KeyFigure
    extra = 0
    autocomplete_fields = ["source"]


class IndustrialFundInline(TranslationStackedInline):
    model = models.IndustrialFund
    extra = 0
    autocomplete_fields = ["source"]


class FacilityInline(TranslationStackedInline):
    model = models.Facility
    extra = 0
    autocomplete_fields = ["source"]


class ServiceCenterInline(TranslationStackedInline):
    model = models.ServiceCenter
    extra = 0
    autocomplete_fields = ["source"]


class TalentProgrammeInline(TranslationStackedInline):
    model = models.TalentProgramme
    extra = 0
    autocomplete_fields = ["source"]


class InvestmentContactInline(TranslationStackedInline):
    model = models.InvestmentContact
    extra = 0


@admin.register(models.District)
class DistrictAdmin(TranslationAdmin):
    list_display = ["name", "city", "province", "slug", "is_published", "display_order"]
    list_editable = ["is_published", "display_order"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    view_on_site = True
    inlines = [
        InvestmentContactInline,
        KeyFigureInline,
        IndustrialFundInline,
        FacilityInline,
        ServiceCenterInline,
        TalentProgrammeInline,
    ]


@admin.register(models.Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["publisher", "title", "published_on"]
    search_fields = ["publisher", "title", "url"]


@admin.register(models.Incentive)
class IncentiveAdmin(ChoicesAsCheckboxes, TranslationAdmin):
    list_display = ["title", "district", "category", "max_amount_cny", "amount_basis", "valid_until", "is_illustrative"]
    list_filter = ["district", "category", "is_illustrative"]
    search_fields = ["title_zh_hans", "title_en", "summary_zh_hans", "summary_en", "policy_document"]
    autocomplete_fields = ["source"]
    list_select_related = ["district"]
    view_on_site = True


@admin.register(models.Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ["company", "district", "contact_name", "segment", "created_at", "handled"]
    list_filter = ["district", "handled", "segment"]
    search_fields = ["company", "contact_name", "email"]
    list_select_related = ["district"]
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
    ]
    date_hierarchy = "created_at"
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        queryset.update(handled=True)
