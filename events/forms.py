import unicodedata

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.dates import session_when
from events.models import YES_NO_WORDS, AgendaItem, Answer, AttendeeMessage, InvitationCode, Question, Registration
from events.services import (
    ERROR_MESSAGES,
    RegistrationError,
    invitation_code_find,
    session_clash,
    session_clash_error,
)
from foundation.forms import EmailAddressField, OneLineField, copied_directly
from foundation.phone_numbers import normalise_phone
from foundation.spam import SpamProtectedForm


class RegistrationForm(SpamProtectedForm, forms.ModelForm):
    # Someone whose first sending was lost with its server sends the form again; registration_create
    # answers an address already registered by emailing its link, so nothing is stored twice.
    resendable_by_same_address = True

    consent = forms.BooleanField(
        label=_(
            "I agree that the organisers may store and use these details to manage my registration, "
            "admit me at the door and email me about this event. They are erased after the event."
        ),
        error_messages={"required": _("Please agree, otherwise the organisers cannot register you.")},
    )

    code = OneLineField(
        label=_("Invitation code"),
        required=False,
        max_length=40,
        help_text=_("Optional: only if the organisers gave you one."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    # The invitation code comes before the consent, which closes the form.
    field_order = ["full_name", "email", "organisation", "role", "phone", "code", "consent"]

    class Meta:
        model = Registration
        fields = ["full_name", "email", "organisation", "role", "phone", "consent"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {"phone": _("Optional. Chinese numbers may omit +86.")}
        field_classes = {
            "full_name": OneLineField,
            "email": EmailAddressField,
            "organisation": OneLineField,
            "phone": OneLineField,
        }

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.invitation_code: InvitationCode | None = None

    def _post_clean(self):
        # The form's own instance is never saved: registration_create builds the registration from the cleaned
        # data and checks its fields again, and the database keeps its constraints (a repeated address is
        # answered there, the consent required above). Checked here as well, the consent's check constraint alone
        # would cost Django a query built and thrown away on every registration.
        pass

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_code(self):
        typed = self.cleaned_data.get("code", "").strip()
        if typed and self.event is None:
            raise forms.ValidationError(ERROR_MESSAGES["code_unknown"], code="code_unknown")
        if typed:
            try:
                self.invitation_code = invitation_code_find(self.event, typed)
            except RegistrationError as error:
                raise forms.ValidationError(error.message, code=error.code)
        return typed

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))


ANSWER_ERRORS = {
    "required": _("Please answer this question."),
    "invalid_choice": _("Choose one of the options given."),
    "invalid": _("Enter a number, such as 12 or 3.5."),
    "max_length": _("Please keep the answer to %(limit_value)d characters."),
}
SHORT_ANSWER_LENGTH = 300
LONG_ANSWER_LENGTH = 3000


class NumberAnswerField(forms.DecimalField):
    """A number typed on any keyboard: full-width digits from a Chinese input method count too."""

    def to_python(self, value):
        return super().to_python(unicodedata.normalize("NFKC", value) if isinstance(value, str) else value)


def answer_field(question: Question) -> forms.Field:
    """The form field that asks one question, by its kind, in the language shown."""
    common = {"label": question.label, "required": question.required, "error_messages": ANSWER_ERRORS}
    choices = [(str(index), choice) for index, choice in enumerate(question.choice_list())]
    match question.kind:
        case Question.Kind.LONG_TEXT:
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_ANSWER_LENGTH, **common)
        case Question.Kind.ONE_CHOICE:
            return forms.ChoiceField(widget=forms.RadioSelect, choices=choices, **common)
        case Question.Kind.SEVERAL_CHOICES:
            return forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, choices=choices, **common)
        case Question.Kind.YES_NO:
            return forms.ChoiceField(widget=forms.RadioSelect, choices=list(YES_NO_WORDS.items()), **common)
        case Question.Kind.NUMBER:
            return NumberAnswerField(
                max_digits=15, decimal_places=4, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
            )
    return OneLineField(max_length=SHORT_ANSWER_LENGTH, **common)


