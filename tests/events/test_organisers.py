import csv
import datetime
import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image

from events.models import Event, Registration
from staff.roles import EVENT_ORGANISERS
from tests.enterprises.image_files import jpeg_bytes, upload
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    """An event under way today, so its tickets are checked in without a question."""
    starts_at = timezone.now() - datetime.timedelta(minutes=1)
    return EventFactory(
        slug="conference",
        title_en="Conference",
        capacity=3,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=8),
    )


@pytest.fixture
def organiser(django_user_model, event):
    user = django_user_model.objects.create_user("organiser", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    event.organisers.add(user)
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def test_organisers_see_counts_by_status_and_search_attendees(organiser_client, event):
    RegistrationFactory(event=event, full_name="王小明", organisation="映宇宙")
    RegistrationFactory(event=event, full_name="Alice Smith", organisation="FlickReels")
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    response = organiser_client.get("/en/events/conference/organise/")
    assert response.status_code == 200
    assert dict((str(label), count) for label, count in response.context["counts"]) == {
        "Confirmed": 2,
        "Waiting list": 1,
        "Cancelled": 1,
    }
    found = organiser_client.get("/en/events/conference/organise/?q=flick")
    assert [r.full_name for r in found.context["registrations"]] == ["Alice Smith"]
    assert "王小明" not in found.content.decode()


def test_others_may_not_see_attendees(client, event, django_user_model, organiser):
    assert client.get("/en/events/conference/organise/").status_code == 302
    stranger = django_user_model.objects.create_user("stranger", password="x", is_staff=True)
    client.force_login(stranger)
    assert client.get("/en/events/conference/organise/").status_code == 403
    # An organiser of another event may not see this one.
    stranger.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    assert client.get("/en/events/conference/organise/attendees.csv").status_code == 403
    assert client.post("/en/events/conference/organise/check-in/", {"ticket_code": "X"}).status_code == 403


def test_csv_export_opens_in_excel_with_chinese_names(organiser_client, event):
    RegistrationFactory(
        event=event, full_name="王小明", email="=1+2@example.com", organisation="=HYPERLINK(1)", phone="+8613812345678"
    )
    response = organiser_client.get("/en/events/conference/organise/attendees.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="conference-attendees-{timezone.localdate():%Y-%m-%d}.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Full name", "Email", "Organisation"]
    assert rows[1][0] == "王小明"
    assert rows[1][1:3] == ["'=1+2@example.com", "'=HYPERLINK(1)"]
    assert rows[1][4] == "'+8613812345678"  # shown as text, not turned into a number
    assert rows[1][5] == "Confirmed"


def check_in(client, code):
    return client.post("/en/events/conference/organise/check-in/", {"ticket_code": code})


def test_check_in_marks_the_attendee_and_answers_clearly_the_second_time(organiser_client, event):
    registration = RegistrationFactory(event=event, full_name="王小明")
    first = check_in(organiser_client, registration.ticket_code.lower()[:5] + " " + registration.ticket_code[5:])
    assert first.context["status"]["code"] == "checked_in"
    assert "Checked in. Welcome!" in first.content.decode() and "王小明" in first.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    second = check_in(organiser_client, registration.ticket_code)
    assert second.context["status"]["code"] == "already_checked_in"
    assert "Already checked in" in second.content.decode()


@pytest.mark.parametrize(
    "status, answer, text",
    [
        (Registration.Status.CANCELLED, "cancelled", "This ticket was cancelled"),
        (Registration.Status.WAITING, "waiting", "on the waiting list"),
    ],
)
def test_check_in_refuses_cancelled_and_waiting_tickets(organiser_client, event, status, answer, text):
    registration = RegistrationFactory(event=event, status=status)
    response = check_in(organiser_client, registration.ticket_code)
    assert response.context["status"]["code"] == answer
    assert text in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_of_an_unknown_or_other_events_code(organiser_client, event):
    elsewhere = RegistrationFactory()
    for code in ["NOPE123456", elsewhere.ticket_code, "<script>", "x" * 39]:
        response = check_in(organiser_client, code)
        assert response.status_code == 200
        assert response.context["status"]["code"] == "unknown"
        assert "Unknown ticket code" in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"ticket_code": ""}, {"ticket_code": "x" * 200}])
def test_malformed_check_in_is_refused_without_error(organiser_client, event, data):
    response = organiser_client.post("/en/events/conference/organise/check-in/", data)
    assert response.status_code == 400
    assert "everything you typed is kept" in response.content.decode()


def test_check_in_page_works_on_a_phone(organiser_client, event):
    page = organiser_client.get("/en/events/conference/organise/check-in/").content.decode()
    assert 'name="viewport"' in page and "autofocus" in page and 'name="ticket_code"' in page


def test_organisers_manage_only_their_events_in_the_admin(organiser_client, event):
    other = EventFactory(title_en="Someone else's event")
    RegistrationFactory(event=event, full_name="王小明")
    events_page = organiser_client.get("/admin/events/event/").content.decode()
    assert event.title_zh_hans in events_page and other.title_zh_hans not in events_page
    assert "王小明" in organiser_client.get("/admin/events/registration/").content.decode()
    assert organiser_client.get("/admin/auth/user/").status_code == 403


def test_superuser_admin_pages_render(admin_client, event):
    registration = RegistrationFactory(event=event)
    assert admin_client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/events/registration/{registration.pk}/change/").status_code == 200
    assert admin_client.get("/admin/events/event/add/").status_code == 200


def test_scanning_a_ticket_opens_check_in_with_the_attendee_shown_but_not_yet_admitted(organiser_client, client, event):
    registration = RegistrationFactory(event=event, full_name="王小明")
    ticket_page = client.get(f"/en/events/ticket/{registration.manage_token}/").content.decode()
    assert registration.ticket_code in ticket_page and "<svg" in ticket_page
    scanned = organiser_client.get(f"/en/events/conference/organise/check-in/?code={registration.ticket_code.lower()}")
    page = scanned.content.decode()
    assert "王小明" in page and f'value="{registration.ticket_code}"' in page
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    unknown = organiser_client.get("/en/events/conference/organise/check-in/?code=%3Cb%3E").content.decode()
    assert "Unknown ticket code" in unknown


def test_organisers_cancel_registrations_in_the_admin_and_the_waiting_list_moves_up(
    organiser_client, event, django_capture_on_commit_callbacks
):
    from django.core import mail

    confirmed = RegistrationFactory(event=event)
    RegistrationFactory.create_batch(2, event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING, email="next@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            "/admin/events/registration/", {"action": "cancel_registrations", "_selected_action": [confirmed.pk]}
        )
    assert response.status_code == 302
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert confirmed.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert any(message.to == ["next@example.com"] for message in mail.outbox)


def test_raising_the_capacity_confirms_people_waiting_in_order():
    from events.services import waiting_list_fill

    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    first = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    second = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    assert waiting_list_fill(event=event) == []
    event.capacity = 2
    event.save()
    assert waiting_list_fill(event=event) == [first]
    second.refresh_from_db()
    assert second.status == Registration.Status.WAITING


def admin_change_data(page):
    """The admin change form's current values as POST data, inlines left empty."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name == "cover_image":
            continue
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, list):
            value = [getattr(item, "pk", item) for item in value]
        elif hasattr(value, "isoformat") and hasattr(value, "hour"):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), local.strftime("%H:%M:%S")
            continue
        elif isinstance(value, bool) and not value:
            continue
        data[name] = value
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


def test_raising_the_capacity_in_the_admin_confirms_the_waiting_list(admin_client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_change_data(admin_client.get(url))
    data["capacity"] = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_cancelling_an_event_in_the_admin_tells_everyone_registered(admin_client, django_capture_on_commit_callbacks):
    from django.core import mail

    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, email="seat@example.com")
    RegistrationFactory(event=event, email="wait@example.com", status=Registration.Status.WAITING)
    RegistrationFactory(event=event, email="gone@example.com", status=Registration.Status.CANCELLED)
    url = f"/admin/events/event/{event.pk}/change/"
    data = admin_change_data(admin_client.get(url))
    data["state"] = "cancelled"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["seat@example.com", "wait@example.com"]
    assert all(message.subject.startswith("Cancelled:") for message in mail.outbox)


@pytest.mark.parametrize("query", ["x" * 300, "%", "'; DROP TABLE", "\x00"])
def test_odd_attendee_searches_answer_without_error(organiser_client, event, query):
    RegistrationFactory(event=event)
    response = organiser_client.get("/en/events/conference/organise/", {"q": query})
    assert response.status_code == 200


def test_the_event_page_links_its_organisers_to_the_attendees(client, organiser, event):
    assert "/organise/" not in client.get("/en/events/conference/").content.decode()
    client.force_login(organiser)
    assert 'href="/en/events/conference/organise/"' in client.get("/en/events/conference/").content.decode()


def test_event_cover_images_are_checked_and_stripped_like_every_upload(rf, admin_user, event):
    request = rf.get("/admin/")
    request.user = admin_user
    form_class = admin.site._registry[Event].get_form(request, event)

    not_an_image = form_class(files={"cover_image": upload(b"hello", name="cover.jpg")}, instance=event)
    assert "This file is not an image we can read." in str(not_an_image.errors["cover_image"])

    form = form_class(files={"cover_image": upload(jpeg_bytes((3000, 1500), gps=True))}, instance=event)
    form.is_valid()
    assert "cover_image" not in form.errors
    stored = Image.open(form.cleaned_data["cover_image"])
    assert stored.size == (1280, 640) and not stored.getexif()


def attendee_names(client, **params) -> list[str]:
    """Every name the attendee list shows, following its pages to the end."""
    names, page = [], 1
    while True:
        response = client.get("/en/events/conference/organise/", {**params, "page": page})
        assert response.status_code == 200
        names += [registration.full_name for registration in response.context["registrations"]]
        if not response.context["page_obj"].has_next():
            return names
        page += 1


def test_every_confirmed_attendee_of_541_is_reachable_confirmed_first(organiser_client, event):
    event.capacity = 500
    event.save()
    RegistrationFactory.create_batch(41, event=event, status=Registration.Status.CANCELLED)
    confirmed = RegistrationFactory.create_batch(500, event=event)
    first = organiser_client.get("/en/events/conference/organise/")
    page = first.content.decode()
    assert '<span class="figure-value">500</span> Confirmed' in page
    assert '<span class="figure-value">41</span> Cancelled' in page
    assert "Showing 1–50 of 541" in page
    assert first.context["registrations"][0].full_name == confirmed[0].full_name
    names = attendee_names(organiser_client)
    assert len(names) == 541
    assert names[:500] == [registration.full_name for registration in confirmed]


def test_the_attendee_list_orders_confirmed_then_the_waiting_line_then_cancelled(organiser_client, event):
    cancelled = RegistrationFactory(event=event, full_name="Cancelled early", status=Registration.Status.CANCELLED)
    waiting_first = RegistrationFactory(event=event, full_name="Waiting first", status=Registration.Status.WAITING)
    waiting_moved_up = RegistrationFactory(
        event=event, full_name="Moved up", status=Registration.Status.WAITING, priority=1
    )
    confirmed = RegistrationFactory(event=event, full_name="Confirmed late")
    assert attendee_names(organiser_client) == [
        confirmed.full_name,
        waiting_moved_up.full_name,
        waiting_first.full_name,
        cancelled.full_name,
    ]
    assert attendee_names(organiser_client, status="waiting") == [waiting_moved_up.full_name, waiting_first.full_name]
    assert attendee_names(organiser_client, status="cancelled") == [cancelled.full_name]


def test_attendees_are_found_by_name_email_or_ticket_code(organiser_client, event):
    alice = RegistrationFactory(event=event, full_name="Alice Smith", email="alice@flickreels.example")
    RegistrationFactory(event=event, full_name="王小明", email="wang@example.com")
    assert attendee_names(organiser_client, q="alice smith") == ["Alice Smith"]
    assert attendee_names(organiser_client, q="flickreels.example") == ["Alice Smith"]
    assert attendee_names(organiser_client, q=alice.ticket_code.lower()) == ["Alice Smith"]
    assert attendee_names(organiser_client, q="小明") == ["王小明"]


@pytest.mark.parametrize("rows", [5, 120])
def test_the_attendee_list_costs_the_same_queries_at_any_size(organiser_client, event, rows, django_assert_num_queries):
    RegistrationFactory.create_batch(rows, event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    organiser_client.get("/en/events/conference/organise/")  # the session and language are settled
    # The page's registrations' answers to the event's questions are one query (tests/events/test_questions.py),
    # their sessions one more, and the event's sessions with their counts one more
    # (tests/events/test_session_pages.py).
    with django_assert_num_queries(12):
        response = organiser_client.get("/en/events/conference/organise/", {"page": 2 if rows > 50 else 1})
    assert response.status_code == 200


def test_a_ticket_three_weeks_early_is_checked_in_only_once_confirmed(organiser_client, event):
    event.starts_at = timezone.now() + datetime.timedelta(days=21)
    event.ends_at = event.starts_at + datetime.timedelta(hours=8)
    event.save()
    registration = RegistrationFactory(event=event, full_name="王小明")
    warned = check_in(organiser_client, registration.ticket_code)
    page = warned.content.decode()
    assert warned.context["status"]["code"] == "not_today"
    assert "This event is on" in page and timezone.localtime(event.starts_at).strftime("%-d %b %Y") in page
    assert "王小明" in page and 'name="confirm_other_day"' in page
    registration.refresh_from_db()
    assert registration.checked_in_at is None

    confirmed = organiser_client.post(
        "/en/events/conference/organise/check-in/", {"ticket_code": registration.ticket_code, "confirm_other_day": "1"}
    )
    assert confirmed.context["status"]["code"] == "checked_in"
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_an_event_over_several_days_checks_in_without_a_question_on_its_last_day(organiser_client, event):
    event.starts_at = timezone.now() - datetime.timedelta(days=2)
    event.ends_at = timezone.now() + datetime.timedelta(minutes=5)
    event.save()
    registration = RegistrationFactory(event=event)
    assert check_in(organiser_client, registration.ticket_code).context["status"]["code"] == "checked_in"


def test_a_cancelled_ticket_on_another_day_is_refused_not_questioned(organiser_client, event):
    event.starts_at = timezone.now() + datetime.timedelta(days=21)
    event.ends_at = event.starts_at + datetime.timedelta(hours=8)
    event.save()
    registration = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    assert check_in(organiser_client, registration.ticket_code).context["status"]["code"] == "cancelled"


def test_only_the_check_in_page_may_use_the_camera(organiser_client, event):
    check_in_page = organiser_client.get("/en/events/conference/organise/check-in/")
    policy = check_in_page["Permissions-Policy"]
    assert "camera=(self)" in policy and "microphone=()" in policy and "geolocation=()" in policy
    assert "camera=()" in organiser_client.get("/en/events/conference/organise/")["Permissions-Policy"]
    assert "camera=()" in organiser_client.get("/en/events/conference/")["Permissions-Policy"]


def test_the_scanner_gets_each_answer_as_data_with_the_name(organiser_client, event):
    registration = RegistrationFactory(event=event, full_name="王小明", organisation="映宇宙")

    def scan(code):
        return organiser_client.post(
            "/en/events/conference/organise/check-in/", {"ticket_code": code}, headers={"Accept": "application/json"}
        )

    first = scan(registration.ticket_code)
    assert first.json() | {"text": ""} == {
        "code": "checked_in",
        "level": "success",
        "text": "",
        "name": "王小明",
        "organisation": "映宇宙",
        "ticket_code": registration.ticket_code,
        "invitation_code": "",
        "door_answers": [],
        "sessions": [],
        "counts": {"checked_in": 1, "confirmed": 1, "text": "1 of 1 confirmed checked in", "sessions": []},
    }
    registration.refresh_from_db()
    arrived = timezone.localtime(registration.checked_in_at).strftime("%H:%M")
    assert scan(registration.ticket_code).json()["text"] == f"Already checked in at {arrived}"
    assert scan("NOPE123456").json() == {
        "code": "unknown",
        "level": "error",
        "text": "Unknown ticket code for this event.",
        "counts": {"checked_in": 1, "confirmed": 1, "text": "1 of 1 confirmed checked in", "sessions": []},
    }


def test_organisers_check_people_in_from_the_attendee_list(organiser_client, event):
    registration = RegistrationFactory(event=event, full_name="王小明")
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    page = organiser_client.get("/en/events/conference/organise/", {"q": "王"}).content.decode()
    assert f'name="ticket_code" value="{registration.ticket_code}"' in page
    back = "/en/events/conference/organise/?q=%E7%8E%8B#attendees"
    assert f'value="{back}"'.replace("&", "&amp;") in page
    response = organiser_client.post(
        "/en/events/conference/organise/check-in/", {"ticket_code": registration.ticket_code, "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    listed = organiser_client.get(back).content.decode()
    assert "王小明 · Checked in. Welcome!" in listed and "Checked in at" in listed
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    # Only a confirmed person has the button; an address elsewhere is not followed.
    whole_list = organiser_client.get("/en/events/conference/organise/").content.decode()
    assert f'value="{waiting.ticket_code}"' not in whole_list
    elsewhere = organiser_client.post(
        "/en/events/conference/organise/check-in/",
        {"ticket_code": waiting.ticket_code, "next": "https://elsewhere.example/"},
    )
    assert elsewhere.status_code == 200 and elsewhere.context["status"]["code"] == "waiting"


def test_a_list_check_in_on_another_day_asks_first_then_goes_back(organiser_client, event):
    event.starts_at = timezone.now() + datetime.timedelta(days=21)
    event.ends_at = event.starts_at + datetime.timedelta(hours=8)
    event.save()
    registration = RegistrationFactory(event=event)
    back = "/en/events/conference/organise/#attendees"
    asked = organiser_client.post(
        "/en/events/conference/organise/check-in/", {"ticket_code": registration.ticket_code, "next": back}
    )
    assert asked.status_code == 200 and asked.context["status"]["code"] == "not_today"
    assert f'name="next" value="{back}"' in asked.content.decode()
    confirmed = organiser_client.post(
        "/en/events/conference/organise/check-in/",
        {"ticket_code": registration.ticket_code, "next": back, "confirm_other_day": "1"},
    )
    assert confirmed["Location"] == back


def test_the_door_finds_people_by_name(organiser_client, event):
    RegistrationFactory(event=event, full_name="王小明", organisation="映宇宙")
    RegistrationFactory(event=event, full_name="Alice Smith")
    page = organiser_client.get("/en/events/conference/organise/check-in/", {"q": "小明"}).content.decode()
    assert "王小明" in page and "Alice Smith" not in page
    assert page.count('<button type="submit" class="button button-small">Check in') == 1
