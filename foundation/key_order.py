"""Rows read by keys found beforehand (say by a cheaper statement), kept in the order those keys came in."""

from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, F, Func, IntegerField, Value


def key_position(keys: list[int]) -> Func:
    """A row's place among `keys`, from 1, for ordering or numbering the rows read by them."""
    return Func(
        Value(keys, output_field=ArrayField(BigIntegerField())),
        F("pk"),
        function="array_position",
        output_field=IntegerField(),
    )
