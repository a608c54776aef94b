"""Spam protection for public forms without a third-party captcha.

Three checks: a honeypot field people never see, a signed start time that must be a few
seconds old (bots post instantly) and not stale, and a limit of submissions per address.
"""

import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

MIN_SECONDS = 3
MAX_AGE_SECONDS = 24 * 60 * 60
SUBMISSIONS_PER_HOUR = 10
SALT = "haizhu_portal.spam.form-started"
START_FIELD = "started"


def start_token() -> str:
    """The signed moment a form was shown, for its hidden start field."""
    return signing.dumps(time.time(), salt=SALT)


class SpamProtectedForm(forms.Form):
    required_css_class = "required"

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A re-displayed form keeps its original start time; a new one gets a fresh one.
        if not self.is_bound:
            self.initial[START_FIELD] = start_token()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise forms.ValidationError(_("This submission looks automated and was not accepted."))
        try:
            started = signing.loads(cleaned_data.get("started", ""), salt=SALT, max_age=MAX_AGE_SECONDS)
        except signing.SignatureExpired:
            raise forms.ValidationError(_("This form was open for too long; please send it again."))
        except signing.BadSignature:
            raise forms.ValidationError(_("This submission looks automated and was not accepted."))
        if time.time() - float(started) < MIN_SECONDS:
            raise forms.ValidationError(_("That was quicker than a person can type; please send it again."))
        return cleaned_data


def over_submission_limit(request, scope: str) -> bool:
    """Count a submission from this address; true once it exceeds the hourly limit."""
    key = f"submissions:{scope}:{request.META.get('REMOTE_ADDR', 'unknown')}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > SUBMISSIONS_PER_HOUR
