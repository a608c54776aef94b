import csv
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django_permissions_policy.decorators import permissions_policy_override
from reversion.views import create_revision

from events.badges import DEFAULT_LAYOUT, LAYOUTS, badges_pdf
from events.calendar import event_calendar
from events.dates import event_when
from events.filters import EventFilter
from events.forms import (
    AnswersForm,
    AttendeeMessageForm,
    AttendeeSearchForm,
    CheckInForm,
    InvitationCodesForm,
    ManageLinkForm,
    QuestionFormSet,
    RegistrationForm,
    SessionsForm,
)
from events.models import AgendaItem, AttendeeMessage, Event, InvitationCode, Registration, normalise_ticket_code
from events.permissions import is_event_organiser, organiser_required
from events.registration_reads import answer_fields, event_questions, event_registered_for, event_sessions_offered
from events.selectors import (
    attendee_counts,
    attendee_list,
    badge_attendees,
    door_answers,
    event_sessions,
    export_answer_cells,
    export_columns,
    person_sessions,
    sessions_text,
    with_answers,
    with_sessions,
)
from events.services import (
    CODE_ERRORS,
    MESSAGE_LANGUAGES,
    CheckIn,
    RegistrationError,
    SessionError,
    invitation_code_find,
    invitation_codes_create,
    invitation_codes_withdraw,
    manage_link_resend,
    message_preview,
    message_recipient_counts,
    message_recipients,
    message_send,
    registration_answers_change,
    registration_cancel,
    registration_check_in,
    registration_create,
    sessions_choose,
    waiting_list_move_to_front,
)
from foundation import public_forms
from foundation.content_versions import EVENTS
from foundation.filtering import LenientFilterView
from foundation.json_ld import json_ld
from foundation.limits import manage_link_within_limits, registration_within_limits, too_many_requests
from foundation.page_cache import cached_public_page
from foundation.spreadsheets import cell_safe
from foundation.templatetags.times import datetime_attribute
from meetings.ticket import ticket_meetings


def events_with_seats():
    return Event.objects.visible().select_related("district", "source").with_seat_counts()


@method_decorator(cached_public_page(EVENTS), name="dispatch")
class EventListView(LenientFilterView):
    """Upcoming events, soonest first; with ?when=past, past events, latest first. Paginated either way."""

    template_name = "events/event_list.html"
    filterset_class = EventFilter
    context_object_name = "events"

    def showing_past(self) -> bool:
        return self.request.GET.get("when") == "past"

    def get_queryset(self):
        return events_with_seats().past() if self.showing_past() else events_with_seats().upcoming()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["showing_past"] = self.showing_past()
        filters = self.request.GET.copy()
        for name in (self.page_kwarg, "when"):
            filters.pop(name, None)
        context["filters_query"] = filters.urlencode()
        return context


@method_decorator(cached_public_page(EVENTS), name="dispatch")
class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return (
            events_with_seats()
            .select_related("meeting_programme")
            .prefetch_related(
                Prefetch("agenda_items", queryset=AgendaItem.objects.prefetch_related("speakers")), "speakers"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["json_ld"] = event_json_ld(self.request, self.object)
        context["can_organise"] = is_event_organiser(self.request.user, self.object)
        return context


def event_json_ld(request, event: Event) -> str:
    """schema.org Event data for the page's script element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or event.description,
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": event.venue,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address,
                "addressLocality": event.district.city,
                "addressRegion": event.district.province,
                "addressCountry": "CN",
            },
        },
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "inLanguage": get_language(),
        # No date is claimed for an event whose date is not published.
        **(
            {
                "startDate": event_moment(event.starts_at, event.times_announced),
                "endDate": event_moment(event.ends_at, event.times_announced),
            }
            if event.date_announced
            else {}
        ),
    }
    if organiser := event_organiser(event):
        data["organizer"] = organiser
    if event.takes_registration:
        data["maximumAttendeeCapacity"] = event.capacity
        data["remainingAttendeeCapacity"] = event.seats_left()
    if event.cover_image:
        data["image"] = request.build_absolute_uri(event.cover_image.url)
    return json_ld(data)


def event_organiser(event) -> dict | None:
    """The organiser the source names; the portal only for events that take registrations here."""
    if event.organiser_name:
        return {"@type": "Organization", "name": event.organiser_name}
    if event.takes_registration:
        return {"@type": "Organization", "name": str(settings.SITE_NAME), "url": settings.SITE_URL}
    return None


def event_moment(moment, with_time: bool) -> str:
    return datetime_attribute(moment if with_time else timezone.localdate(moment))


# The form page is stored too (its tokens are filled in per visitor); a POST always reaches the view.
@cached_public_page(EVENTS)
def register(request, slug):
    if request.method != "POST":
        event = get_object_or_404(events_with_seats(), slug=slug)
        # A link from the organisers may carry an invitation code: the form starts with it filled in.
        typed_code = request.GET.get("code", "").strip()[:40]
        form = RegistrationForm(initial={"code": typed_code}, event=event)
        context = {
            "event": event,
            "form": form,
            "answers_form": AnswersForm(event.questions.all()),
            "sessions_form": SessionsForm(event_sessions(event)),
        }
        return render(request, "events/register.html", context | code_context(event, known_code(event, typed_code)))
    # A crowd posts here at once: the plain event row and its questions are all a registration needs;
    # seat counts are read only when the form comes back with its errors.
    event = event_registered_for(slug)
    form = RegistrationForm(request.POST, event=event)
    questions = event_questions(event)
    answers_form = AnswersForm(questions, request.POST, fields=answer_fields(event, questions))
    # The sessions are read only when some are ticked: most registrations of most events tick none.
    ticked = request.POST.getlist(f"{SessionsForm.prefix}-chosen")
    sessions_form = SessionsForm(event_sessions_offered(event) if ticked else [], request.POST)
    forms = (form, answers_form, sessions_form)
    if status := public_forms.refusal(
        *forms, within_limits=lambda data: registration_within_limits(request, event=event, email=data["email"])
    ):
        return register_again(request, event, forms, status=status)
    fields = {name: form.cleaned_data[name] for name in RegistrationForm.Meta.fields}
    try:
        registration_create(
            event=event,
            language=get_language(),
            answers=answers_form.answers(),
            invitation_code=form.invitation_code,
            sessions=sessions_form.sessions(),
            **fields,
        )
    except SessionError as error:
        # A session started or changed since the form was shown: said on the sessions, everything typed kept.
        sessions_form.add_error("chosen", error.message)
        return register_again(request, event, forms, status=409)
    except RegistrationError as error:
        if error.code in CODE_ERRORS:
            # Used up or expired since the form was checked: said on the field, everything typed kept.
            form.add_error("code", error.message)
            return register_again(request, event, forms, status=409)
        if error.code != "duplicate":
            messages.error(request, error.message)
            return redirect(event)
        # A known address gets its link again; the answer below is the same as for a new one.
        manage_link_resend(event=event, email=fields["email"])
    return public_forms.sent(reverse("events:registration_sent", kwargs={"slug": event.slug}), fields["email"])


def register_again(request, event, forms, *, status):
    """The registration form with its errors and everything typed, over the event's seat counts."""
    event = events_with_seats().get(pk=event.pk)
    form, answers_form, sessions_form = forms
    sessions_form.offer(event_sessions(event))
    context = {"event": event, "form": form, "answers_form": answers_form, "sessions_form": sessions_form}
    return render(request, "events/register.html", context | code_context(event, form.invitation_code), status=status)


def code_context(event, invitation_code) -> dict:
    """Whether the form is offered, and whether a seat awaits, for someone holding this code (or none)."""
    return {
        "registration_open": event.registration_is_open(invitation_code=invitation_code),
        "seat_for_code": invitation_code is not None
        and (invitation_code.held_left > 0 or invitation_code.may_register_when_closed),
    }


def known_code(event, typed: str):
    """The event's invitation code as typed, if it can be used; None otherwise (the form then says why)."""
    if not typed:
        return None
    try:
        return invitation_code_find(event, typed)
    except RegistrationError:
        return None


@never_cache
def registration_sent(request, slug):
    """One answer for every accepted registration form, so it never tells who is registered:
    the ticket (or waiting-list place) and its manage link travel only by email."""
    event = get_object_or_404(Event.objects.visible().select_related("district"), slug=slug)
    return public_forms.confirmation(request, "events/registration_sent.html", {"event": event})


MANAGE_LINK_SENT = gettext_lazy(
    "If this address is registered for the event, the link to your registration is on its way."
)


@require_POST
def manage_link_send(request, slug):
    event = get_object_or_404(Event.objects.visible(), slug=slug)
    form = ManageLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid email address."))
        return redirect("events:register", slug=event.slug)
    email = form.cleaned_data["email"]
    if not manage_link_within_limits(request, event=event, email=email):
        return too_many_requests(request)
    manage_link_resend(event=event, email=email, language=get_language())
    # The same answer whether or not the address is registered.
    messages.success(request, MANAGE_LINK_SENT)
    return redirect(event)


# Ticket, manage and organiser pages are private: each is sent with never_cache
# ("Cache-Control: private, no-store"), so no browser history or shared proxy keeps a copy.


def registration_by_token(token):
    return get_object_or_404(
        Registration.objects.select_related("event__district"), manage_token=token, personal_data_erased_at__isnull=True
    )


@never_cache
def manage(request, token):
    """The person's ticket, and their answers to the event's questions, to change until registration closes."""
    registration = registration_by_token(token)
    questions = list(registration.event.questions.all())
    if request.method == "POST":
        answers_form = AnswersForm(questions, request.POST)
        if answers_form.is_valid():
            try:
                registration_answers_change(registration=registration, answers=answers_form.answers())
            except RegistrationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your answers are saved."))
            return redirect(f"{registration.get_absolute_url()}#answers")
        return manage_page(request, registration, questions=questions, answers_form=answers_form, status=400)
    return manage_page(request, registration, questions=questions)


@never_cache
@require_POST
def manage_sessions(request, token):
    """The person ticks the sessions they want on the ticket page: new ones are booked, those left out freed."""
    registration = registration_by_token(token)
    sessions_form = SessionsForm(event_sessions(registration.event), request.POST)
    if sessions_form.is_valid():
        try:
            sessions_choose(registration=registration, items=sessions_form.sessions())
        except SessionError as error:
            sessions_form.add_error("chosen", error.message)
        else:
            messages.success(request, _("Your sessions are saved; the list below shows each one's seat."))
            return redirect(f"{registration.get_absolute_url()}#sessions")
    return manage_page(request, registration, sessions_form=sessions_form, status=400)


def manage_page(request, registration, *, questions=None, answers_form=None, sessions_form=None, status=200):
    """The ticket page, with the answers and sessions forms as sent back (errors and all) or as stored."""
    event = registration.event
    questions = list(event.questions.all()) if questions is None else questions
    answers = list(registration.answers.select_related("question"))
    bookings = person_sessions(registration)
    sessions = list(event_sessions(event))
    if sessions_form is None:
        sessions_form = SessionsForm(sessions, initial={"chosen": [booking.agenda_item_id for booking in bookings]})
    qr_svg = registration.ticket_qr_code().svg_inline(scale=4, omitsize=True, title=registration.ticket_code)
    context = {
        "registration": registration,
        "event": event,
        "qr_svg": mark_safe(qr_svg),
        "answers": answers,
        "answers_form": answers_form or AnswersForm(questions, answers=answers),
        "answers_can_change": registration.answers_can_change(),
        "sessions": sessions,
        "bookings": bookings,
        "sessions_form": sessions_form,
        "sessions_can_change": registration.status == Registration.Status.CONFIRMED
        and event.state == Event.State.PUBLISHED
        and not event.is_past,
        **ticket_meetings(registration),
    }
    return render(request, "events/manage.html", context, status=status)


@never_cache
def manage_cancel(request, token):
    registration = registration_by_token(token)
    if request.method == "POST":
        try:
            registration_cancel(registration=registration)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your registration is cancelled. Thank you for letting the organisers know."))
        return redirect(registration)
    return render(request, "events/cancel_confirm.html", {"registration": registration, "event": registration.event})


@never_cache
def ticket_calendar(request, token):
    registration = registration_by_token(token)
    response = HttpResponse(
        event_calendar([registration.event], name=registration.event.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return response


@cached_public_page(EVENTS)
def event_calendar_file(request, slug):
    """One event for a calendar, before or without registering; none for an event whose date is not published."""
    event = get_object_or_404(Event.objects.visible().select_related("district"), slug=slug, date_announced=True)
    response = HttpResponse(event_calendar([event], name=event.title), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@cached_public_page(EVENTS)
def calendar_feed(request):
    events = Event.objects.visible().select_related("district").order_by("starts_at")
    return HttpResponse(
        event_calendar(events, name=str(_("Haizhu Portal events"))), content_type="text/calendar; charset=utf-8"
    )


# Organiser side


ATTENDEES_PER_PAGE = 50


@never_cache
@organiser_required
def organise(request, event):
    form = AttendeeSearchForm(request.GET)
    search = form.cleaned_data if form.is_valid() else {"q": "", "status": ""}
    registrations = with_sessions(with_answers(attendee_list(event, query=search["q"], status=search["status"])))
    page = Paginator(registrations, ATTENDEES_PER_PAGE).get_page(request.GET.get("page"))
    counts = attendee_counts(event)
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "event": event,
        "form": form,
        "query": search["q"],
        "registrations": page.object_list,
        "page_obj": page,
        "filters_query": filters.urlencode(),
        "counts": [(label, count) for _value, label, count in counts["by_status"]],
        "checked_in": counts["checked_in"],
        "waiting_list": event.registrations.waiting_in_order().select_related("moved_up_by"),
        "sessions": event_sessions(event),
    }
    return render(request, "events/organise.html", context)


@never_cache
@organiser_required
def organise_questions(request, event):
    """The event's own questions on its registration form: added, reworded, reordered and deleted.

    People's answers keep the wording they were shown, whatever changes here."""
    formset = QuestionFormSet(request.POST or None, queryset=event.questions.all(), prefix="questions")
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            for question in formset.save(commit=False):
                question.event = event
                question.save()
            for question in formset.deleted_objects:
                question.delete()
        messages.success(request, _("The questions are saved."))
        return redirect("events:questions", slug=event.slug)
    status = 400 if formset.is_bound else 200
    return render(request, "events/organise_questions.html", {"event": event, "formset": formset}, status=status)


@never_cache
@organiser_required
def organise_messages(request, event):
    """Write to the event's attendees: the form, then a preview of the email in each language, then send.
    The messages sent are listed with how many of their emails were sent, wait to be sent and failed."""
    step = request.POST.get("step")
    if request.method != "POST":
        form = AttendeeMessageForm(initial={"reply_to": request.user.email}, event=event)
        return messages_page(request, event, form)
    form = AttendeeMessageForm(request.POST, event=event)
    if step == "edit":  # back from the preview, with everything typed
        return messages_page(request, event, form)
    if not form.is_valid():
        return messages_page(request, event, form, status=400)
    message = AttendeeMessage(event=event, author=request.user, **form.cleaned_data)
    if step != "send":
        return messages_page(request, event, form, preview=message)
    if not message_recipients(event, message.audience, message.agenda_item).exists():
        messages.error(request, _("Nobody is registered in this group yet: there is nobody to send it to."))
        return messages_page(request, event, form, status=400, preview=message)
    message.key = message.key or uuid.uuid4()
    message = message_send(message=message)
    messages.success(
        request,
        _("The message is on its way to %(count)s people; the counts below show its progress.")
        % {"count": message.recipient_count},
    )
    return redirect("events:messages", slug=event.slug)


def message_audience_label(message: AttendeeMessage) -> str:
    """Whom a message goes to, naming its session if it has one."""
    if message.agenda_item is None:
        return message.get_audience_display()
    return _("%(audience)s of the session “%(session)s”") % {
        "audience": message.get_audience_display(),
        "session": message.agenda_item.title,
    }


def messages_page(request, event, form, *, status=200, preview: AttendeeMessage | None = None):
    sent_messages = event.messages.with_delivery_counts().select_related("agenda_item")
    context = {"event": event, "form": form, "sent_messages": sent_messages}
    if preview is not None:
        preview.key = preview.key or uuid.uuid4()
        counts = message_recipient_counts(event, preview.audience, preview.agenda_item)
        context["previews"] = [
            message_preview(preview, language) | {"count": counts[language]} for language in MESSAGE_LANGUAGES
        ]
        context["recipient_count"] = sum(counts.values())
        # The preview's fields travel on with it, hidden, to be sent or edited.
        context["form"] = AttendeeMessageForm(initial={**form.cleaned_data, "key": preview.key}, event=event)
        context["audience_label"] = message_audience_label(preview)
    return render(request, "events/organise_messages.html", context, status=status)


@never_cache
@organiser_required
def organise_codes(request, event):
    """The event's invitation codes with their uses, and a form that creates one or a batch."""
    form = InvitationCodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = invitation_codes_create(event=event, **form.cleaned_data)
        except RegistrationError as error:
            form.add_error("held_seats", error.message)
        else:
            text = ngettext(
                "%(count)d code created for %(label)s.", "%(count)d codes created for %(label)s.", len(codes)
            )
            messages.success(request, text % {"count": len(codes), "label": form.cleaned_data["label"]})
            return redirect("events:codes", slug=event.slug)
    codes = list(InvitationCode.objects.filter(event=event).with_uses())
    context = {
        "event": event,
        "form": form,
        "codes": codes,
        "batches": code_batches(codes),
        "seats_left": event.seats_left(),
    }
    return render(request, "events/organise_codes.html", context, status=400 if form.errors else 200)


def code_batches(codes) -> list[dict]:
    """The batches of codes (those made under one label), in the order made, each with how many were withdrawn."""
    batches = {}
    for code in codes:
        batch = batches.setdefault(code.label, {"label": code.label, "count": 0, "withdrawn": 0})
        batch["count"] += 1
        batch["withdrawn"] += code.withdrawn_at is not None
    return list(batches.values())


@require_POST
@organiser_required
def codes_withdraw(request, event):
    """Withdraw one code (`code`, its id) or a whole batch (`label`): refused from now on, its seats public again."""
    codes = InvitationCode.objects.filter(event=event)
    code_id, label = request.POST.get("code", ""), request.POST.get("label", "")
    if code_id:
        codes = codes.filter(pk=code_id) if code_id.isdigit() else codes.none()
    else:
        codes = codes.filter(label=label) if label else codes.none()
    withdrawn, promoted = invitation_codes_withdraw(event=event, codes=codes)
    if not withdrawn:
        messages.error(request, _("Nothing was withdrawn: the code is unknown or withdrawn already."))
    else:
        text = ngettext(
            "%(count)d code withdrawn: it is refused from now on, and the seats it held are free to the public.",
            "%(count)d codes withdrawn: they are refused from now on, and the seats they held are free to the public.",
            withdrawn,
        )
        messages.success(request, text % {"count": withdrawn})
    if promoted:
        text = ngettext(
            "%(count)d person on the waiting list is now confirmed and told by email.",
            "%(count)d people on the waiting list are now confirmed and told by email.",
            len(promoted),
        )
        messages.info(request, text % {"count": len(promoted)})
    return redirect("events:codes", slug=event.slug)


@never_cache
@organiser_required
def codes_export(request, event):
    """The event's codes (?label= for one batch) as CSV for Excel, each with the link that fills it in."""
    codes = InvitationCode.objects.filter(event=event).with_uses()
    if label := request.GET.get("label", ""):
        codes = codes.filter(label=label)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-invitation-codes.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Who the codes are for"),
            _("Code"),
            _("Link"),
            _("Uses"),
            _("Used"),
            _("Seats held"),
            _("Valid until"),
            _("Withdrawn"),
        ]
    )
    register_url = request.build_absolute_uri(reverse("events:register", kwargs={"slug": event.slug}))
    for code in codes:
        row = [
            code.label,
            code.code,
            f"{register_url}?code={code.code}",
            code.max_uses,
            code.used,
            code.held_seats,
            timezone.localtime(code.expires_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(code.withdrawn_at).strftime("%Y-%m-%d %H:%M") if code.withdrawn_at else "",
        ]
        writer.writerow([cell_safe(cell) for cell in row])
    return response


@require_POST
@organiser_required
@create_revision()
def waiting_list_move_up(request, event, registration_id):
    registration = get_object_or_404(event.registrations, pk=registration_id)
    try:
        waiting_list_move_to_front(registration=registration, moved_by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is now first on the waiting list.") % {"name": registration.full_name})
    return redirect(f"{reverse('events:organise', kwargs={'slug': event.slug})}#waiting-list")


@never_cache
@organiser_required
def attendee_export(request, event):
    """CSV for Excel: a byte-order mark so Chinese names open correctly."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{event.slug}-attendees-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    answer_columns = export_columns(event)
    writer.writerow(
        [
            _("Full name"),
            _("Email"),
            _("Organisation"),
            _("Role"),
            _("Phone"),
            _("Status"),
            _("Ticket code"),
            _("Registered"),
            _("Checked in"),
            _("Invitation code"),
            pgettext("agenda items with seats of their own", "Sessions"),
            *[cell_safe(label) for label, _key in answer_columns],
        ]
    )
    registrations = event.registrations.select_related("invitation_code").order_by("created_at", "pk")
    for registration in with_sessions(with_answers(registrations)):
        row = [
            registration.full_name,
            registration.email,
            registration.organisation,
            registration.get_role_display(),
            registration.phone,
            registration.get_status_display(),
            registration.ticket_code,
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(registration.checked_in_at).strftime("%Y-%m-%d %H:%M")
            if registration.checked_in_at
            else "",
            invitation_code_label(registration),
            sessions_text(registration),
            *export_answer_cells(registration, answer_columns),
        ]
        # Every column: even an email address may start with "=" ("=1+2@example.com" is valid).
        writer.writerow([cell_safe(cell) for cell in row])
    return response


@never_cache
@organiser_required
def attendee_badges(request, event):
    """Name badges of the confirmed attendees, in the page's language; ?layout=a6 for one badge a page."""
    layout = request.GET.get("layout", DEFAULT_LAYOUT)
    layout = layout if layout in LAYOUTS else DEFAULT_LAYOUT
    attendees = badge_attendees(event)
    if not attendees.exists():
        messages.info(request, _("There is no confirmed attendee to print a badge for yet."))
        return redirect("events:organise", slug=event.slug)
    response = HttpResponse(badges_pdf(event, attendees, layout), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-badges-{layout}.pdf"'
    return response


CHECK_IN_MESSAGES = {
    CheckIn.CHECKED_IN: ("success", gettext_lazy("Checked in. Welcome!")),
    CheckIn.ALREADY: ("warning", gettext_lazy("Already checked in at %(time)s")),
    CheckIn.CANCELLED: ("error", gettext_lazy("This ticket was cancelled. Do not admit.")),
    CheckIn.WAITING: ("error", gettext_lazy("This person is on the waiting list, not confirmed.")),
    CheckIn.UNKNOWN: ("error", gettext_lazy("Unknown ticket code for this event.")),
    CheckIn.NOT_TODAY: ("warning", gettext_lazy("This event is on %(days)s, not today. Check this ticket in anyway?")),
}
# People found by name on the check-in page; a longer list asks for a closer search.
CHECK_IN_SEARCH_RESULTS = 20
# The camera may be used on the check-in page alone; every other feature stays denied as everywhere.
CAMERA_ALLOWED = {**settings.PERMISSIONS_POLICY, "camera": ["self"]}


def check_in_status(event, result: CheckIn) -> dict:
    """What the check-in page and the scanner show for one answer, as plain values."""
    level, text = CHECK_IN_MESSAGES[result.result]
    registration = result.registration
    arrived = registration.checked_in_at if registration else None
    details = {"time": timezone.localtime(arrived).strftime("%H:%M") if arrived else ""}
    if result.result == CheckIn.NOT_TODAY:
        details["days"] = event_when(event, html=False)
    status = {"code": result.result, "level": level, "text": str(text) % details}
    if registration:
        status |= {
            "name": registration.full_name,
            "organisation": registration.organisation,
            "ticket_code": registration.ticket_code,
            "invitation_code": invitation_code_shown(registration),
            "door_answers": door_answers_shown(registration),
            "sessions": door_sessions_shown(registration),
        }
    return status | {"counts": door_counts(event)}


def invitation_code_label(registration) -> str:
    """Which invitation code the ticket came from, as the organisers named it; empty without one."""
    code = registration.invitation_code
    return f"{code.label} · {code.code}" if code else ""


def invitation_code_shown(registration) -> str:
    label = invitation_code_label(registration)
    return _("Invitation code: %(code)s") % {"code": label} if label else ""


def door_counts(event) -> dict:
    """How many confirmed attendees have arrived, for the check-in page and its scanner, in one query."""
    counts = attendee_counts(event)
    confirmed = dict((value, count) for value, _label, count in counts["by_status"])[Registration.Status.CONFIRMED]
    text = _("%(checked_in)s of %(confirmed)s confirmed checked in") % {
        "checked_in": counts["checked_in"],
        "confirmed": confirmed,
    }
    sessions = [
        {
            "title": item.title,
            "checked_in": item.checked_in,
            "confirmed": item.booked,
            "text": _("%(session)s: %(checked_in)s of %(confirmed)s booked checked in")
            % {"session": item.title, "checked_in": item.checked_in, "confirmed": item.booked},
        }
        for item in event_sessions(event)
    ]
    return {"checked_in": counts["checked_in"], "confirmed": confirmed, "text": text, "sessions": sessions}


def door_sessions_shown(registration) -> list[str]:
    """The sessions a ticket holds, for the door: a seat, or a place on the session's waiting list."""
    return [
        booking.agenda_item.title
        if booking.status == booking.Status.CONFIRMED
        else _("%(session)s (waiting list only)") % {"session": booking.agenda_item.title}
        for booking in person_sessions(registration)
    ]


def door_answers_shown(registration) -> list[dict]:
    """The answers marked for the door, each under its question as the organiser reads it."""
    return [{"question": answer.question.label, "answer": answer.shown_value} for answer in door_answers(registration)]


def same_site_path(request, value: str) -> str | None:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return value
    return None


@never_cache
@permissions_policy_override(CAMERA_ALLOWED)
@organiser_required
@create_revision()
def check_in(request, event):
    """Scan tickets with the page's camera, type a code, or find a person by name, then check in.

    A phone's own camera app opens this page from a ticket's QR code with the code filled in; a POST
    asking for JSON (the page's scanner) gets the answer as data; one with `next` (the attendee list)
    goes back there, unless the answer needs a confirmation first.
    """
    status = preview = None
    back_to = same_site_path(request, request.POST.get("next") or request.GET.get("next", ""))
    wants_json = request.headers.get("Accept") == "application/json"
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if not form.is_valid():
            if wants_json:
                invalid = {"code": "invalid", "level": "error", "text": str(_("Enter a ticket code."))}
                return JsonResponse(invalid, status=400)
            return check_in_page(request, event, form, back_to=back_to, status=400)
        result = registration_check_in(
            event=event,
            ticket_code=form.cleaned_data["ticket_code"],
            confirm_other_day=form.cleaned_data["confirm_other_day"],
        )
        status = check_in_status(event, result)
        if wants_json:
            return JsonResponse(status)
        if back_to and result.result != CheckIn.NOT_TODAY:
            level = {"success": messages.SUCCESS, "warning": messages.WARNING}.get(status["level"], messages.ERROR)
            messages.add_message(request, level, f"{status.get('name', '')} · {status['text']}")
            return redirect(back_to)
        if result.result == CheckIn.NOT_TODAY:
            form = CheckInForm(initial={"ticket_code": result.registration.ticket_code})
        else:
            form = CheckInForm()
    elif wants_json:
        # The page asks now and then, so the counts keep up with the other doors.
        return JsonResponse({"counts": door_counts(event)})
    else:
        code = normalise_ticket_code(request.GET.get("code", ""))[:40]
        form = CheckInForm(initial={"ticket_code": code} if code else None)
        if code:
            registration = event.registrations.select_related("invitation_code").filter(ticket_code=code).first()
            preview = {
                "registration": registration,
                "code": code,
                "door_answers": door_answers_shown(registration) if registration else [],
                "invitation_code": invitation_code_shown(registration) if registration else "",
                "sessions": door_sessions_shown(registration) if registration else [],
            }
    return check_in_page(request, event, form, back_to=back_to, status=200, check_in=status, preview=preview)


def check_in_page(request, event, form, *, back_to, status, check_in=None, preview=None):
    search = AttendeeSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = list(attendee_list(event, query=query)[: CHECK_IN_SEARCH_RESULTS + 1]) if query else []
    context = {
        "event": event,
        "form": form,
        "status": check_in,
        "preview": preview,
        "next": back_to,
        "search": search,
        "query": query,
        "found": found[:CHECK_IN_SEARCH_RESULTS],
        "more_found": len(found) > CHECK_IN_SEARCH_RESULTS,
        "counts": door_counts(event),
    }
    return render(request, "events/check_in.html", context, status=status)
