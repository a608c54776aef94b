import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from districts.models import Inquiry
from staff.roles import BUREAU_STAFF
from tests.factories import DistrictFactory, InquiryFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/districts/inquiry/"
# Session, user, groups and permissions, counts, the page, the owner and district filters.
QUEUE_QUERIES = 13
Status = Inquiry.Status


def inquiry(district, company, **fields):
    return InquiryFactory(district=district, company=company, **fields)


@pytest.fixture
def bureau(django_user_model):
    haizhu, linping = DistrictFactory(slug="haizhu"), DistrictFactory(slug="linping")
    editors = {}
    for name, district in [("wang", haizhu), ("zhao", haizhu), ("chen", linping)]:
        user = django_user_model.objects.create_user(name, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=BUREAU_STAFF))
        district.editors.add(user)
        editors[name] = user
    return {"haizhu": haizhu, "linping": linping, **editors}


@pytest.fixture
def wang_client(client, bureau):
    client.force_login(bureau["wang"])
    client.cookies["django_language"] = "en"
    return client


def listed(response):
    return sorted(row.company for row in response.context["cl"].result_list)


def test_an_editor_sees_their_districts_queue_by_status_and_owner(wang_client, bureau):
    inquiry(bureau["haizhu"], "Fresh")
    inquiry(bureau["haizhu"], "Calling", status=Status.IN_CONTACT, owner=bureau["zhao"])
    inquiry(bureau["haizhu"], "Mine", status=Status.VISITED, owner=bureau["wang"])
    inquiry(bureau["linping"], "Elsewhere")
    assert listed(wang_client.get(CHANGELIST)) == ["Calling", "Fresh", "Mine"]
    assert listed(wang_client.get(CHANGELIST, {"status__exact": "new"})) == ["Fresh"]
    assert listed(wang_client.get(CHANGELIST, {"owner__id__exact": bureau["zhao"].pk})) == ["Calling"]
    page = wang_client.get(CHANGELIST).content.decode()
    assert "In contact" in page and "Visited" in page


def test_the_owner_picker_lists_only_editors_of_the_same_districts(wang_client, bureau):
    record = inquiry(bureau["haizhu"], "Fresh")
    form = wang_client.get(f"{CHANGELIST}{record.pk}/change/").context["adminform"].form
    assert {user.username for user in form.fields["owner"].queryset} == {"wang", "zhao"}
    response = wang_client.post(
        f"{CHANGELIST}{record.pk}/change/", {"status": "in_contact", "owner": bureau["chen"].pk, "notes": "Called."}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    record.refresh_from_db()
    assert (record.status, record.owner, record.notes) == (Status.NEW, None, "")


def test_an_editor_moves_an_inquiry_along_with_notes(wang_client, bureau):
    record = inquiry(bureau["haizhu"], "Fresh")
    response = wang_client.post(
        f"{CHANGELIST}{record.pk}/change/",
        {"status": "visited", "owner": bureau["zhao"].pk, "notes": "Visited the studio park on Monday."},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.owner, record.notes) == (
        Status.VISITED,
        bureau["zhao"],
        "Visited the studio park on Monday.",
    )
    # What the investor sent stays as sent.
    assert record.company == "Fresh" and record.message == "We look for a studio."


def test_an_owner_must_edit_the_inquiry_district(bureau):
    record = inquiry(bureau["haizhu"], "Fresh", owner=bureau["chen"])
    with pytest.raises(ValidationError, match="Choose an editor of"):
        record.full_clean()


def test_bulk_actions_assign_and_close_only_inquiries_in_reach(wang_client, bureau):
    mine = inquiry(bureau["haizhu"], "Fresh")
    elsewhere = inquiry(bureau["linping"], "Elsewhere")
    selected = [mine.pk, elsewhere.pk]
    wang_client.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": selected})
    wang_client.post(CHANGELIST, {"action": "mark_closed", "_selected_action": selected})
    mine.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (mine.owner, mine.status) == (bureau["wang"], Status.CLOSED)
    assert (elsewhere.owner, elsewhere.status) == (None, Status.NEW)


@pytest.mark.parametrize("count", [2, 12])
def test_the_queue_costs_the_same_queries_however_long(wang_client, bureau, count, django_assert_num_queries):
    for number in range(count):
        inquiry(bureau["haizhu"], f"Company {number}", owner=bureau["zhao"], status=Status.IN_CONTACT)
    inquiry(bureau["linping"], "Elsewhere")
    with django_assert_num_queries(QUEUE_QUERIES):
        response = wang_client.get(CHANGELIST, {"status__exact": "in_contact"})
    assert len(response.context["cl"].result_list) == count


def test_the_first_reply_is_the_moment_the_bureau_first_moves_the_inquiry_on(wang_client, bureau):
    waiting = inquiry(bureau["haizhu"], "Fresh")
    assert waiting.first_replied_at is None
    wang_client.post(f"{CHANGELIST}{waiting.pk}/change/", {"status": "in_contact", "owner": "", "notes": ""})
    waiting.refresh_from_db()
    assert waiting.status == Status.IN_CONTACT and waiting.first_replied_at is not None
    first = waiting.first_replied_at
    wang_client.post(CHANGELIST, {"action": "mark_closed", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.status == Status.CLOSED and waiting.first_replied_at == first


def test_closing_a_new_inquiry_from_the_list_counts_as_its_first_reply(wang_client, bureau):
    waiting = inquiry(bureau["haizhu"], "Fresh")
    wang_client.post(CHANGELIST, {"action": "mark_closed", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.first_replied_at is not None
