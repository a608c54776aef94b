"""The leads dashboard of a district: its figures on a small known data set, who may open it, its date range,
its CSV export and its query count."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation

from districts.models import Inquiry
from meetings.models import Desk, Meeting, Slot
from page_views.models import PageViewDay
from staff.leads import leads_dashboard, working_days_before
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

BEIJING = ZoneInfo("Asia/Shanghai")
# Two weeks, Monday 2 to Sunday 15 November 2026.
PERIOD = {"start": "2026-11-02", "end": "2026-11-15"}
# Thursday 19 November 2026, 10:00 in Beijing.
NOW = datetime.datetime(2026, 11, 19, 10, tzinfo=BEIJING)
DASHBOARD = "/admin/leads/haizhu/"


def beijing(*parts):
    return datetime.datetime(*parts, tzinfo=BEIJING)


def received(district, at, replied_after_hours=None, **fields):
    """An inquiry received at `at` (Beijing), answered that many hours later if given."""
    inquiry = InquiryFactory(district=district, **fields)
    first_reply = at + datetime.timedelta(hours=replied_after_hours) if replied_after_hours is not None else None
    status = fields.get("status", Inquiry.Status.IN_CONTACT if first_reply else Inquiry.Status.NEW)
    Inquiry.objects.filter(pk=inquiry.pk).update(created_at=at, first_replied_at=first_reply, status=status)
    return inquiry


@pytest.fixture
def haizhu():
    """Haizhu's inquiries, registrations and page views of two weeks, with a few just outside them, and
    Linping's, which Haizhu's dashboard never counts."""
    haizhu, linping = DistrictFactory(slug="haizhu", name_en="Haizhu"), DistrictFactory(slug="linping")
    finder = {"finder_url": "https://example.com/en/incentives/finder/?stage=startup", "stage": "startup"}
    # Week of 2 November: three inquiries; week of 9 November: two (one late on Sunday night in Beijing).
    received(haizhu, beijing(2026, 11, 2, 0, 30), 2, segment="production", language="en", context=finder)
    received(haizhu, beijing(2026, 11, 4, 10), 4, segment="production", language="zh-hans")
    received(haizhu, beijing(2026, 11, 6, 16), 30, segment="platform", language="en", status=Inquiry.Status.SETTLED)
    received(haizhu, beijing(2026, 11, 10, 9), None, segment="", language="zh-hans", company="=HYPERLINK(1)")
    received(haizhu, beijing(2026, 11, 15, 23, 30), None, segment="platform", language="en")
    # Outside the period (Sunday 1 November late at night, Monday 16 November just after midnight) or elsewhere.
    received(haizhu, beijing(2026, 11, 1, 23, 59), 1, language="en")
    received(haizhu, beijing(2026, 11, 16, 0, 1), None, language="en", company="Monday's")
    received(linping, beijing(2026, 11, 3, 10), 1, language="en")
    event = EventFactory(slug="pitch-day", district=haizhu, title_en="Pitch day")
    for day in [3, 5, 12]:
        registration = RegistrationFactory(event=event)
        registration.created_at = beijing(2026, 11, day, 12)
        registration.save()
    RegistrationFactory(event=EventFactory(district=linping))
    # Meetings at the pitch day: one accepted with Haizhu's desk in the period, one only requested, one
    # accepted after the period; Linping's accepted meeting is Linping's lead.
    desk = Desk.objects.create(event=event, kind=Desk.Kind.DISTRICT, district=haizhu, contact_email="d@example.com")
    other_desk = Desk.objects.create(
        event=event, kind=Desk.Kind.DISTRICT, district=linping, contact_email="l@example.com"
    )
    for desk_of, day, status in [
        (desk, 10, Meeting.Status.ACCEPTED),
        (desk, 11, Meeting.Status.REQUESTED),
        (desk, 16, Meeting.Status.ACCEPTED),
        (other_desk, 10, Meeting.Status.ACCEPTED),
    ]:
        slot = Slot.objects.create(
            desk=desk_of, starts_at=beijing(2026, 11, day, 15), ends_at=beijing(2026, 11, day, 15, 20)
        )
        Meeting.objects.create(slot=slot, registration=RegistrationFactory(event=event), status=status)
    incentive = IncentiveFactory(district=haizhu, title_en="Studio rent subsidy")
    other_incentive = IncentiveFactory(district=haizhu, title_en="Post-production grant")
    EnterpriseFactory(slug="flextv", district=haizhu, name_en="FlexTV")
    for kind, key, views in [
        ("district", "haizhu", 40),
        ("incentive", str(incentive.pk), 25),
        ("incentive", str(other_incentive.pk), 5),
        ("enterprise", "flextv", 7),
        ("event", "pitch-day", 3),
        ("finder", "haizhu", 6),
        ("district", "linping", 1000),
    ]:
        PageViewDay.objects.create(kind=kind, key=key, language="en", day=datetime.date(2026, 11, 9), views=views)
    # Outside the period: not counted.
    PageViewDay.objects.create(kind="district", key="haizhu", language="en", day=datetime.date(2026, 11, 16), views=99)
    return {"district": haizhu, "linping": linping, "incentive": incentive}


def signed_in(django_user_model, username, group=None, districts=(), **user):
    person = django_user_model.objects.create_user(username, password="x", is_staff=True, **user)
    if group:
        person.groups.add(Group.objects.get(name=group))
    person.edited_districts.add(*districts)
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(person)
    return client


@pytest.fixture
def editor(django_user_model, haizhu):
    return signed_in(django_user_model, "wang", BUREAU_STAFF, [haizhu["district"]])


def test_the_figures_of_two_weeks_count_by_beijing_day_and_monday_weeks(haizhu):
    with translation.override("en"):
        dashboard = leads_dashboard(haizhu["district"], datetime.date(2026, 11, 2), datetime.date(2026, 11, 15), NOW)
    assert dashboard.weeks == [(datetime.date(2026, 11, 2), 3, 2), (datetime.date(2026, 11, 9), 2, 1)]
    assert (dashboard.inquiries, dashboard.replied, dashboard.won) == (5, 3, 1)
    assert dashboard.median_reply == datetime.timedelta(hours=4)
    breakdowns = {breakdown.slug: dict(breakdown.rows) for breakdown in dashboard.breakdowns}
    assert breakdowns["segment"] == {"Production": 2, "Platform": 2, "Not recorded": 1}
    assert breakdowns["stage"] == {"Start-up": 1, "Not recorded": 4}
    assert breakdowns["language"] == {"English": 3, "简体中文": 2}
    assert breakdowns["page"] == {"The district's page, from the finder": 1, "The district's page": 4}
    assert [(page.title, page.views) for page in dashboard.top_pages] == [
        ("Haizhu", 40),
        ("Studio rent subsidy", 25),
        ("FlexTV", 7),
        ("Post-production grant", 5),
        ("Pitch day", 3),
    ]
    assert [page.title for page in dashboard.top_incentives] == ["Studio rent subsidy", "Post-production grant"]
    assert [(step.label, step.count) for step in dashboard.funnel] == [
        ("Page views", 80),
        ("Finder answers taken to the district", 6),
        ("Inquiries", 5),
        ("Meetings at events", 1),
        ("Leads won (settled)", 1),
    ]
    assert [row.label for row in dashboard.funnel_chart.rows] == [
        "Page views",
        "Finder answers taken to the district",
        "Inquiries",
        "Meetings at events",
        "Leads won (settled)",
    ]


@pytest.mark.parametrize(
    "received_at, now, late",
    [
        # Friday 10:00 to Tuesday 09:00 is 47 working hours: not yet late; at 11:00 it is.
        (beijing(2026, 11, 13, 10), beijing(2026, 11, 17, 9), False),
        (beijing(2026, 11, 13, 10), beijing(2026, 11, 17, 11), True),
        # Received on a Saturday: the weekend does not count; Monday and Tuesday do.
        (beijing(2026, 11, 14, 10), beijing(2026, 11, 17, 23, 59), False),
        (beijing(2026, 11, 14, 10), beijing(2026, 11, 18, 0, 1), True),
        # Within the week.
        (beijing(2026, 11, 16, 9), beijing(2026, 11, 18, 8), False),
        (beijing(2026, 11, 16, 9), beijing(2026, 11, 18, 10), True),
    ],
)
def test_an_inquiry_is_late_after_two_working_days_in_beijing(received_at, now, late):
    assert (received_at < working_days_before(now, 2)) is late


def test_late_inquiries_are_flagged_with_links_whatever_the_period(haizhu, editor):
    with time_machine.travel(NOW, tick=False):
        page = editor.get(DASHBOARD, PERIOD).content.decode()
    # Still new on Thursday 19 November: the ones of 10 and 15 November and of Monday 16 November (00:01);
    # answered ones never.
    waiting = {inquiry.company: inquiry.pk for inquiry in Inquiry.objects.filter(status="new")}
    assert "3 inquiries waiting longer than two working days" in page
    for company, pk in waiting.items():
        assert f'href="/admin/districts/inquiry/{pk}/change/"' in page
    assert "Monday&#x27;s" in page


def test_a_bureau_editor_reads_the_dashboard_of_their_district(haizhu, editor):
    with time_machine.travel(NOW, tick=False):
        response = editor.get(DASHBOARD, PERIOD)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title" in page and "Leads of Haizhu" in page
    assert '<th scope="row">2026-11-02</th><td>3</td><td>2</td>' in page
    assert '<td id="median-reply">4.0 hours</td>' in page
    assert '<th scope="row">Meetings at events</th><td>1</td>' in page
    assert page.count('<svg class="category-chart"') == 6  # weekly, four breakdowns, funnel: each with its table
    assert '<a href="/en/incentives/{}/">Studio rent subsidy</a>'.format(haizhu["incentive"].pk) in page


def test_the_dashboard_reads_in_chinese(haizhu, editor):
    editor.cookies["django_language"] = "zh-hans"
    with time_machine.travel(NOW, tick=False):
        page = editor.get(DASHBOARD, PERIOD).content.decode()
    assert "咨询与活动报名（按周）" in page
    assert "首次回复时间中位数" in page
    assert '<th scope="row">活动洽谈</th>' in page


def test_without_dates_it_shows_the_last_twelve_weeks(haizhu, editor):
    with time_machine.travel(NOW, tick=False):
        response = editor.get(DASHBOARD)
    dashboard = response.context["dashboard"]
    assert (dashboard.start, dashboard.end) == (datetime.date(2026, 8, 31), datetime.date(2026, 11, 19))
    assert len(dashboard.weeks) == 12


@pytest.mark.parametrize(
    "query, message",
    [
        ({"start": "2026-13-01"}, "Enter the first day as a date, for example 2026-09-07."),
        ({"end": "yesterday"}, "Enter the last day as a date, for example 2026-11-29."),
        ({"start": "2026-11-15", "end": "2026-11-02"}, "The last day comes before the first; choose a later one."),
        ({"start": "2020-01-01", "end": "2026-11-02"}, "Choose a period of at most three years."),
        ({"start": "9999-12-31", "end": "9999-12-31"}, "Choose a day between 2000 and a year from today."),
        ({"start": "\x00"}, "Enter the first day as a date"),
    ],
)
def test_a_bad_date_range_gets_a_message_and_keeps_what_was_typed(haizhu, editor, query, message):
    response = editor.get(DASHBOARD, query)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "weekly-table" not in page
    typed = query.get("start", "").replace("\x00", "")
    if typed:
        assert f'value="{typed}"' in page


def test_the_csv_holds_what_is_shown_safe_from_formulas(haizhu, editor):
    with time_machine.travel(NOW, tick=False):
        response = editor.get(f"{DASHBOARD}leads.csv", PERIOD)
    assert response["Content-Disposition"] == 'attachment; filename="leads-haizhu-2026-11-02-2026-11-15.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Row", "Figure"]
    assert ["Inquiries per week", "2026-11-02", "3"] in rows
    assert ["Event registrations per week", "2026-11-09", "1"] in rows
    assert ["By company stage", "Start-up", "1"] in rows
    assert ["Replies", "Median time to first reply (hours)", "4.0"] in rows
    assert ["Waiting longer than two working days", "'=HYPERLINK(1)", "2026-11-10 09:00"] in rows
    assert ["Most viewed incentives", "Studio rent subsidy", "25"] in rows
    assert ["Funnel", "Meetings at events", "1"] in rows
    assert ["Funnel", "Leads won (settled)", "1"] in rows


def test_an_editor_cannot_open_another_districts_dashboard_or_its_csv(haizhu, editor):
    assert editor.get("/admin/leads/linping/").status_code == 404
    assert editor.get("/admin/leads/linping/leads.csv").status_code == 404
    index = editor.get("/admin/leads/").content.decode()
    assert 'href="/admin/leads/haizhu/"' in index and "/admin/leads/linping/" not in index


def test_an_organiser_and_a_visitor_are_kept_out(haizhu, django_user_model, client):
    organiser = signed_in(django_user_model, "zhou", EVENT_ORGANISERS)
    assert organiser.get(DASHBOARD).status_code == 403
    assert organiser.get("/admin/leads/").status_code == 403
    assert "/admin/login/" in client.get(DASHBOARD)["Location"]


def test_an_administrator_opens_every_district_and_the_admin_home_links_the_dashboards(haizhu, django_user_model):
    administrator = signed_in(django_user_model, "root", is_superuser=True)
    assert administrator.get("/admin/leads/linping/").status_code == 200
    assert 'href="/admin/leads/"' in administrator.get("/admin/").content.decode()
    index = administrator.get("/admin/leads/").content.decode()
    assert 'href="/admin/leads/haizhu/"' in index and 'href="/admin/leads/linping/"' in index


# Session, user, the user's and groups' permissions, the district; then the dashboard's nine: inquiries and
# registrations by day, the inquiries' breakdowns, their totals and median, the late ones, the titles of the
# district's incentives, enterprises and events, and the page views.
DASHBOARD_QUERIES = 15


def test_the_dashboard_costs_the_same_queries_however_many_rows(haizhu, editor, django_assert_num_queries):
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(DASHBOARD_QUERIES):
        assert editor.get(DASHBOARD, PERIOD).status_code == 200
    district = haizhu["district"]
    for day in range(2, 16):
        received(district, beijing(2026, 11, day, 11), day % 3 or None, segment="technology", language="en")
        PageViewDay.objects.create(
            kind="incentive",
            key=str(IncentiveFactory(district=district).pk),
            language="zh-hans",
            day=datetime.date(2026, 11, day),
            views=day,
        )
        RegistrationFactory(event=EventFactory(district=district))
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(DASHBOARD_QUERIES):
        assert editor.get(DASHBOARD, PERIOD).status_code == 200


def test_the_date_fields_show_the_period_shown(haizhu, editor):
    with time_machine.travel(NOW, tick=False):
        page = editor.get(DASHBOARD).content.decode()
    assert 'name="start" value="2026-08-31"' in page and 'name="end" value="2026-11-19"' in page
