from django.contrib import admin, messages
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from enterprises.models import Enterprise
from foundation.permissions import ScopedAdminMixin, in_scope, is_administrator, related_only
from meetings.forms import SlotsGenerateForm
from meetings.models import Desk, Meeting, MeetingProgramme, Slot
from meetings.services import MeetingError, meeting_decide, slots_generate

# A desk is reached by the organisers of its event and the editors of its district (or its enterprise's).
DESK_DISTRICTS = ("district", "enterprise__district")


@admin.register(MeetingProgramme)
class MeetingProgrammeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    event_paths = ("event",)
    list_display = ["event", "is_open"]
    list_select_related = ["event"]


@admin.register(Desk)
class DeskAdmin(ScopedAdminMixin, admin.ModelAdmin):
    district_paths = DESK_DISTRICTS
    event_paths = ("event",)
    list_display = ["__str__", "event", "kind", "contact_email", "language", "accepted_at"]
    list_filter = ["kind", related_only("event")]
    list_select_related = ["event", "district", "enterprise"]
    fields = ["event", "kind", "district", "enterprise", "contact_email", "language", "accepted_at"]
    actions = ["generate_slots", "record_acceptance"]

    def get_readonly_fields(self, request, obj=None):
        # Who a desk is and where it takes part stay as set: its district's editors keep its contact up to date.
        if obj is not None and not is_administrator(request.user):
            return ["event", "kind", "district", "enterprise"]
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "enterprise":
            # Only a listed enterprise takes part.
            kwargs["queryset"] = Enterprise.objects.published()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Record that the selected desks accepted to take part"), permissions=["change"])
    def record_acceptance(self, request, queryset):
        count = queryset.filter(accepted_at__isnull=True).update(accepted_at=timezone.now())
        text = ngettext("%(count)d desk recorded as taking part.", "%(count)d desks recorded as taking part.", count)
        messages.success(request, text % {"count": count})

    @admin.action(description=_("Generate time slots for the selected desk"), permissions=["change"])
    def generate_slots(self, request, queryset):
        desks = list(queryset.select_related("event", "district", "enterprise")[:2])
        if len(desks) != 1:
            messages.error(request, _("Choose exactly one desk to generate its slots."))
            return None
        desk = desks[0]
        form = SlotsGenerateForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            try:
                slots = slots_generate(desk=desk, **form.cleaned_data)
            except MeetingError as error:
                form.add_error(None, error.message)
            else:
                text = ngettext("%(count)d time slot created.", "%(count)d time slots created.", len(slots))
                messages.success(request, text % {"count": len(slots)})
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Generate time slots"),
            "desk": desk,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "meetings/admin/generate_slots.html", context, status=400 if form.errors else 200)


@admin.register(Slot)
class SlotAdmin(ScopedAdminMixin, admin.ModelAdmin):
    district_paths = tuple(f"desk__{path}" for path in DESK_DISTRICTS)
    event_paths = ("desk__event",)
    list_display = ["desk", "table", "starts_at", "ends_at"]
    list_filter = [related_only("desk__event"), "table"]
    list_select_related = ["desk__event", "desk__district", "desk__enterprise"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "desk":
            kwargs["queryset"] = in_scope(
                request.user,
                Desk.objects.select_related("district", "enterprise"),
                districts=DESK_DISTRICTS,
                events=["event"],
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Desks answer requests here; the meeting itself changes only through the services (emails, .ics)."""

    district_paths = tuple(f"slot__desk__{path}" for path in DESK_DISTRICTS)
    event_paths = ("slot__desk__event",)
    list_display = ["registration_name", "organisation", "slot", "status", "created_at"]
    list_filter = ["status", related_only("slot__desk__event")]
    list_select_related = ["registration", "slot__desk__district", "slot__desk__enterprise"]
    search_fields = ["registration__full_name", "registration__organisation"]
    fields = ["slot", "registration", "note", "status", "created_at", "status_changed_at", "decided_by"]
    readonly_fields = fields
    actions = ["accept_meetings", "decline_meetings"]

    @admin.display(description=_("attendee"), ordering="registration__full_name")
    def registration_name(self, meeting):
        return meeting.registration.full_name

    @admin.display(description=_("organisation"))
    def organisation(self, meeting):
        return meeting.registration.organisation

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Accept the selected meeting requests"), permissions=["change"])
    def accept_meetings(self, request, queryset):
        self._decide(request, queryset, accept=True)

    @admin.action(description=_("Decline the selected meeting requests"), permissions=["change"])
    def decline_meetings(self, request, queryset):
        self._decide(request, queryset, accept=False)

    def _decide(self, request, queryset, *, accept: bool):
        done, refused = 0, 0
        for meeting in queryset:
            try:
                meeting_decide(meeting=meeting, accept=accept, decided_by=request.user)
            except MeetingError:
                refused += 1
            else:
                done += 1
        if accept:
            text = ngettext("%(count)d meeting accepted.", "%(count)d meetings accepted.", done)
        else:
            text = ngettext("%(count)d meeting declined.", "%(count)d meetings declined.", done)
        messages.success(request, text % {"count": done})
        if refused:
            text = ngettext(
                "%(count)d meeting was no longer waiting for an answer and was left as it is.",
                "%(count)d meetings were no longer waiting for an answer and were left as they are.",
                refused,
            )
            messages.warning(request, text % {"count": refused})
