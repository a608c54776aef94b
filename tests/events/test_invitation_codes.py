"""Invitation codes: seats held back from the public, registration while closed or full, each use recorded
and given back on cancelling, every bad code refused clearly with nothing typed lost."""

import csv
import datetime
import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.admin import InvitationCodeInline
from events.models import Event, InvitationCode, Question, Registration
from events.services import RegistrationError, invitation_code_find, registration_cancel, registration_create
from staff.roles import EVENT_ORGANISERS
from tests.events.test_capacity import run_at_once
from tests.events.test_pages import form_data
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="summit", title_en="Summit", capacity=10)


def make_code(event, **fields) -> InvitationCode:
    values = {
        "label": "Visiting delegation from Hangzhou",
        "max_uses": 5,
        "expires_at": timezone.now() + datetime.timedelta(days=5),
    }
    return InvitationCode.objects.create(event=event, **(values | fields))


def register(event, email, code=None) -> Registration:
    return registration_create(
        event=event,
        full_name="王小明",
        email=email,
        organisation="映宇宙",
        role="investor",
        consent=True,
        language="en",
        invitation_code=invitation_code_find(event, code.code) if code else None,
    )


def post(client, language="en", slug="summit", follow=False, **overrides):
    return client.post(f"/{language}/events/{slug}/register/", form_data(**overrides), follow=follow)


def test_codes_are_unambiguous_and_entered_in_any_case(event):
    code = make_code(event)
    assert len(code.code) == 8 and not set(code.code) & set("01OI")
    typed = f" {code.code[:4].lower()}-{code.code[4:]} "
    assert invitation_code_find(event, typed) == code


def test_each_use_is_recorded_and_a_cancelled_registration_gives_its_use_back(client, event):
    code = make_code(event, max_uses=1)
    assert post(client, code=code.code.lower()).status_code == 302
    registration = Registration.objects.get()
    assert registration.invitation_code == code
    used_up = post(client, email="other@example.com", code=code.code)
    assert used_up.status_code == 400
    assert "has been used as many times as it allows" in used_up.content.decode()
    registration_cancel(registration=registration)
    # The use is given back: the next holder registers with the same code.
    assert post(client, email="other@example.com", code=code.code).status_code == 302
    assert Registration.objects.get(email="other@example.com").invitation_code == code


@pytest.mark.parametrize(
    "language, case, message",
    [
        ("en", "unknown", "This invitation code is not valid for this event. Check it, or leave the field empty."),
        ("zh-hans", "unknown", "该邀请码不适用于本活动。请核对，或留空。"),
        ("en", "expired", "This invitation code has expired. Leave the field empty to register without it."),
        ("zh-hans", "expired", "该邀请码已过期。如不使用邀请码报名，请留空。"),
        ("en", "used_up", "This invitation code has been used as many times as it allows."),
        ("zh-hans", "used_up", "该邀请码的使用次数已满。如不使用邀请码报名，请留空。"),
        ("en", "other_event", "This invitation code is not valid for this event."),
    ],
)
def test_a_bad_code_is_refused_on_its_field_and_nothing_typed_is_lost(client, event, language, case, message):
    question = Question.objects.create(event=event, label_en="Job title", label_zh_hans="职务", required=True)
    code = {
        "unknown": lambda: "NOPE2345",
        "expired": lambda: make_code(event, expires_at=timezone.now() - datetime.timedelta(minutes=1)).code,
        "used_up": lambda: (
            RegistrationFactory(event=event, invitation_code=make_code(event, max_uses=1)).invitation_code.code
        ),
        "other_event": lambda: make_code(EventFactory()).code,
    }[case]()
    response = post(client, language, code=code, **{f"answers-question_{question.pk}": "Producer"})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "code" in response.context["form"].errors
    assert f'value="{code}"' in page and 'value="李明"' in page and 'value="Producer"' in page
    assert not Registration.objects.filter(email="li@example.com").exists()


def test_a_code_used_up_between_the_check_and_the_lock_is_refused_on_its_field(client, event, monkeypatch):
    code = make_code(event, max_uses=1)
    from events import forms

    found = forms.invitation_code_find

    def found_then_used(event, typed):
        # Someone else takes the last use while this form is being checked.
        result = found(event, typed)
        RegistrationFactory(event=event, invitation_code=code)
        return result

    monkeypatch.setattr(forms, "invitation_code_find", found_then_used)
    response = post(client, code=code.code)
    assert response.status_code == 409
    assert "has been used as many times as it allows" in response.content.decode()
    assert 'value="李明"' in response.content.decode()
    assert not Registration.objects.filter(email="li@example.com").exists()


