import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import Enterprise
from foundation.models import OutgoingEmail
from tests.factories import DistrictFactory, EnterpriseFactory, InquiryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_work():
    district = DistrictFactory()
    EnterpriseFactory.create_batch(2, state=Enterprise.State.PENDING, district=district)
    EnterpriseFactory(state=Enterprise.State.PUBLISHED, district=district)
    for status in ["new", "new", "new", "closed"]:
        InquiryFactory(district=district, status=status)
    OutgoingEmail.objects.create(to="a@example.com", subject="s", body="b", status=OutgoingEmail.Status.FAILED)
    OutgoingEmail.objects.create(to="b@example.com", subject="s", body="b", status=OutgoingEmail.Status.SENT)


def queue_rows(page: str) -> dict:
    """The "Waiting for you" table: label -> (count, link)."""
    if 'id="waiting-for-staff"' not in page:
        return {}
    table = page[page.index('id="waiting-for-staff"') : page.index("</table>")]
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>(\d+)</td>', table)
    return {label: (int(count), link) for link, label, count in rows}


def test_the_admin_home_counts_what_waits_for_staff_with_links_to_it(client, django_user_model, waiting_work):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "x"))
    client.cookies["django_language"] = "en"
    rows = queue_rows(client.get(reverse("admin:index")).content.decode())
    assert rows == {
        "Listings waiting for review": (2, "/admin/enterprises/enterprise/?state__exact=pending"),
        "Inquiries not yet handled": (3, "/admin/districts/inquiry/?status__exact=new"),
        "Emails that could not be sent": (1, "/admin/haizhu_portal/outgoingemail/?status__exact=failed"),
    }
    for count, link in rows.values():
        assert client.get(link).content.decode().count('class="action-select"') == count


def test_staff_see_only_the_queues_they_may_open(client, django_user_model, waiting_work):
    organiser = django_user_model.objects.create_user("organiser", "o@example.com", "x", is_staff=True)
    organiser.groups.add(Group.objects.get(name="Event organisers"))
    client.force_login(organiser)
    client.cookies["django_language"] = "en"
    rows = queue_rows(client.get(reverse("admin:index")).content.decode())
    assert list(rows) == ["Emails that could not be sent"]


def test_a_bureau_editor_counts_only_their_own_districts_queue(client, django_user_model, waiting_work):
    editor = django_user_model.objects.create_user("editor", "e@example.com", "x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Bureau staff"))
    own = DistrictFactory()
    own.editors.add(editor)
    InquiryFactory(district=own, status="new")
    EnterpriseFactory(state=Enterprise.State.PENDING, district=own)
    client.force_login(editor)
    client.cookies["django_language"] = "en"
    rows = queue_rows(client.get(reverse("admin:index")).content.decode())
    assert rows["Inquiries not yet handled"][0] == 1
    assert rows["Listings waiting for review"][0] == 1


def test_the_admin_home_costs_the_same_queries_however_much_waits(
    client, django_user_model, waiting_work, django_assert_num_queries
):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "x"))
    client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("admin:index"))
    EnterpriseFactory.create_batch(10, state=Enterprise.State.PENDING)
    InquiryFactory.create_batch(10)
    with django_assert_num_queries(len(few)):
        client.get(reverse("admin:index"))
    # Session and user, one count per queue, and the recent actions.
    assert len(few) <= 6