class AnswersForm(forms.Form):
    """The event's own questions, one field each; answers() gives them as stored, in the wording shown."""

    required_css_class = "required"
    prefix = "answers"

    def __init__(self, questions, *args, answers=(), fields=None, **kwargs):
        """`fields`, when given, holds the field of each question by its key (registration_reads.answer_fields)."""
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = (
                fields[question.pk] if fields is not None else answer_field(question)
            )
        if not self.is_bound:
            self.initial.update(self.initial_from(answers))

    def initial_from(self, answers) -> dict:
        """Earlier answers as the fields' values; a choice since reworded is left for the person to choose again."""
        by_question = {answer.question_id: answer for answer in answers}
        initial = {}
        for question in self.questions:
            answer = by_question.get(question.pk)
            if answer is None:
                continue
            if question.kind in Question.CHOICE_KINDS:
                chosen = [str(position) for position in answer.chosen_positions() if position is not None]
                initial[f"question_{question.pk}"] = (
                    chosen if question.kind == Question.Kind.SEVERAL_CHOICES else next(iter(chosen), "")
                )
            else:
                initial[f"question_{question.pk}"] = answer.value
        return initial

    def answers(self) -> list[Answer]:
        """The answers given, unsaved and without their registration; questions left empty give none. The question
        and the choices are worded as the form's fields showed them."""
        answers = []
        for question in self.questions:
            name = f"question_{question.pk}"
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            field = self.fields[name]
            if question.kind in Question.CHOICE_KINDS:
                shown = dict(field.choices)
                value = "\n".join(shown[index] for index in ([value] if isinstance(value, str) else value))
            elif question.kind == Question.Kind.NUMBER:
                value = format(value.normalize(), "f")
            answers.append(
                Answer(question=question, question_label=field.label, kind=question.kind, value=value.strip())
            )
        return answers


class QuestionForm(forms.ModelForm):
    """One of the event's questions, as its organiser writes it in both languages."""

    required_css_class = "required"

    class Meta:
        model = Question
        fields = [
            "label_zh_hans",
            "label_en",
            "kind",
            "choices_zh_hans",
            "choices_en",
            "required",
            "show_at_door",
            "display_order",
        ]
        labels = {
            "label_zh_hans": _("Question in Chinese"),
            "label_en": _("Question in English"),
            "kind": _("Kind of answer"),
            "choices_zh_hans": _("Choices in Chinese"),
            "choices_en": _("Choices in English"),
            "required": _("An answer is required"),
            "show_at_door": _("Show the answer at the door"),
            "display_order": _("Order on the form"),
        }
        help_texts = {
            "label_en": _("Empty: English readers see the Chinese question."),
            "choices_zh_hans": _("For one or several choices: one choice a line."),
            "choices_en": _("The same choices in the same order, one a line; empty: English readers see the Chinese."),
            "display_order": _("Smaller numbers come first."),
        }
        widgets = {
            "choices_zh_hans": forms.Textarea(attrs={"rows": 3}),
            "choices_en": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"label_zh_hans": OneLineField, "label_en": OneLineField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Chinese is the site's first language: every question has its Chinese wording.
        self.fields["label_zh_hans"].required = True


def session_label(item: AgendaItem) -> str:
    """A session as the form offers it: its title, times and seats; reads with_booking_counts()."""
    if left := item.seats_left():
        seats = ngettext("%(count)d seat left", "%(count)d seats left", left) % {"count": left}
    else:
        seats = _("full: you join its waiting list")
    return f"{item.title} · {session_when(item)} · {seats}"


lazy_session_label = lazy(session_label, str)


class SessionsForm(forms.Form):
    """The event's sessions with seats of their own, to tick; two that overlap in time are refused here
    already, each named. sessions() gives the items ticked."""

    prefix = "sessions"

    chosen = forms.TypedMultipleChoiceField(
        label=_("Sessions with their own seats"),
        help_text=_("Optional. Sessions that overlap in time cannot be booked together."),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("This session is no longer offered; reload the page.")},
    )

    def __init__(self, items, *args, **kwargs):
        copied_directly(type(self))
        super().__init__(*args, **kwargs)
        self.offer(items)

    def offer(self, items):
        """Offer these sessions. Each label is written when the form is shown, never to check what was ticked:
        a registration posted is checked against the sessions alone, read without their seat counts, and the
        form shown again with its errors is offered them as read with their counts."""
        self.offered = {item.pk: item for item in items}
        self.fields["chosen"].choices = [(item.pk, lazy_session_label(item)) for item in self.offered.values()]

    def clean_chosen(self):
        picked = [self.offered[pk] for pk in self.cleaned_data["chosen"]]
        for index, item in enumerate(picked):
            if other := session_clash(item, picked[:index]):
                raise forms.ValidationError(session_clash_error(other, item).message, code="clash")
        return self.cleaned_data["chosen"]

    def sessions(self) -> list[AgendaItem]:
        return [self.offered[pk] for pk in self.cleaned_data.get("chosen", [])]


