"""A queryset compiled once per process (foundation/compiled.py) gives the instances the queryset gives, its
values converted as the ORM converts them, whatever value it runs with."""

import pytest
from django.db.models import Count

from events.models import Event
from foundation.compiled import TEXT_STAND_IN, CompiledQuery
from foundation.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {name: value for name, value in vars(instance).items() if not name.startswith("_")}


def test_rows_come_back_as_the_querysets_instances_with_their_json_decoded():
    for number, to in enumerate(["li@example.com", "li@example.com", "wang@example.com"]):
        OutgoingEmail.objects.create(
            to=to, subject=f"Ticket {number}", body="…", headers={"Reply-To": "team@example.com"}, attachments=[]
        )
    emails_to = CompiledQuery(lambda to: OutgoingEmail.objects.filter(to=to).order_by("pk"), TEXT_STAND_IN)
    for to in ["li@example.com", "wang@example.com", "nobody@example.com"]:
        found = emails_to.all(to)
        assert [fields(email) for email in found] == [
            fields(email) for email in OutgoingEmail.objects.filter(to=to).order_by("pk")
        ]
    assert emails_to.first("li@example.com").headers == {"Reply-To": "team@example.com"}
    assert emails_to.first("nobody@example.com") is None


def test_a_query_with_annotations_or_without_its_value_is_refused():
    counted = CompiledQuery(lambda slug: Event.objects.filter(slug=slug).annotate(asked=Count("questions")), "x")
    with pytest.raises(ValueError):
        counted.all("summit")
    constant = CompiledQuery(lambda slug: Event.objects.filter(slug="summit"), TEXT_STAND_IN)
    with pytest.raises(ValueError):
        constant.all("summit")
