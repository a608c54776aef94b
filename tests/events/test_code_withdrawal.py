"""Invitation codes after they are handed out: withdrawn by the organisers (one or a batch), expired with seats
still held, named in the ticket emails, and the registration admin's view of a person's answers and code."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from events.models import Answer, InvitationCode, Question, Registration
from events.services import expired_codes_seats_release
from haizhu_portal.management.commands.task_worker import Command as TaskWorker
from staff.roles import EVENT_ORGANISERS
from tests.events.test_invitation_codes import make_code, post, register
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

CODES = "/{language}/events/summit/organise/codes/"
WITHDRAW = "/{language}/events/summit/organise/codes/withdraw/"


@pytest.fixture
def event():
    return EventFactory(slug="summit", title_en="Summit", title_zh_hans="峰会", capacity=10)


def withdraw(client, language="en", **data):
    return client.post(WITHDRAW.format(language=language), data, follow=True)


def fill_with_waiting_list(event, code, public, waiting):
    """`public` confirmed without a code, then `waiting` people on the waiting list, in that order."""
    for number in range(public):
        assert register(event, f"public{number}@example.com").status == Registration.Status.CONFIRMED
    line = [register(event, f"waiting{number}@example.com") for number in range(waiting)]
    assert all(registration.status == Registration.Status.WAITING for registration in line)
    return line


@pytest.mark.parametrize(
    "language, refused, shown",
    [
        (
            "en",
            "This invitation code has been withdrawn by the organisers. Leave the field empty to register without it.",
            "Withdrawn",
        ),
        ("zh-hans", "该邀请码已被主办方撤回。如不使用邀请码报名，请留空。", "已于"),
    ],
)
def test_a_withdrawn_code_is_refused_clearly_and_keeps_its_uses(
    organiser_client, client, event, language, refused, shown
):
    code = make_code(event, max_uses=5)
    used = register(event, "guest@example.com", code)
    page = withdraw(organiser_client, language, code=code.pk).content.decode()
    assert shown in page and 'class="invitation-code code-withdrawn"' in page
    code.refresh_from_db()
    assert code.withdrawn_at is not None
    # The row, its recorded use and the ticket that came with it stay.
    used.refresh_from_db()
    assert used.invitation_code == code and used.status == Registration.Status.CONFIRMED
    assert InvitationCode.objects.with_uses().get().used == 1
    response = post(client, language, code=code.code, full_name="李明")
    assert response.status_code == 400
    assert refused in response.content.decode() and 'value="李明"' in response.content.decode()
    assert not Registration.objects.filter(email="li@example.com").exists()


def test_withdrawing_gives_the_held_seats_to_the_waiting_list_at_once_in_order(
    organiser_client, event, django_capture_on_commit_callbacks
):
    code = make_code(event, max_uses=3, held_seats=3)
    line = fill_with_waiting_list(event, code, public=7, waiting=3)
    register(event, "guest@example.com", code)  # one of the code's seats taken, two still held
    RegistrationFactory(event=event, email="moved-up@example.com", status=Registration.Status.WAITING, priority=5)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = withdraw(organiser_client, code=code.pk).content.decode()
    assert "1 code withdrawn" in page
    assert "2 people on the waiting list are now confirmed and told by email." in page
    statuses = {registration.email: registration.status for registration in Registration.objects.all()}
    # Moved up by an organiser first, then first come: two seats, two people.
    assert statuses["moved-up@example.com"] == Registration.Status.CONFIRMED
    assert statuses[line[0].email] == Registration.Status.CONFIRMED
    assert statuses[line[1].email] == statuses[line[2].email] == Registration.Status.WAITING
    assert sorted(message.to[0] for message in mail.outbox) == ["moved-up@example.com", line[0].email]
    assert "0 seats are free to the public now." in organiser_client.get(CODES.format(language="en")).content.decode()


def test_an_organiser_withdraws_a_whole_batch(organiser_client, event):
    batch = [make_code(event, label="Hangzhou delegation") for _number in range(3)]
    other = make_code(event, label="Press")
    page = organiser_client.get(CODES.format(language="en")).content.decode()
    assert "Withdraw the batch of 3 codes" in page and "Withdraw this code" in page
    assert "撤回这批3个邀请码" in organiser_client.get(CODES.format(language="zh-hans")).content.decode()
    page = withdraw(organiser_client, label="Hangzhou delegation").content.decode()
    assert "3 codes withdrawn" in page
    assert InvitationCode.objects.filter(withdrawn_at__isnull=False).count() == 3
    assert all(InvitationCode.objects.get(pk=code.pk).withdrawn_at for code in batch)
    assert InvitationCode.objects.get(pk=other.pk).withdrawn_at is None
    assert "Withdraw the batch of 3 codes" not in page
    chinese = withdraw(organiser_client, "zh-hans", label="Hangzhou delegation").content.decode()
    assert "未撤回任何邀请码" in chinese
    chinese = withdraw(organiser_client, "zh-hans", label="Press").content.decode()
    assert "已撤回1个邀请码" in chinese


def test_the_export_says_when_a_code_was_withdrawn(organiser_client, event):
    code = make_code(event)
    withdraw(organiser_client, code=code.pk)
    rows = organiser_client.get("/en/events/summit/organise/codes.csv").content.decode("utf-8-sig").splitlines()
    assert rows[0].endswith("Withdrawn")
    code.refresh_from_db()
    assert rows[1].endswith(timezone.localtime(code.withdrawn_at).strftime("%Y-%m-%d %H:%M"))


def test_a_wrong_withdrawal_changes_nothing(organiser_client, event):
    code = make_code(event)
    other_event_code = make_code(EventFactory(), label="Press")
    for data in ({"code": "x1"}, {"code": other_event_code.pk}, {"label": "Press"}, {}):
        page = withdraw(organiser_client, **data)
        assert page.status_code == 200
        assert "Nothing was withdrawn: the code is unknown or withdrawn already." in page.content.decode()
    assert not InvitationCode.objects.filter(withdrawn_at__isnull=False).exists()
    assert organiser_client.get(WITHDRAW.format(language="en")).status_code == 405
    assert InvitationCode.objects.with_uses().get(pk=code.pk).refusal() is None


def test_only_the_events_organisers_withdraw_its_codes_and_only_with_the_forms_token(client, django_user_model, event):
    code = make_code(event)
    assert client.post(WITHDRAW.format(language="en"), {"code": code.pk}).status_code == 302  # to sign in
    stranger = django_user_model.objects.create_user("stranger", password="x", is_staff=True)
    stranger.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    client.force_login(stranger)
    assert client.post(WITHDRAW.format(language="en"), {"code": code.pk}).status_code == 403
    organiser = django_user_model.objects.create_user("organiser", password="x", is_staff=True)
    organiser.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    event.organisers.add(organiser)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(organiser)
    assert csrf_client.post(WITHDRAW.format(language="en"), {"code": code.pk}).status_code == 403
    assert InvitationCode.objects.get().withdrawn_at is None


def test_an_expired_codes_held_seats_promote_the_waiting_list_at_the_workers_next_sweep(
    event, django_capture_on_commit_callbacks
):
    code = make_code(event, max_uses=2, held_seats=2)
    line = fill_with_waiting_list(event, code, public=8, waiting=3)
    InvitationCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = expired_codes_seats_release()
    assert [registration.email for registration in promoted] == [line[0].email, line[1].email]
    assert Registration.objects.get(pk=line[2].pk).status == Registration.Status.WAITING
    assert sorted(message.to[0] for message in mail.outbox) == sorted([line[0].email, line[1].email])
    # Once only: the next sweep (a second worker, say) finds nothing left to release.
    assert expired_codes_seats_release() == []
    assert InvitationCode.objects.get().held_seats_released_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_task_worker_sweeps_expired_codes(event):
    code = make_code(event, max_uses=1, held_seats=1)
    line = fill_with_waiting_list(event, code, public=9, waiting=1)
    InvitationCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    TaskWorker().sweep_events()
    assert Registration.objects.get(pk=line[0].pk).status == Registration.Status.CONFIRMED


def test_a_code_that_has_not_expired_keeps_its_seats_at_the_sweep(event):
    code = make_code(event, max_uses=2, held_seats=2)
    line = fill_with_waiting_list(event, code, public=8, waiting=1)
    assert expired_codes_seats_release() == []
    assert Registration.objects.get(pk=line[0].pk).status == Registration.Status.WAITING
    assert InvitationCode.objects.get().held_seats_released_at is None


@pytest.mark.parametrize(
    "language, named",
    [
        ("en", "Your invitation code: {code} (Visiting delegation from Hangzhou)"),
        ("zh-hans", "您的邀请码：{code}（Visiting delegation from Hangzhou）"),
    ],
)
def test_the_ticket_email_names_the_invitation_code_in_the_persons_language(
    client, event, language, named, django_capture_on_commit_callbacks
):
    code = make_code(event)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, language, code=code.code).status_code == 302
        assert post(client, language, email="public@example.com").status_code == 302
    by_person = {message.to[0]: message.body for message in mail.outbox}
    assert named.format(code=code.code) in by_person["li@example.com"]
    assert code.code not in by_person["public@example.com"]
    assert "invitation code" not in by_person["public@example.com"] and "邀请码" not in by_person["public@example.com"]


def test_the_waiting_and_promoted_emails_name_the_code_too(event, django_capture_on_commit_callbacks):
    code = make_code(event, max_uses=3)
    RegistrationFactory.create_batch(10, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = register(event, "guest@example.com", code)
    assert waiting.status == Registration.Status.WAITING
    named = f"Your invitation code: {code.code} (Visiting delegation from Hangzhou)"
    assert named in mail.outbox[-1].body and "waiting list" in mail.outbox[-1].body
    from events.services import registration_cancel

    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=Registration.objects.filter(invitation_code=None).first())
    promoted = [message for message in mail.outbox if message.to == ["guest@example.com"]][-1]
    assert named in promoted.body and "now confirmed" in promoted.body


def test_the_registration_admin_shows_the_answers_as_shown_and_the_code(organiser_client, event, django_user_model):
    code = make_code(event)
    registration = RegistrationFactory(event=event, invitation_code=code, full_name="王小明")
    question = Question.objects.create(event=event, label_en="Dietary needs", label_zh_hans="饮食要求")
    Answer.objects.create(
        registration=registration, question=question, question_label="Dietary needs", kind="short_text", value="素食"
    )
    Answer.objects.create(registration=registration, question=None, question_label="Hotel?", kind="yes_no", value="yes")
    question.label_en = "Food"  # reworded after the person answered
    question.save()
    url = f"/admin/events/registration/{registration.pk}/change/"
    page = organiser_client.get(url).content.decode()
    cells = [
        " ".join(cell.split())
        for cell in re.findall(r'<td class="field-(?:question_label|answer)">(.*?)</td>', page, re.S)
    ]
    # As the person was shown it (the question since reworded, or deleted), yes and no in the reader's language.
    assert cells == ["<p>Dietary needs</p>", "<p>素食</p>", "<p>Hotel?</p>", "<p>是</p>"]
    assert f'<div class="readonly">Visiting delegation from Hangzhou · {code.code}</div>' in page
    assert 'name="answers-0-value"' not in page  # read only
    # An organiser of another event sees neither the registration nor its answers.
    stranger = django_user_model.objects.create_user("stranger", password="x", is_staff=True)
    stranger.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    stranger_client = Client()
    stranger_client.force_login(stranger)
    response = stranger_client.get(url, follow=True)
    assert "素食" not in response.content.decode()
