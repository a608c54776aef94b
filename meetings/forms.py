from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from foundation.forms import EmailAddressField
from meetings.models import NOTE_MAX_LENGTH, SLOT_MINUTES, Slot
from meetings.services import ERROR_MESSAGES, MAX_TABLES, limited


def slot_label(slot: Slot) -> str:
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    table = _("table %(number)s") % {"number": slot.table}
    return f"{slot.desk.name} · {start:%Y-%m-%d %H:%M}–{end:%H:%M} · {table}"


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot):
        return slot_label(slot)


class MeetingRequestForm(forms.Form):
    """A request from the ticket page. `slots` (every slot of the event) is what the form accepts, so a slot
    taken or begun since the page was shown reaches the service and gets its own message; `offered` (the free
    ones) is what the list shows."""

    slot = SlotChoiceField(label=_("Desk and time"), queryset=Slot.objects.none(), empty_label=_("Choose a time"))
    note = forms.CharField(
        label=_("What would you like to discuss?"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=limited(
            ngettext_lazy(
                "A short note for the desk, up to %(limit)s character.",
                "A short note for the desk, up to %(limit)s characters.",
                NOTE_MAX_LENGTH,
            ),
            NOTE_MAX_LENGTH,
        ),
        error_messages={"required": ERROR_MESSAGES["note_empty"]},
    )

    def __init__(self, *args, slots, offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].widget.choices = [("", self.fields["slot"].empty_label)] + [
            (slot.pk, slot_label(slot)) for slot in offered
        ]
        # A slot typed for a slot no longer offered stays chosen: show it too, so nothing typed is lost.
        chosen = self.data.get(self.add_prefix("slot")) if self.is_bound else None
        if chosen and str(chosen) not in {str(value) for value, _label in self.fields["slot"].widget.choices}:
            slot = slots.filter(pk=chosen).first() if str(chosen).isdigit() else None
            if slot is not None:
                self.fields["slot"].widget.choices.append((slot.pk, slot_label(slot)))


class EventMeetingRequestForm(MeetingRequestForm):
    """A request from the event page: the person shows who they are with their email and ticket code."""

    email = EmailAddressField(label=_("Email you registered with"))
    ticket_code = forms.CharField(
        label=_("Ticket code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("In your ticket email and on your ticket page."),
    )

    field_order = ["email", "ticket_code", "slot", "note"]


# The browser's own pickers; the values come back in the ISO forms the field reads.
NATIVE_DATE_TIME = forms.SplitDateTimeWidget(
    date_attrs={"type": "date"}, time_attrs={"type": "time"}, date_format="%Y-%m-%d", time_format="%H:%M"
)


class SlotsGenerateForm(forms.Form):
    """The admin's form to offer a desk's slots over a time range."""

    starts_at = forms.SplitDateTimeField(label=_("From"), widget=NATIVE_DATE_TIME)
    ends_at = forms.SplitDateTimeField(label=_("Until"), widget=NATIVE_DATE_TIME)
    minutes = forms.TypedChoiceField(
        label=_("Minutes a slot"), coerce=int, choices=[(minutes, minutes) for minutes in SLOT_MINUTES], initial=20
    )
    tables = forms.IntegerField(label=_("Tables"), min_value=1, max_value=MAX_TABLES, initial=1)