def test_the_link_fills_in_the_code(client, event):
    code = make_code(event)
    page = client.get(f"/en/events/summit/register/?code={code.code}").content.decode()
    assert f'name="code" value="{code.code}"' in page


def test_held_seats_show_as_fewer_free_seats_and_stay_for_the_code(client, event):
    code = make_code(event, max_uses=3, held_seats=3)
    assert "7 seats left" in client.get("/en/events/summit/").content.decode()
    assert "剩余7个名额" in client.get("/zh-hans/events/summit/").content.decode()
    public = [register(event, f"public{number}@example.com") for number in range(8)]
    assert [registration.status for registration in public].count(Registration.Status.CONFIRMED) == 7
    assert public[-1].status == Registration.Status.WAITING
    holders = [register(event, f"guest{number}@example.com", code) for number in range(3)]
    assert all(registration.status == Registration.Status.CONFIRMED for registration in holders)
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 10
    # A holder who cancels gives the held seat back to the code, not to the waiting list.
    registration_cancel(registration=holders[0])
    public[-1].refresh_from_db()
    assert public[-1].status == Registration.Status.WAITING
    assert register(event, "guest9@example.com", code).status == Registration.Status.CONFIRMED


def test_a_full_event_offers_a_seat_to_a_code_that_holds_one(client, event):
    code = make_code(event, max_uses=1, held_seats=1)
    RegistrationFactory.create_batch(9, event=event)
    assert "Join the waiting list" in client.get("/en/events/summit/register/").content.decode()
    page = client.get(f"/en/events/summit/register/?code={code.code}").content.decode()
    assert "Join the waiting list" not in page and ">Register</button>" in page


def test_an_expired_codes_held_seats_go_back_to_the_public(client, event):
    make_code(event, max_uses=3, held_seats=3, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "10 seats left" in client.get("/en/events/summit/").content.decode()


def test_a_code_may_open_registration_when_closed(client):
    closed = EventFactory(
        slug="closed", capacity=5, registration_closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    plain = make_code(closed)
    opening = make_code(closed, may_register_when_closed=True)
    assert 'name="full_name"' not in client.get("/en/events/closed/register/").content.decode()
    assert 'name="full_name"' not in client.get(f"/en/events/closed/register/?code={plain.code}").content.decode()
    assert 'name="full_name"' in client.get(f"/en/events/closed/register/?code={opening.code}").content.decode()
    refused = post(client, slug="closed", code=plain.code, follow=True)
    assert "Registration for this event has closed" in refused.content.decode()
    assert post(client, slug="closed", code=opening.code).status_code == 302
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    with pytest.raises(RegistrationError) as error:
        register(closed, "public@example.com")
    assert error.value.code == "closed"


def test_a_code_may_register_when_full(event):
    RegistrationFactory.create_batch(10, event=event)
    plain = make_code(event)
    opening = make_code(event, may_register_when_closed=True)
    assert register(event, "plain@example.com", plain).status == Registration.Status.WAITING
    assert register(event, "guest@example.com", opening).status == Registration.Status.CONFIRMED


@pytest.mark.django_db(transaction=True)
def test_twenty_public_registrations_at_once_leave_the_held_seats_to_the_code():
    event = EventFactory(capacity=13)
    code = make_code(event, max_uses=3, held_seats=3)
    outcomes = run_at_once(20, lambda number: register(event, f"person{number}@example.com"))
    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    public = Registration.objects.filter(event=event, invitation_code=None)
    assert public.filter(status=Registration.Status.CONFIRMED).count() == 10
    assert public.filter(status=Registration.Status.WAITING).count() == 10
    # Holders racing one another and the public still get the held seats, and no more than the code's uses.
    outcomes = run_at_once(
        6,
        lambda number: register(event, f"guest{number}@example.com", code if number < 4 else None),
    )
    refused = [outcome for outcome in outcomes if isinstance(outcome, RegistrationError)]
    assert [error.code for error in refused] == ["code_used_up"]
    assert event.registrations.filter(invitation_code=code, status=Registration.Status.CONFIRMED).count() == 3
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 13


# The organiser's side


def batch(**overrides) -> dict:
    in_a_week = timezone.localtime() + datetime.timedelta(days=7)
    data = {
        "label": "Visiting delegation from Hangzhou",
        "count": "50",
        "max_uses": "1",
        "expires_at": in_a_week.strftime("%Y-%m-%dT%H:%M"),
        "held_seats": "0",
    }
    return data | overrides


def test_an_organiser_creates_a_batch_and_downloads_it(organiser_client, event):
    response = organiser_client.post("/en/events/summit/organise/codes/", batch(), follow=True)
    assert "50 codes created for Visiting delegation from Hangzhou." in response.content.decode()
    codes = list(InvitationCode.objects.filter(event=event))
    assert len(codes) == 50 and len({code.code for code in codes}) == 50
    organiser_client.post("/en/events/summit/organise/codes/", batch(label="=HYPERLINK(1)", count="1"))
    export = organiser_client.get("/en/events/summit/organise/codes.csv?label=Visiting delegation from Hangzhou")
    assert export.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Who the codes are for", "Code", "Link"]
    assert len(rows) == 51 and {row[1] for row in rows[1:]} == {code.code for code in codes}
    assert rows[1][2] == f"http://testserver/en/events/summit/register/?code={rows[1][1]}"
    every = list(csv.reader(io.StringIO(organiser_client.get("/en/events/summit/organise/codes.csv").content.decode())))
    assert every[-1][0] == "'=HYPERLINK(1)"


def test_the_codes_page_shows_each_codes_uses(organiser_client, event):
    code = make_code(event, max_uses=5, held_seats=2)
    RegistrationFactory(event=event, invitation_code=code)
    RegistrationFactory(event=event, invitation_code=code, status=Registration.Status.CANCELLED)
    page = organiser_client.get("/en/events/summit/organise/codes/").content.decode()
    assert code.code in page and "1 / 5" in page and "1 / 2" in page
    assert "8 seats are free to the public now." in page
    chinese = organiser_client.get("/zh-hans/events/summit/organise/codes/").content.decode()
    assert "目前有8个名额向公众开放。" in chinese


@pytest.mark.parametrize(
    "language, overrides, field, message",
    [
        ("en", {"label": ""}, "label", "This field is required."),
        ("zh-hans", {"label": ""}, "label", "这个字段是必填项。"),
        ("en", {"count": "0"}, "count", "Ensure this value is greater than or equal to 1."),
        ("en", {"count": "501"}, "count", "Ensure this value is less than or equal to 500."),
        ("en", {"expires_at": "2020-01-01T10:00"}, "expires_at", "Choose a moment in the future."),
        ("zh-hans", {"expires_at": "2020-01-01T10:00"}, "expires_at", "请选择一个将来的时间。"),
        ("en", {"expires_at": "next week"}, "expires_at", "Enter a valid date/time."),
        ("en", {"held_seats": "2"}, "held_seats", "A code cannot hold more seats than it has uses."),
        ("zh-hans", {"held_seats": "2"}, "held_seats", "邀请码保留的名额不能多于其可用次数。"),
        (
            "en",
            {"count": "6", "held_seats": "2", "max_uses": "2"},
            "held_seats",
            "Not enough seats are free to hold back that many",
        ),
        ("zh-hans", {"count": "11", "held_seats": "1"}, "held_seats", "空余名额不足以保留这么多"),
    ],
)
def test_wrong_codes_are_refused_clearly_and_keep_what_was_typed(
    organiser_client, event, language, overrides, field, message
):
    response = organiser_client.post(f"/{language}/events/summit/organise/codes/", batch(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert message in page
    if field != "label":
        assert 'value="Visiting delegation from Hangzhou"' in page
    assert not InvitationCode.objects.exists()


def test_only_the_events_organisers_see_and_make_its_codes(client, django_user_model, event):
    make_code(event)
    assert client.get("/en/events/summit/organise/codes/").status_code == 302
    stranger = django_user_model.objects.create_user("stranger", password="x", is_staff=True)
    stranger.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    client.force_login(stranger)
    assert client.get("/en/events/summit/organise/codes/").status_code == 403
    assert client.post("/en/events/summit/organise/codes/", batch()).status_code == 403
    assert client.get("/en/events/summit/organise/codes.csv").status_code == 403
    assert InvitationCode.objects.count() == 1


def test_the_event_admin_has_the_codes_inline_with_their_uses(organiser_client, event):
    code = make_code(event)
    RegistrationFactory(event=event, invitation_code=code)
    page = organiser_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="invitation_codes-0-label"' in page and code.code in page
    assert 'name="invitation_codes-TOTAL_FORMS" value="1"' in page


# Which code a ticket came from, and the door's counts


@pytest.fixture
def today_event(event):
    """The event under way today, so its tickets are checked in without a question."""
    event.starts_at = timezone.now() - datetime.timedelta(minutes=1)
    event.ends_at = event.starts_at + datetime.timedelta(hours=8)
    event.registration_closes_at = event.starts_at - datetime.timedelta(minutes=1)
    event.save()
    return event


def test_the_export_and_the_attendee_list_say_which_code_a_ticket_came_from(organiser_client, event):
    code = make_code(event, label="=Delegation")
    RegistrationFactory(event=event, full_name="王小明", invitation_code=code)
    RegistrationFactory(event=event, full_name="Alice")
    response = organiser_client.get("/en/events/summit/organise/attendees.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][9] == "Invitation code"
    assert {row[0]: row[9] for row in rows[1:]} == {"王小明": f"'=Delegation · {code.code}", "Alice": ""}
    page = organiser_client.get("/en/events/summit/organise/").content.decode()
    assert '<span class="muted invitation-code-label">=Delegation</span>' in page


def test_the_door_says_which_code_a_ticket_came_from_and_counts_arrivals(organiser_client, today_event):
    code = make_code(today_event, label="Visiting delegation from Hangzhou")
    guest = RegistrationFactory(event=today_event, full_name="王小明", invitation_code=code)
    RegistrationFactory(event=today_event)
    RegistrationFactory(event=today_event, status=Registration.Status.WAITING)
    url = "/en/events/summit/organise/check-in/"
    page = organiser_client.get(url).content.decode()
    assert "0 of 2 confirmed checked in" in page
    preview = organiser_client.get(f"{url}?code={guest.ticket_code}").content.decode()
    assert f"Invitation code: Visiting delegation from Hangzhou · {code.code}" in preview
    answer = organiser_client.post(url, {"ticket_code": guest.ticket_code}, HTTP_ACCEPT="application/json").json()
    assert answer["invitation_code"] == f"Invitation code: Visiting delegation from Hangzhou · {code.code}"
    assert answer["counts"] == {"checked_in": 1, "confirmed": 2, "text": "1 of 2 confirmed checked in", "sessions": []}
    # The page asks for the counts now and then, as data.
    assert organiser_client.get(url, HTTP_ACCEPT="application/json").json()["counts"]["checked_in"] == 1
    chinese = organiser_client.post(
        "/zh-hans/events/summit/organise/check-in/", {"ticket_code": guest.ticket_code}
    ).content.decode()
    assert "已确认的2人中已签到1人" in chinese and "邀请码：Visiting delegation from Hangzhou" in chinese


def test_the_door_counts_cost_the_same_queries_at_any_size(organiser_client, today_event):
    code = make_code(today_event, max_uses=100)

    def queries_to_check_in_one() -> int:
        registration = RegistrationFactory(event=today_event, invitation_code=code)
        with CaptureQueriesContext(connection) as queries:
            organiser_client.post(
                "/en/events/summit/organise/check-in/",
                {"ticket_code": registration.ticket_code},
                HTTP_ACCEPT="application/json",
            )
        return len(queries.captured_queries)

    first = queries_to_check_in_one()
    RegistrationFactory.create_batch(30, event=today_event, invitation_code=code)
    assert queries_to_check_in_one() == first


def test_the_codes_page_costs_the_same_queries_however_many_codes(organiser_client, event):
    def queries_for_the_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get("/en/events/summit/organise/codes/").status_code == 200
        return len(queries.captured_queries)

    code = make_code(event)
    RegistrationFactory(event=event, invitation_code=code)
    first = queries_for_the_page()
    for _number in range(20):
        RegistrationFactory(event=event, invitation_code=make_code(event))
    assert queries_for_the_page() == first


def test_the_admin_holds_no_more_seats_than_are_free(rf, admin_user, event):
    RegistrationFactory.create_batch(8, event=event)
    request = rf.get("/")
    request.user = admin_user
    formset_class = InvitationCodeInline(Event, admin.site).get_formset(request, event)

    def formset(held_seats):
        expires = timezone.localtime() + datetime.timedelta(days=3)
        data = {
            "invitation_codes-TOTAL_FORMS": "1",
            "invitation_codes-INITIAL_FORMS": "0",
            "invitation_codes-0-label": "Press",
            "invitation_codes-0-max_uses": "5",
            "invitation_codes-0-expires_at_0": expires.strftime("%Y-%m-%d"),
            "invitation_codes-0-expires_at_1": expires.strftime("%H:%M:%S"),
            "invitation_codes-0-held_seats": str(held_seats),
        }
        return formset_class(data, instance=event, prefix="invitation_codes")

    refused = formset(3)
    assert not refused.is_valid()
    assert "Not enough seats are free to hold back that many" in str(refused.errors)
    assert formset(2).is_valid()
