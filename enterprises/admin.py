import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from reversion.admin import VersionAdmin

from districts.formatting import format_labels
from districts.models import ValueChainSegment
from enterprises import models
from enterprises.forms import OneNameRequired
from enterprises.resources import EnterpriseResource
from enterprises.services import (
    ReviewError,
    enterprise_approve,
    enterprise_reject,
    enterprises_publish,
    enterprises_unpublish,
)
from foundation.audit import bulk_change_recorded
from foundation.images import LogoField, PhotoField
from foundation.permissions import ScopedAdminMixin, related_only


class WorkInline(TranslationTabularInline):
    model = models.Work
    extra = 0
    autocomplete_fields = ["source"]


class PhotoForm(forms.ModelForm):
    class Meta:
        field_classes = {"image": PhotoField}


class PhotoInline(TranslationStackedInline):
    model = models.Photo
    form = PhotoForm
    extra = 0


class EnterpriseForm(OneNameRequired, forms.ModelForm):
    segments = forms.MultipleChoiceField(
        label=_("Value-chain segments"), choices=ValueChainSegment.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        field_classes = {"logo": LogoField}


class RejectionForm(forms.Form):
    note = forms.CharField(
        label=_("Reason sent to the companies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Leave empty to send the note already written on each listing, if any."),
    )


class SegmentFilter(admin.SimpleListFilter):
    title = _("value-chain segment")
    parameter_name = "segment"

    def lookups(self, request, model_admin):
        return ValueChainSegment.choices

    def queryset(self, request, queryset):
        if self.value() in ValueChainSegment.values:
            return queryset.filter(segments__contains=[self.value()])
        return queryset


@admin.register(models.Enterprise)
class EnterpriseAdmin(ScopedAdminMixin, ImportExportMixin, VersionAdmin, TranslationAdmin):
    district_paths = ("district",)
    form = EnterpriseForm
    list_display = [
        "name",
        "district",
        "segment_labels",
        "state",
        "is_verified",
        "is_illustrative",
        "created_at",
        "public_page",
    ]
    list_filter = ["state", related_only("district"), "is_verified", "size_band", "is_illustrative", SegmentFilter]
    list_select_related = ["district"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["source"]
    view_on_site = True
    inlines = [WorkInline, PhotoInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "slug",
                    "name",
                    "district",
                    "segments",
                    "founded_year",
                    "size_band",
                    "website",
                    "logo",
                    "summary",
                    "description",
                ]
            },
        ),
        (
            _("Publication"),
            {
                "fields": ["state", "is_verified", "is_illustrative", "source"],
                "description": _(
                    "A submission waiting for review is approved or declined from the list of enterprises "
                    "(select it, then choose the action), so that the company is told by email."
                ),
            },
        ),
        (
            _("Submission and review"),
            {
                "fields": [
                    "contact_name",
                    "contact_email",
                    "submission_language",
                    "created_at",
                    "review_note",
                    "reviewed_at",
                    "reviewed_by",
                ]
            },
        ),
    ]
    actions = ["approve_submissions", "reject_submissions", "publish", "unpublish"]

    resource_classes = [EnterpriseResource]
    import_formats = [base_formats.CSV]
    export_formats = [base_formats.CSV]
    # Every column, always, so an exported file can be edited and imported again.
    export_form_class = ExportForm
    # UTF-8 with a byte-order mark: Excel then reads Chinese names correctly.
    to_encoding = "utf-8-sig"

    def get_readonly_fields(self, request, obj=None):
        readonly = ["submission_language", "created_at", "reviewed_at", "reviewed_by"]
        if obj is not None and obj.state == models.Enterprise.State.PENDING:
            # A submission is decided with the approve and decline actions, so the company is told.
            readonly.append("state")
        return readonly

    def has_import_permission(self, request):
        # An import both creates and changes listings.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_filename(self, request, queryset, file_format):
        # The date staff see on their calendar in Guangzhou, not the server's UTC date.
        return f"enterprises-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    @admin.display(description=_("segments"))
    def segment_labels(self, enterprise):
        return format_labels(enterprise.get_segments_display())

    @admin.display(description=_("public page"))
    def public_page(self, enterprise):
        label = _("View") if enterprise.is_published else _("Preview")
        return format_html('<a href="{}">{}</a>', enterprise.get_absolute_url(), label)

    @admin.action(description=_("Approve the selected submissions (the company is told)"), permissions=["change"])
    def approve_submissions(self, request, queryset):
        self._review_each(request, queryset, enterprise_approve)

    @admin.action(description=_("Decline the selected submissions (the company is told)"), permissions=["change"])
    def reject_submissions(self, request, queryset):
        form = RejectionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._review_each(request, queryset, enterprise_reject, note=form.cleaned_data["note"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decline submissions"),
            "opts": self.opts,
            "form": form,
            "pending": queryset.filter(state=models.Enterprise.State.PENDING),
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/enterprises/enterprise/reject_confirmation.html", context)

    def _review_each(self, request, queryset, review, **options):
        decided = skipped = 0
        for enterprise in queryset:
            try:
                review(enterprise=enterprise, reviewer=request.user, **options)
            except ReviewError:
                skipped += 1
                continue
            decided += 1
        if decided:
            text = ngettext(
                "%(count)d listing decided; the company is told by email.",
                "%(count)d listings decided; the companies are told by email.",
                decided,
            )
            self.message_user(request, text % {"count": decided}, messages.SUCCESS)
        if skipped:
            text = ngettext(
                "%(count)d listing was not waiting for review and was left as it was.",
                "%(count)d listings were not waiting for review and were left as they were.",
                skipped,
            )
            self.message_user(request, text % {"count": skipped}, messages.WARNING)

    def process_import(self, request, **kwargs):
        # Every row an import creates or changes is one revision of the audit trail, under the importer's name.
        with self.create_revision(request):
            reversion.set_comment(_("Imported from a CSV file"))
            return super().process_import(request, **kwargs)

    @admin.action(description=_("Publish the selected listings"), permissions=["change"])
    def publish(self, request, queryset):
        published = bulk_change_recorded(
            queryset, lambda rows: enterprises_publish(queryset=rows), {"state": models.Enterprise.State.PUBLISHED}
        )
        text = ngettext("%(count)d listing published.", "%(count)d listings published.", published)
        self.message_user(request, text % {"count": published}, messages.SUCCESS)
        waiting = queryset.filter(state=models.Enterprise.State.PENDING).count()
        if waiting:
            text = ngettext(
                "%(count)d listing waits for review: approve it instead, so the company is told.",
                "%(count)d listings wait for review: approve them instead, so the companies are told.",
                waiting,
            )
            self.message_user(request, text % {"count": waiting}, messages.WARNING)

    @admin.action(description=_("Unpublish the selected listings"), permissions=["change"])
    def unpublish(self, request, queryset):
        unpublished = bulk_change_recorded(
            queryset, lambda rows: enterprises_unpublish(queryset=rows), {"state": models.Enterprise.State.UNPUBLISHED}
        )
        text = ngettext("%(count)d listing unpublished.", "%(count)d listings unpublished.", unpublished)
        self.message_user(request, text % {"count": unpublished}, messages.SUCCESS)
