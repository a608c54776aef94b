"""Spam protection for public forms without a third-party captcha.

Four checks: a honeypot field people never see, a signed start time that must be a few
seconds old (bots post instantly) and not stale, accepted once only (a replayed post is
refused), and the hourly limits of foundation.limits.
"""

import hashlib
import secrets
import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from foundation.forms import copied_directly, prompt_empty_choices

MIN_SECONDS = 3
MAX_AGE_SECONDS = 24 * 60 * 60
SALT = "foundation.spam.form-started"
START_FIELD = "started"


def start_token() -> str:
    """The signed moment a form was shown, for its hidden start field. Each token is accepted once,
    so a random part keeps apart two forms shown in the same instant by different server processes."""
    return signing.dumps([time.time(), secrets.token_hex(8)], salt=SALT)


def shown_at(token_value) -> float:
    # Forms shown before tokens had a random part carry the bare time.
    return float(token_value[0] if isinstance(token_value, list) else token_value)


TOO_MANY = _(
    "Too many submissions have come from your network or for this email address in the last hour. "
    "Please try again later; what you typed is kept below."
)
REPLAYED = _(
    "This form was already sent once. If you meant to send it again, check the details below and send it once more."
)

# Phones fill a form in a blink: say what to do, not that something looked wrong.
SENT_TOO_SOON = _(
    "The form was sent a moment too soon after the page opened, so it was not accepted yet. "
    "Everything you typed is kept: wait a few seconds, then send it again."
)


class SpamProtectedForm(forms.Form):
    required_css_class = "required"

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        copied_directly(type(self))
        super().__init__(*args, **kwargs)
        prompt_empty_choices(self)
        # A re-displayed form keeps its original start time; a new one gets a fresh one.
        if not self.is_bound:
            self.initial[START_FIELD] = start_token()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise forms.ValidationError(_("This submission looks automated and was not accepted."))
        try:
            started = signing.loads(cleaned_data.get(START_FIELD, ""), salt=SALT, max_age=MAX_AGE_SECONDS)
        except signing.SignatureExpired:
            self.renew_start_token()
            raise forms.ValidationError(_("This form was open for too long; please send it again."))
        except signing.BadSignature:
            raise forms.ValidationError(_("This submission looks automated and was not accepted."))
        if time.time() - shown_at(started) < MIN_SECONDS:
            # The re-displayed form keeps its start time, so sending it again a moment later goes through.
            raise forms.ValidationError(SENT_TOO_SOON)
        return cleaned_data

    def refusal(self, *, within_limits: bool) -> int | None:
        """After the form validated: the status to refuse it with (429 over a limit, 409 when this
        form was sent before), its reason added to the form; None when the submission may go ahead."""
        if not within_limits:
            self.add_error(None, TOO_MANY)
            return 429
        if not self.claim_start_token():
            self.add_error(None, REPLAYED)
            self.renew_start_token()
            return 409
        return None

    def renew_start_token(self):
        """A fresh start token in the re-displayed form, so sending it again goes through."""
        self.data = self.data.copy()
        self.data[self.add_prefix(START_FIELD)] = start_token()

    # True for a form whose second sending by the same email address is harmless because the service
    # answers a known address itself: its token is then refused only to other addresses.
    resendable_by_same_address = False

    def claim_start_token(self) -> bool:
        """Mark this form's start token used; false if it was used before (for a resendable form:
        used for another address)."""
        key = "form-started:" + hashlib.sha256(self.cleaned_data[START_FIELD].encode()).hexdigest()
        if not self.resendable_by_same_address:
            return cache.add(key, 1, timeout=MAX_AGE_SECONDS)
        sender = hashlib.sha256(self.cleaned_data["email"].strip().lower().encode()).hexdigest()
        return cache.add(key, sender, timeout=MAX_AGE_SECONDS) or cache.get(key) == sender
