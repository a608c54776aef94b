import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from staff.leads import default_period

# Wider periods are read from the CSV of several periods; a limit keeps one page's queries bounded.
LONGEST_PERIOD_DAYS = 3 * 366
EARLIEST_DAY = datetime.date(2000, 1, 1)


class LeadsPeriodForm(forms.Form):
    """The dashboard's date range, in the address so a view can be shared; empty fields take the last twelve
    weeks. Refused with a message: unreadable dates, an end before the start, a period past three years."""

    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the first day as a date, for example 2026-09-07.")},
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the last day as a date, for example 2026-11-29.")},
    )

    def __init__(self, data, *, today: datetime.date, **kwargs):
        self.today = today
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        default_start, default_end = default_period(self.today)
        end = cleaned.get("end") or default_end
        start = cleaned.get("start") or (end - (default_end - default_start) if cleaned.get("end") else default_start)
        for name, day in [("start", start), ("end", end)]:
            if not EARLIEST_DAY <= day <= self.today + datetime.timedelta(days=366):
                self.add_error(name, _("Choose a day between 2000 and a year from today."))
        if not self.errors and end < start:
            self.add_error("end", _("The last day comes before the first; choose a later one."))
        if not self.errors and (end - start).days >= LONGEST_PERIOD_DAYS:
            self.add_error("start", _("Choose a period of at most three years."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned
