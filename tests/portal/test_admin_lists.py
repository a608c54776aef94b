"""What staff read in the admin lists and forms: registrations by event, amounts as each language counts
them, field labels that name their language, inquiries to a spreadsheet, times never "midnight"."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.test import Client

from districts.models import Inquiry
from tests.factories import EventFactory, IncentiveFactory, RegistrationFactory
from tests.portal import test_roles

pytestmark = pytest.mark.django_db

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
# Two districts and two events, an editor and an organiser for each, and an administrator.
world = test_roles.world


def admin_client(user, language="en") -> Client:
    client = test_roles.client_for(user)
    client.cookies["django_language"] = language
    return client


def test_each_event_links_to_its_registrations_and_the_list_keeps_to_that_event(world):
    client = admin_client(world["admin"])
    event = world["a"]["event"]
    RegistrationFactory(event=event, full_name="Second A")
    events = client.get("/admin/events/event/").content.decode()
    link = f"/admin/events/registration/?event__id__exact={event.pk}"
    assert f'href="{link}"' in events
    listed = client.get(link).context["cl"].result_list
    assert sorted(registration.full_name for registration in listed) == ["Attendee A", "Second A"]


def test_an_organiser_filters_registrations_by_their_own_events_only(world):
    second = EventFactory(title_en="Event C")
    second.organisers.add(world["a"]["organiser"])
    RegistrationFactory(event=second)
    page = admin_client(world["a"]["organiser"]).get("/admin/events/registration/").content.decode()
    assert f"?event__id__exact={world['a']['event'].pk}" in page and f"?event__id__exact={second.pk}" in page
    assert f"?event__id__exact={world['b']['event'].pk}" not in page


@pytest.mark.parametrize("language, amount", [("zh-hans", "80万元"), ("en", "800,000 yuan")])
def test_incentive_amounts_read_as_the_language_counts_money(world, language, amount):
    IncentiveFactory(district=world["a"]["district"], max_amount_cny=800_000)
    page = admin_client(world["admin"], language).get("/admin/districts/incentive/").content.decode()
    assert f'<td class="field-amount">{amount}</td>' in page
    assert ">800000<" not in page and ">800000.00<" not in page


@pytest.mark.parametrize(
    "language, chinese, english",
    [("en", "Title (简体中文)", "Title (English)"), ("zh-hans", "标题（简体中文）", "标题（English）")],
)
def test_translated_fields_are_labelled_with_the_name_of_their_language(world, language, chinese, english):
    incentive = world["a"]["incentive"]
    page = admin_client(world["admin"], language).get(f"/admin/districts/incentive/{incentive.pk}/change/")
    text = page.content.decode()
    assert "[zh-hans]" not in text and "[en]" not in text
    assert chinese in text and english in text


def export(client, inquiries):
    return client.post(
        "/admin/districts/inquiry/",
        {"action": "export_csv", "_selected_action": [inquiry.pk for inquiry in inquiries]},
    )


def test_staff_export_the_inquiries_within_their_reach_for_a_spreadsheet(world):
    mine, other = world["a"]["inquiry"], world["b"]["inquiry"]
    Inquiry.objects.filter(pk=mine.pk).update(company="=HYPERLINK(1)")
    response = export(admin_client(world["a"]["editor"]), [mine, other])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="inquiries-')
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    assert rows[0][:4] == ["Received", "District", "Company", "Contact person"]
    # The other district's inquiry, posted by hand, is not in the file; the formula is text.
    assert [row[2] for row in rows[1:]] == ["'=HYPERLINK(1)"]
    assert rows[1][1] == "District A" and rows[1][4] == "companya@example.com"


def test_the_inquiry_export_is_in_the_staff_members_language(world):
    response = export(admin_client(world["admin"], "zh-hans"), [world["a"]["inquiry"]])
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff"))))
    assert header[:3] == ["收到时间", "区域", "公司"]


def test_a_start_at_midnight_shows_as_00_00_not_midnight(world):
    midnight = datetime.datetime(2025, 1, 17, 0, 0, tzinfo=BEIJING)
    EventFactory(title_en="Night Launch", starts_at=midnight, ends_at=midnight + datetime.timedelta(hours=2))
    EventFactory(
        title_en="Day Summit",
        starts_at=midnight,
        ends_at=midnight + datetime.timedelta(hours=9),
        times_announced=False,
    )
    page = admin_client(world["admin"]).get("/admin/events/event/?q=a").content.decode()
    assert "midnight" not in page
    assert "Fri 17 Jan 2025, 00:00 – 02:00" in page
    assert "Fri 17 Jan 2025<" in page  # a day whose times are not published shows no time at all


def test_a_registration_made_at_midnight_shows_00_00_in_the_list(world):
    registration = world["a"]["registration"]
    type(registration).objects.filter(pk=registration.pk).update(
        created_at=datetime.datetime(2025, 1, 17, 0, 0, tzinfo=BEIJING)
    )
    page = admin_client(world["admin"]).get("/admin/events/registration/").content.decode()
    assert "midnight" not in page and "17 Jan 2025, 00:00" in page
