import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PHONE = _(
    "Enter a Chinese mobile or landline number (13812345678, 020 1234 5678) "
    "or an international number starting with + (+44 20 7946 0000)."
)


def normalise_phone(value: str) -> str:
    """A valid phone number in international form; Chinese numbers may omit +86."""
    value = value.strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
