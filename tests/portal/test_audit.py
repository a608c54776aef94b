"""Every staff change is recorded (who, when, what, the value before) and can be reverted."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from districts.models import Incentive
from enterprises.models import Enterprise
from events.models import Registration
from staff.roles import BUREAU_STAFF, EVENT_ORGANISERS
from tests.factories import (
    DistrictFactory,
    EnterpriseFactory,
    EventFactory,
    IncentiveFactory,
    InquiryFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def district():
    return DistrictFactory(slug="haizhu")


@pytest.fixture
def editor(django_user_model, district):
    user = django_user_model.objects.create_user("wang", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=BUREAU_STAFF))
    district.editors.add(user)
    return user


def versions(record):
    """(author, comment, stored title or state) of each version, oldest first."""
    return [
        (version.revision.user, version.revision.comment, version.field_dict)
        for version in Version.objects.get_for_object(record).order_by("pk").select_related("revision")
    ]


def incentive_form(incentive, **changes):
    data = {
        "district": incentive.district_id,
        "title_zh_hans": incentive.title_zh_hans,
        "title_en": incentive.title_en,
        "summary_zh_hans": incentive.summary_zh_hans or "摘要",
        "summary_en": incentive.summary_en,
        "category": incentive.category,
        "source": incentive.source_id,
        "level": incentive.level,
        "scope": incentive.scope,
    }
    return {**data, **changes}


def test_a_change_in_the_admin_records_who_what_and_the_value_before(editor, district):
    incentive = IncentiveFactory(district=district, title_en="Rent relief")
    url = f"/admin/districts/incentive/{incentive.pk}/change/"
    response = logged_in(editor).post(url, incentive_form(incentive, title_en="Rent relief for studios"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    [before, after] = versions(incentive)
    assert before[0] is None and before[2]["title_en"] == "Rent relief"
    assert after[0] == editor and "Title (English)" in after[1] and after[2]["title_en"] == "Rent relief for studios"
    history = logged_in(editor).get(f"/admin/districts/incentive/{incentive.pk}/history/").content.decode()
    assert "wang" in history and "Rent relief" in history


def test_an_administrator_reverts_a_change_and_an_editor_may_not(editor, district, django_user_model):
    incentive = IncentiveFactory(district=district, title_en="Rent relief")
    url = f"/admin/districts/incentive/{incentive.pk}/change/"
    logged_in(editor).post(url, incentive_form(incentive, title_en="Wrong title"))
    before = Version.objects.get_for_object(incentive).order_by("pk").first()
    revert_url = f"/admin/districts/incentive/{incentive.pk}/history/{before.pk}/"
    # The editor sees the old version but cannot replay it.
    old_page = logged_in(editor).get(revert_url)
    assert old_page.status_code == 200 and 'value="Rent relief"' in old_page.content.decode()
    assert logged_in(editor).post(revert_url, incentive_form(incentive, title_en="Rent relief")).status_code == 403
    incentive.refresh_from_db()
    assert incentive.title_en == "Wrong title"

    administrator = logged_in(django_user_model.objects.create_superuser("admin", password="x"))
    assert administrator.post(revert_url, incentive_form(incentive, title_en="Rent relief")).status_code == 302
    incentive.refresh_from_db()
    assert incentive.title_en == "Rent relief"


def test_the_history_of_another_districts_record_stays_closed(editor):
    elsewhere = IncentiveFactory(district=DistrictFactory(slug="linping"))
    client = logged_in(editor)
    assert client.get(f"/admin/districts/incentive/{elsewhere.pk}/history/").status_code == 302
    assert client.get("/admin/districts/incentive/recover/").status_code == 403


def test_bulk_actions_are_recorded_per_record(editor, district):
    inquiry = InquiryFactory(district=district)
    listing = EnterpriseFactory(district=district, state=Enterprise.State.UNPUBLISHED)
    client = logged_in(editor)
    client.post("/admin/districts/inquiry/", {"action": "mark_closed", "_selected_action": [inquiry.pk]})
    client.post("/admin/enterprises/enterprise/", {"action": "publish", "_selected_action": [listing.pk]})
    assert [(author, fields["status"]) for author, _, fields in versions(inquiry)] == [
        (None, "new"),
        (editor, "closed"),
    ]
    assert [(author, fields["state"]) for author, _, fields in versions(listing)] == [
        (None, "unpublished"),
        (editor, "published"),
    ]


def test_a_csv_import_is_one_revision_under_the_importers_name(editor, district):
    listing = EnterpriseFactory(district=district, slug="jiuzhou", name_en="Old name")
    upload = SimpleUploadedFile(
        "listings.csv",
        b"slug,name_zh_hans,name_en,district,segments\njiuzhou,,New name,haizhu,production\n",
        "text/csv",
    )
    client = logged_in(editor)
    preview = client.post(
        "/admin/enterprises/enterprise/import/", {"format": "0", "resource": "0", "import_file": upload}
    )
    client.post("/admin/enterprises/enterprise/process_import/", preview.context["confirm_form"].initial)
    listing.refresh_from_db()
    assert listing.name_en == "New name"
    [(_, _, before), (author, comment, after)] = versions(listing)
    assert before["name_en"] == "Old name" and after["name_en"] == "New name"
    assert author == editor and comment == "Imported from a CSV file"


@pytest.mark.parametrize("where", [{}, {"next": "/en/events/summit/organise/"}], ids=["at the door", "from the list"])
def test_a_check_in_is_recorded_with_the_organiser(django_user_model, where):
    # Under way today, so the ticket is admitted without a question.
    starts_at = timezone.now() - datetime.timedelta(minutes=1)
    event = EventFactory(slug="summit", starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=8))
    organiser = django_user_model.objects.create_user("zhao", password="x", is_staff=True)
    organiser.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    event.organisers.add(organiser)
    registration = RegistrationFactory(event=event)
    logged_in(organiser).post(
        "/en/events/summit/organise/check-in/", {"ticket_code": registration.ticket_code, **where}
    )
    [(_, _, before), (author, _, after)] = versions(registration)
    assert before["checked_in_at"] is None and after["checked_in_at"] is not None and author == organiser


def test_public_submissions_leave_no_versions_of_their_own():
    registration = RegistrationFactory()
    registration.full_name = "Changed by a service, not by staff"
    registration.save()
    assert not Version.objects.get_for_object(registration).exists()
    assert Registration.objects.count() == 1 and Incentive.objects.count() == 0
