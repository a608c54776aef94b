from django import forms
from django.contrib import admin, messages
from django.db import models as django_models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from reversion.admin import VersionAdmin

from events import models
from events.dates import event_when
from events.permissions import event_district_choices
from events.services import (
    ERROR_MESSAGES,
    RegistrationError,
    event_cancelled_notify,
    registration_cancel,
    seats_free_to_hold,
    session_waiting_lists_fill,
    waiting_list_fill,
)
from foundation.admin_fields import ViewOnly
from foundation.images import PhotoField
from foundation.permissions import ScopedAdminMixin, is_administrator, related_only


class AgendaItemInline(TranslationTabularInline):
    """The agenda; an item with session seats takes bookings of its own, counted beside it."""

    model = models.AgendaItem
    extra = 0
    filter_horizontal = ["speakers"]
    readonly_fields = ["session_counts"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_booking_counts()

    @admin.display(description=_("booked / seats, waiting"))
    def session_counts(self, item):
        if item.pk is None or item.capacity is None:
            return "—"
        return _("%(booked)s / %(capacity)s, %(waiting)s waiting") % {
            "booked": item.booked,
            "capacity": item.capacity,
            "waiting": item.waiting,
        }


class SpeakerInline(TranslationStackedInline):
    model = models.Speaker
    extra = 0


class QuestionInline(TranslationStackedInline):
    """The event's own questions on its registration form; people's answers keep the wording they saw."""

    model = models.Question
    extra = 0
    fields = ["label", "kind", "choices", "required", "show_at_door", "display_order"]


class InvitationCodeAdminForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        # Only seats free now may be held, as on the organiser page; seats the code holds already stay its own.
        more = (cleaned_data.get("held_seats") or 0) - (self.instance.held_seats if self.instance.pk else 0)
        if more > 0 and more > seats_free_to_hold(self.instance.event):
            self.add_error("held_seats", ERROR_MESSAGES["too_many_held"])
        return cleaned_data


class InvitationCodeInline(admin.TabularInline):
    """One code at a time; a batch is made on the organiser page (Invitation codes), which also exports it."""

    model = models.InvitationCode
    form = InvitationCodeAdminForm
    extra = 0
    fields = [
        "label",
        "code",
        "max_uses",
        "uses",
        "expires_at",
        "held_seats",
        "may_register_when_closed",
        "withdrawn_at",
    ]
    readonly_fields = ["code", "uses", "withdrawn_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_uses()

    @admin.display(description=_("used"))
    def uses(self, code):
        return getattr(code, "used", 0) if code.pk else 0


class AnswerInline(ViewOnly, admin.TabularInline):
    """A registration's answers as the person was shown the questions: read only, like the registration's status."""

    model = models.Answer
    extra = 0
    can_delete = False
    fields = ["question_label", "answer", "answered_at"]
    readonly_fields = fields

    @admin.display(description=_("answer"))
    def answer(self, answer):
        return answer.shown_value

    def has_view_permission(self, request, obj=None):
        # Whoever may see the registration (an organiser of its event) sees what the person answered.
        return self.admin_site.get_model_admin(self.parent_model).has_view_permission(request, obj)


@admin.register(models.Event)
class EventAdmin(ScopedAdminMixin, VersionAdmin, TranslationAdmin):
    event_paths = ("pk",)
    list_display = [
        "title",
        "district",
        "when",
        "state",
        "capacity",
        "confirmed",
        "waiting",
        "registrations",
        "is_illustrative",
        "organiser_page",
    ]
    list_filter = ["state", related_only("district"), "is_illustrative"]
    search_fields = ["title_zh_hans", "title_en", "venue_zh_hans", "venue_en", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    date_hierarchy = "starts_at"
    autocomplete_fields = ["source"]
    filter_horizontal = ["organisers"]
    inlines = [SpeakerInline, AgendaItemInline, QuestionInline, InvitationCodeInline]
    readonly_fields = ["attendee_data_erased_at"]
    # Cover images go through the same checks and re-encoding as every other upload.
    formfield_overrides = {django_models.ImageField: {"form_class": PhotoField}}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("district").with_seat_counts()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "district" in form.base_fields:
            form.base_fields["district"].queryset = event_district_choices(request.user, obj)
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not is_administrator(request.user):
            # An organiser who creates an event runs it.
            form.instance.organisers.add(request.user)
        if change and "state" in form.changed_data and form.instance.state == models.Event.State.CANCELLED:
            told = event_cancelled_notify(event=form.instance)
            text = ngettext(
                "%(count)d registered person is told by email that the event is cancelled.",
                "%(count)d registered people are told by email that the event is cancelled.",
                told,
            )
            messages.info(request, text % {"count": told})
            return
        # Sessions given more seats confirm the people waiting for them, in order.
        session_promoted = session_waiting_lists_fill(event=form.instance)
        if session_promoted:
            text = ngettext(
                "%(count)d person waiting for a session now has a seat in it and is told by email.",
                "%(count)d people waiting for sessions now have a seat and are told by email.",
                len(session_promoted),
            )
            messages.info(request, text % {"count": len(session_promoted)})
        # A larger room (or a re-published event) gives seats to the people waiting, in order.
        promoted = waiting_list_fill(event=form.instance)
        if promoted:
            text = ngettext(
                "%(count)d person on the waiting list is now confirmed and told by email.",
                "%(count)d people on the waiting list are now confirmed and told by email.",
                len(promoted),
            )
            messages.info(request, text % {"count": len(promoted)})

    @admin.display(description=_("when"), ordering="starts_at")
    def when(self, event):
        # As on the public pages: the day alone where no time is published, never "midnight".
        return event_when(event, html=False)

    @admin.display(description=_("registrations"))
    def registrations(self, event):
        url = reverse("admin:events_registration_changelist") + f"?event__id__exact={event.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Registrations"))

    @admin.display(description=_("confirmed"), ordering="confirmed")
    def confirmed(self, event):
        return event.confirmed

    @admin.display(description=_("waiting"), ordering="waiting")
    def waiting(self, event):
        return event.waiting

    @admin.display(description=_("attendees"))
    def organiser_page(self, event):
        return format_html(
            '<a href="{}">{}</a>', reverse("events:organise", kwargs={"slug": event.slug}), _("Attendees and check-in")
        )


@admin.register(models.Registration)
class RegistrationAdmin(ScopedAdminMixin, VersionAdmin):
    event_paths = ("event",)
    list_display = [
        "full_name",
        "organisation",
        "email",
        "event",
        "status",
        "invitation_code",
        "created_at",
        "checked_in_at",
    ]
    list_filter = ["status", "role", related_only("event")]
    search_fields = ["full_name", "email", "organisation", "ticket_code"]
    list_select_related = ["event", "invitation_code"]
    inlines = [AnswerInline]
    # Status changes go through the services (cancel on the manage page) so the waiting list stays in order.
    readonly_fields = [
        "event",
        "status",
        "ticket_code",
        "invitation_code",
        "created_at",
        "status_changed_at",
        "language",
        "consent",
        "consent_at",
        "consent_notice_version",
        "reminder_sent_at",
        "personal_data_erased_at",
    ]
    fields = [
        "event",
        "full_name",
        "email",
        "organisation",
        "role",
        "phone",
        "consent",
        "consent_at",
        "consent_notice_version",
        "language",
        "status",
        "ticket_code",
        "invitation_code",
        "created_at",
        "status_changed_at",
        "checked_in_at",
        "reminder_sent_at",
        "personal_data_erased_at",
    ]

    actions = ["cancel_registrations"]

    def has_add_permission(self, request):
        return False

    @admin.action(
        description=_("Cancel the selected registrations (the waiting list moves up)"), permissions=["change"]
    )
    def cancel_registrations(self, request, queryset):
        cancelled = 0
        for registration in queryset.select_related("event"):
            try:
                registration_cancel(registration=registration)
            except RegistrationError:
                continue
            cancelled += 1
        text = ngettext("%(count)d registration cancelled.", "%(count)d registrations cancelled.", cancelled)
        messages.success(request, text % {"count": cancelled})


@admin.register(models.SessionBooking)
class SessionBookingAdmin(ViewOnly, ScopedAdminMixin, admin.ModelAdmin):
    """Who holds which session, for the organisers of its event; bookings change on the ticket page (or by
    cancelling the registration), where the seats and waiting lists are kept in order."""

    event_paths = ("registration__event",)
    list_display = ["registration", "agenda_item", "status", "created_at", "status_changed_at"]
    list_filter = ["status", related_only("registration__event")]
    search_fields = ["registration__full_name", "registration__email", "registration__ticket_code"]
    list_select_related = ["registration__event", "agenda_item"]
    fields = ["registration", "agenda_item", "status", "created_at", "status_changed_at"]
    readonly_fields = fields
