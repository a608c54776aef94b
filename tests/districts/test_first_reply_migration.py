"""Inquiries the bureau had already moved on before the first reply was recorded get its time from the audit
trail (django-reversion's saved versions); those without such a version keep none rather than a guess."""

import datetime
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from reversion.models import Revision, Version

from districts.models import Inquiry

BEFORE = [("districts", "0016_amount_for_not_published")]
AFTER = [("districts", "0017_inquiry_first_replied_at")]
UTC = datetime.UTC


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_first_reply_is_read_from_the_first_saved_version_that_was_no_longer_new():
    old = migrate(BEFORE)
    District, OldInquiry = old.get_model("districts", "District"), old.get_model("districts", "Inquiry")
    district = District.objects.create(slug="haizhu", name="海珠区", city="广州市", province="广东省")
    fields = {"district": district, "contact_name": "Li", "email": "li@example.com", "message": "Hi", "consent": True}
    answered = OldInquiry.objects.create(company="Answered", status="closed", language="en", **fields)
    untraced = OldInquiry.objects.create(company="Untraced", status="in_contact", language="en", **fields)
    waiting = OldInquiry.objects.create(company="Waiting", status="new", language="en", **fields)
    content_type = ContentType.objects.get_for_model(Inquiry)
    for status, saved_at in [
        ("new", datetime.datetime(2026, 11, 2, 9, tzinfo=UTC)),
        ("in_contact", datetime.datetime(2026, 11, 3, 10, tzinfo=UTC)),
        ("closed", datetime.datetime(2026, 11, 9, 10, tzinfo=UTC)),
    ]:
        revision = Revision.objects.create(date_created=saved_at, comment="")
        data = json.dumps([{"model": "districts.inquiry", "pk": answered.pk, "fields": {"status": status}}])
        Version.objects.create(
            revision=revision,
            object_id=str(answered.pk),
            content_type_id=content_type.pk,
            db="default",
            format="json",
            serialized_data=data,
            object_repr="Answered",
        )

    migrate(AFTER)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    first_reply = dict(Inquiry.objects.values_list("company", "first_replied_at"))
    assert first_reply == {
        "Answered": datetime.datetime(2026, 11, 3, 10, tzinfo=UTC),
        "Untraced": None,
        "Waiting": None,
    }
    assert {answered.pk, untraced.pk, waiting.pk} == set(Inquiry.objects.values_list("pk", flat=True))
