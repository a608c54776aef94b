"""The page views list in the admin: read-only, with the total, each staff member seeing their districts' pages."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from page_views.models import PageViewDay
from staff.roles import BUREAU_STAFF, EVENT_ORGANISERS
from tests.factories import DistrictFactory, EnterpriseFactory, EventFactory, IncentiveFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/page_views/pageviewday/"
DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def two_districts():
    """Haizhu and Linping, each with an incentive, a company and an event, and a day of views of each page."""
    places = {}
    for slug, views in [("haizhu", 10), ("linping", 1000)]:
        district = DistrictFactory(slug=slug)
        incentive = IncentiveFactory(district=district)
        EnterpriseFactory(slug=f"{slug}-studio", district=district)
        event = EventFactory(slug=f"{slug}-briefing", district=district)
        pages = [("district", slug), ("incentive", str(incentive.pk)), ("enterprise", f"{slug}-studio")]
        pages.append(("event", f"{slug}-briefing"))
        for kind, key in pages:
            PageViewDay.objects.create(kind=kind, key=key, language="en", day=DAY, views=views)
        places[slug] = {"district": district, "event": event, "incentive": incentive}
    return places


def signed_in(django_user_model, username, group=None, **user):
    person = django_user_model.objects.create_user(username, password="x", is_staff=True, **user)
    if group:
        person.groups.add(Group.objects.get(name=group))
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(person)
    return client, person


def listed(client, query=""):
    response = client.get(f"{LIST}{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_an_editor_sees_the_views_of_their_districts_pages_and_their_total(django_user_model, two_districts):
    client, editor = signed_in(django_user_model, "editor", BUREAU_STAFF)
    editor.edited_districts.add(two_districts["haizhu"]["district"])
    page = listed(client)
    for key in ["haizhu", "haizhu-studio", "haizhu-briefing", str(two_districts["haizhu"]["incentive"].pk)]:
        assert f">{key}</a>" in page
    for key in ["linping", "linping-studio", "linping-briefing", str(two_districts["linping"]["incentive"].pk)]:
        assert f">{key}</a>" not in page
    assert "Views in all, over every row the filters select: 40" in page
    assert 'href="/en/districts/haizhu/"' in page
    assert "Views in all, over every row the filters select: 10" in listed(client, "?kind__exact=event")


def test_an_organiser_sees_only_their_events_pages(django_user_model, two_districts):
    client, organiser = signed_in(django_user_model, "organiser", EVENT_ORGANISERS)
    organiser.organised_events.add(two_districts["linping"]["event"])
    page = listed(client)
    assert ">linping-briefing</a>" in page and ">linping</a>" not in page and ">haizhu-briefing</a>" not in page
    assert "Views in all, over every row the filters select: 1000" in page


def test_an_administrator_sees_every_page_and_nobody_adds_changes_or_deletes_a_count(django_user_model, two_districts):
    client, _ = signed_in(django_user_model, "admin", is_superuser=True)
    page = listed(client)
    assert "Views in all, over every row the filters select: 4040" in page
    assert f"{LIST}add/" not in page
    row = PageViewDay.objects.get(kind="district", key="haizhu")
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{row.pk}/change/", {"views": 1}).status_code == 403
    assert client.post(f"{LIST}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PageViewDay.objects.get(pk=row.pk).views == 10


def test_staff_without_a_role_see_no_page_views(django_user_model, two_districts):
    client, _ = signed_in(django_user_model, "newcomer")
    assert client.get(LIST).status_code == 403


def test_an_editor_sees_the_finder_use_of_their_districts_linked_to_the_district_page(django_user_model, two_districts):
    for slug in ["haizhu", "linping"]:
        PageViewDay.objects.create(kind="finder", key=slug, language="en", day=DAY, views=7)
    client, editor = signed_in(django_user_model, "editor", BUREAU_STAFF)
    editor.edited_districts.add(two_districts["haizhu"]["district"])
    page = listed(client, "?kind__exact=finder")
    assert '<a href="/en/districts/haizhu/">haizhu</a>' in page
    assert ">linping</a>" not in page
    assert "Views in all, over every row the filters select: 7" in page