QuestionFormSet = forms.modelformset_factory(Question, form=QuestionForm, extra=1, can_delete=True)


class AttendeeMessageForm(forms.ModelForm):
    """A message to an event's attendees, written in both languages: each person reads the one they registered in."""

    required_css_class = "required"
    # Given by the preview, so that sending the same preview twice sends it once.
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = AttendeeMessage
        fields = ["audience", "agenda_item", "subject_zh_hans", "body_zh_hans", "subject_en", "body_en", "reply_to"]
        labels = {"agenda_item": _("Only the people of one session")}
        widgets = {
            "audience": forms.RadioSelect,
            "body_zh_hans": forms.Textarea(attrs={"rows": 8}),
            "body_en": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "subject_zh_hans": _(
                "Both languages are required: each person gets the message in the language they registered in."
            ),
            "reply_to": _("Replies from attendees go to this address."),
        }
        field_classes = {"subject_zh_hans": OneLineField, "subject_en": OneLineField, "reply_to": EmailAddressField}
        error_messages = {
            "subject_zh_hans": {"required": _("Write the subject in Chinese.")},
            "body_zh_hans": {"required": _("Write the message in Chinese.")},
            "subject_en": {"required": _("Write the subject in English.")},
            "body_en": {"required": _("Write the message in English.")},
            "reply_to": {"required": _("Give the address replies go to.")},
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = AgendaItem.objects.filter(event=event).sessions()
        if sessions:
            field = self.fields["agenda_item"]
            field.queryset = sessions
            field.empty_label = _("No: the whole event")
            field.help_text = _("Then “confirmed” means booked in the session, “waiting” on its waiting list.")
            field.error_messages["invalid_choice"] = _("Choose one of the event's sessions.")
        else:
            del self.fields["agenda_item"]


# A batch large enough for a delegation, small enough to stay one page of codes.
MOST_CODES_AT_ONCE = 500


class InvitationCodesForm(forms.Form):
    """One code or a batch alike, for the organiser's codes page."""

    required_css_class = "required"

    label = OneLineField(
        label=_("Who the codes are for"),
        max_length=200,
        help_text=_("Such as “Visiting delegation from Hangzhou”; organisers only."),
    )
    count = forms.IntegerField(
        label=_("Number of codes"),
        min_value=1,
        max_value=MOST_CODES_AT_ONCE,
        initial=1,
        help_text=_("One code to share, or one for each guest."),
    )
    max_uses = forms.IntegerField(
        label=_("Uses of each code"), min_value=1, max_value=10000, initial=1, help_text=_("Registrations per code.")
    )
    expires_at = forms.DateTimeField(
        label=_("Valid until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    held_seats = forms.IntegerField(
        label=_("Seats held for each code"),
        min_value=0,
        initial=0,
        help_text=_("Kept back from the public while the code is valid; no more than its uses."),
    )
    may_register_when_closed = forms.BooleanField(
        label=_("Holders may register when registration is closed or full (beyond the capacity if need be)"),
        required=False,
    )

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at <= timezone.now():
            raise forms.ValidationError(_("Choose a moment in the future."))
        return expires_at

    def clean(self):
        cleaned_data = super().clean()
        held, uses = cleaned_data.get("held_seats"), cleaned_data.get("max_uses")
        if held is not None and uses is not None and held > uses:
            self.add_error("held_seats", _("A code cannot hold more seats than it has uses."))
        return cleaned_data


class ManageLinkForm(forms.Form):
    email = EmailAddressField(label=_("Email"))


class CheckInForm(forms.Form):
    ticket_code = forms.CharField(
        label=_("Ticket code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True, "spellcheck": "false"}
        ),
    )
    # Set by the second press when the event does not take place today.
    confirm_other_day = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AttendeeSearchForm(forms.Form):
    q = forms.CharField(label=_("Search name, email, organisation or ticket"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Registration.Status.choices]
    )
