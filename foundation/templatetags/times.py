"""Moments in the form a `datetime` attribute takes."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attribute(value) -> str:
    """2027-01-05T21:51:52+08:00 (local time, whole seconds: the HTML standard allows at most three
    digits of a second, and a moment saved by code or an import may carry six); a date as 2027-01-05."""
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
