"""An event's own questions: asked on the registration form, kept as the person saw them, changed on the
ticket page until registration closes, and read by the organiser in the list, the export and at the door."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from events.models import Answer, Question, Registration
from events.services import attendee_data_erase
from staff.roles import EVENT_ORGANISERS
from tests.events.test_pages import form_data
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(slug="summit", title_en="Summit", capacity=50)


def ask(event, kind, label_en, label_zh_hans, *, choices_en="", choices_zh_hans="", required=True, **fields):
    return Question.objects.create(
        event=event,
        kind=kind,
        label_en=label_en,
        label_zh_hans=label_zh_hans,
        choices_en=choices_en,
        choices_zh_hans=choices_zh_hans,
        required=required,
        **fields,
    )


@pytest.fixture
def questions(event):
    """One question of each kind, all required."""
    return {
        "short": ask(event, Question.Kind.SHORT_TEXT, "Job title", "职务", display_order=1),
        "long": ask(event, Question.Kind.LONG_TEXT, "What do you hope to learn?", "您希望了解什么？", display_order=2),
        "one": ask(
            event,
            Question.Kind.ONE_CHOICE,
            "Meal",
            "餐食",
            choices_en="Regular\nVegetarian",
            choices_zh_hans="普通\n素食",
            display_order=3,
        ),
        "several": ask(
            event,
            Question.Kind.SEVERAL_CHOICES,
            "Workshops",
            "工作坊",
            choices_en="Scripts\nFinance\nDistribution",
            choices_zh_hans="剧本\n融资\n发行",
            display_order=4,
        ),
        "yes_no": ask(event, Question.Kind.YES_NO, "Do you need a parking space?", "是否需要停车位？", display_order=5),
        "number": ask(event, Question.Kind.NUMBER, "Delegation size", "代表团人数", display_order=6),
    }


def field(question) -> str:
    return f"answers-question_{question.pk}"


def good_answers(questions) -> dict:
    return {
        field(questions["short"]): "Producer",
        field(questions["long"]): "Overseas distribution\nand financing",
        field(questions["one"]): "1",
        field(questions["several"]): ["0", "2"],
        field(questions["yes_no"]): "no",
        field(questions["number"]): "１２",  # typed with a Chinese input method
    }


def register(client, language="en", **answers):
    return client.post(f"/{language}/events/summit/register/", form_data(**answers))


def test_the_form_asks_each_question_in_the_page_language(client, event, questions):
    english = client.get("/en/events/summit/register/").content.decode()
    assert "Job title" in english and "Vegetarian" in english and "Distribution" in english
    chinese = client.get("/zh-hans/events/summit/register/").content.decode()
    assert "职务" in chinese and "素食" in chinese and "发行" in chinese and "是否需要停车位？" in chinese
    # The questions come before the consent that closes the form.
    assert english.index("Delegation size") < english.index('name="consent"')


def test_answers_are_stored_with_the_registration_in_the_wording_shown(client, event, questions):
    response = register(client, "zh-hans", **good_answers(questions))
    assert response.status_code == 302
    registration = Registration.objects.get()
    stored = {answer.question_label: answer.value for answer in registration.answers.all()}
    assert stored == {
        "职务": "Producer",
        "您希望了解什么？": "Overseas distribution\nand financing",
        "餐食": "素食",
        "工作坊": "剧本\n发行",
        "是否需要停车位？": "no",
        "代表团人数": "12",
    }


def test_answers_are_stored_exactly_as_typed_with_their_question_kind_and_moment(client, event, questions):
    typed = 'Producer "制片人" \\ O\'Brien\u2028'
    assert register(client, **good_answers(questions) | {field(questions["short"]): typed}).status_code == 302
    registration = Registration.objects.get()
    stored = list(registration.answers.all())
    assert [(answer.question_id, answer.kind) for answer in stored] == [(q.pk, q.kind) for q in questions.values()]
    assert stored[0].value == typed.strip()
    # Answered as the registration was made, in the same time zone (not hours apart).
    made = registration.created_at
    assert all(made - datetime.timedelta(seconds=5) < answer.answered_at <= made for answer in stored)


@pytest.mark.parametrize(
    "language, question, value, message",
    [
        ("en", "short", "", "Please answer this question."),
        ("zh-hans", "short", "", "请回答此问题。"),
        ("en", "short", "x" * 301, "Please keep the answer to 300 characters."),
        ("zh-hans", "long", "x" * 3001, "回答请不超过3000个字符。"),
        ("en", "long", "", "Please answer this question."),
        ("en", "one", "7", "Choose one of the options given."),
        ("zh-hans", "one", "", "请回答此问题。"),
        ("en", "several", ["0", "9"], "Choose one of the options given."),
        ("zh-hans", "several", ["9"], "请从给出的选项中选择。"),
        ("en", "yes_no", "maybe", "Choose one of the options given."),
        ("zh-hans", "yes_no", "", "请回答此问题。"),
        ("en", "number", "twelve", "Enter a number, such as 12 or 3.5."),
        ("zh-hans", "number", "12人", "请输入数字，例如12或3.5。"),
    ],
)
def test_each_kind_of_question_is_checked_and_nothing_typed_is_lost(
    client, event, questions, language, question, value, message
):
    answers = good_answers(questions) | {field(questions[question]): value}
    response = register(client, language, **answers)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert Registration.objects.count() == 0 and Answer.objects.count() == 0
    # What was typed elsewhere is still in the form.
    assert 'value="李明"' in page
    if question != "short":
        assert 'value="Producer"' in page
    if question != "long":
        assert "Overseas distribution\nand financing</textarea>" in page


def test_optional_questions_may_be_left_empty(client, event):
    ask(event, Question.Kind.NUMBER, "Delegation size", "代表团人数", required=False)
    ask(event, Question.Kind.SEVERAL_CHOICES, "Workshops", "工作坊", choices_en="A\nB", required=False)
    assert register(client).status_code == 302
    assert Registration.objects.count() == 1 and Answer.objects.count() == 0


def test_an_event_without_questions_registers_as_before(client, event):
    assert register(client).status_code == 302
    assert Registration.objects.get().answers.count() == 0


def test_the_event_admin_has_the_questions_inline_for_its_organisers(organiser_client, event, questions):
    page = organiser_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="questions-0-label_zh_hans"' in page and "Do you need a parking space?" in page
    assert 'name="questions-TOTAL_FORMS" value="6"' in page


def test_editing_or_removing_a_question_keeps_what_people_answered(client, event, questions):
    register(client, **good_answers(questions))
    registration = Registration.objects.get()
    meal = questions["one"]
    meal.label_en = "Lunch"
    meal.choices_en = "Standard\nPlant-based"
    meal.save()
    questions["number"].delete()
    stored = {answer.question_label: answer.value for answer in registration.answers.all()}
    assert stored["Meal"] == "Vegetarian"
    assert stored["Delegation size"] == "12"
    assert "Lunch" not in stored


# The ticket page


def ticket(registration, language="en") -> str:
    return f"/{language}/events/ticket/{registration.manage_token}/"


def test_the_ticket_page_shows_the_answers_and_lets_the_person_change_them(client, event, questions):
    register(client, **good_answers(questions))
    registration = Registration.objects.get()
    page = client.get(ticket(registration)).content.decode()
    assert 'value="Producer"' in page and "Save my answers" in page
    # The earlier choices are ticked.
    assert (
        f'name="{field(questions["one"])}" value="1" required id="id_answers-question_{questions["one"].pk}_1" checked'
        in page
    )
    changed = good_answers(questions) | {field(questions["short"]): "Director", field(questions["yes_no"]): "yes"}
    response = client.post(ticket(registration), changed, follow=True)
    assert "Your answers are saved." in response.content.decode()
    stored = {answer.question_label: answer.value for answer in registration.answers.all()}
    assert stored["Job title"] == "Director" and stored["Do you need a parking space?"] == "yes"
    assert stored["Meal"] == "Vegetarian"


def test_an_unchanged_answer_keeps_the_wording_it_was_given_in(client, event, questions):
    register(client, "zh-hans", **good_answers(questions))
    registration = Registration.objects.get()
    # The same answers sent from the English page: only the changed one takes the English wording.
    changed = good_answers(questions) | {field(questions["short"]): "Director"}
    client.post(ticket(registration), changed)
    stored = {answer.question_label: answer.value for answer in registration.answers.all()}
    assert stored["Job title"] == "Director"
    assert stored["餐食"] == "素食" and "Meal" not in stored


def test_a_wrong_change_on_the_ticket_page_keeps_the_stored_answers_and_what_was_typed(client, event, questions):
    register(client, **good_answers(questions))
    registration = Registration.objects.get()
    wrong = good_answers(questions) | {field(questions["short"]): "Director", field(questions["number"]): "lots"}
    response = client.post(ticket(registration), wrong)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a number, such as 12 or 3.5." in page and 'value="Director"' in page
    assert registration.answers.get(question=questions["short"]).value == "Producer"


def test_answers_are_read_only_once_registration_closes(client, event, questions):
    register(client, **good_answers(questions))
    registration = Registration.objects.get()
    event.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    event.registration_opens_at = None
    event.save()
    page = client.get(ticket(registration)).content.decode()
    assert "Registration has closed, so the answers can no longer be changed." in page
    assert "Save my answers" not in page and "Vegetarian" in page and "Scripts; Distribution" in page
    chinese = client.get(ticket(registration, "zh-hans")).content.decode()
    assert "报名已截止，回答不能再修改。" in chinese
    late = good_answers(questions) | {field(questions["short"]): "Director"}
    response = client.post(ticket(registration), late, follow=True)
    assert "Registration has closed, so the answers can no longer be changed." in response.content.decode()
    assert registration.answers.get(question=questions["short"]).value == "Producer"


def test_a_cancelled_registration_cannot_change_its_answers(client, event, questions):
    registration = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    response = client.post(ticket(registration), good_answers(questions), follow=True)
    assert "Save my answers" not in response.content.decode()
    assert registration.answers.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("asked", [1, 6])
def test_answers_are_inserted_with_the_registration_however_many_questions(
    client, event, questions, asked, settings, django_assert_num_queries
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    answers = good_answers(questions)
    for question in list(questions.values())[asked:]:
        answers.pop(field(question))
        question.delete()
    # As without questions (tests/events/test_pages.py: 9): the answers go in the registration's own insert,
    # before the event's lock, their foreign keys checked there, and are committed with it.
    with django_assert_num_queries(9) as queries:
        assert register(client, **answers).status_code == 302
    statements = [query["sql"] for query in queries.captured_queries]
    assert statements.count("COMMIT") == 1
    inserted = next(number for number, sql in enumerate(statements) if 'INSERT INTO "events_answer"' in sql)
    assert statements[inserted].startswith('WITH "registration" AS (INSERT INTO "events_registration"')
    assert inserted < statements.index("COMMIT")
    assert "FOR NO KEY UPDATE" in statements[inserted + 1]
    assert Answer.objects.count() == asked


# The organiser's side


def answered(event, questions, **answers_by_name) -> Registration:
    """A registration of the event with answers stored as the form stores them, in English."""
    registration = RegistrationFactory(event=event)
    for name, value in answers_by_name.items():
        question = questions[name]
        Answer.objects.create(
            registration=registration,
            question=question,
            question_label=question.label_en,
            kind=question.kind,
            value=value,
        )
    return registration


def test_the_attendee_list_shows_each_persons_answers(organiser_client, event, questions):
    answered(event, questions, short="Producer", several="Scripts\nDistribution", yes_no="yes")
    page = organiser_client.get("/en/events/summit/organise/").content.decode()
    assert "<dt>Job title</dt><dd>Producer</dd>" in page
    assert "<dd>Scripts; Distribution</dd>" in page and "<dt>Do you need a parking space?</dt><dd>Yes</dd>" in page
    # The organiser reads the questions and yes or no in the page's language.
    chinese = organiser_client.get("/zh-hans/events/summit/organise/").content.decode()
    assert "<dt>职务</dt><dd>Producer</dd>" in chinese and "<dt>是否需要停车位？</dt><dd>是</dd>" in chinese


@pytest.mark.parametrize("rows, asked", [(5, 1), (120, 6)])
def test_the_attendee_list_costs_the_same_queries_however_many_answers(
    organiser_client, event, questions, rows, asked, django_assert_num_queries
):
    names = list(questions)[:asked]
    for _ in range(rows):
        answered(event, questions, **{name: "1" for name in names})
    organiser_client.get("/en/events/summit/organise/")  # the session and language are settled
    # As tests/events/test_organisers.py counts: the answers of the page are one query however many.
    with django_assert_num_queries(12):
        response = organiser_client.get("/en/events/summit/organise/", {"page": 2 if rows > 50 else 1})
    assert response.status_code == 200


def export(client, language="en") -> list[list[str]]:
    response = client.get(f"/{language}/events/summit/organise/attendees.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_has_a_column_per_question_and_no_cell_runs_as_a_formula(organiser_client, event, questions):
    answered(event, questions, short='=HYPERLINK("http://evil.example")', long="+1 idea", number="-3", yes_no="no")
    questions["short"].label_en = "@Job title"
    questions["short"].save()
    rows = export(organiser_client)
    header = rows[0]
    assert header[11:] == [
        "'@Job title",
        "What do you hope to learn?",
        "Meal",
        "Workshops",
        "Do you need a parking space?",
        "Delegation size",
    ]
    assert rows[1][11:] == ['\'=HYPERLINK("http://evil.example")', "'+1 idea", "", "", "No", "'-3"]
    assert export(organiser_client, "zh-hans")[0][11:13] == ["职务", "您希望了解什么？"]


def test_the_export_keeps_answers_to_a_removed_question_under_its_old_wording(organiser_client, event, questions):
    answered(event, questions, number="12", one="Vegetarian")
    questions["number"].delete()
    questions["one"].label_en = "Lunch"
    questions["one"].save()
    rows = export(organiser_client)
    assert rows[0][11:] == [
        "Job title",
        "What do you hope to learn?",
        "Lunch",
        "Workshops",
        "Do you need a parking space?",
        "Delegation size",
    ]
    assert rows[1][11:] == ["", "", "Vegetarian", "", "", "12"]


def test_the_personal_data_export_holds_the_answers_and_erasure_removes_them(event, questions):
    registration = answered(event, questions, short="Producer", one="Vegetarian")
    registration.email = "li@example.com"
    registration.save()
    other = answered(event, questions, short="Director")
    output = io.StringIO()
    call_command("personal_data", "export", "li@example.com", stdout=output)
    [exported] = json.loads(output.getvalue())["registrations"]
    assert [(answer["question"], answer["answer"]) for answer in exported["answers"]] == [
        ("Job title", "Producer"),
        ("Meal", "Vegetarian"),
    ]
    assert "Director" not in output.getvalue()
    call_command("personal_data", "erase", "li@example.com", "--yes", stdout=io.StringIO())
    assert not registration.answers.exists()
    assert list(other.answers.values_list("value", flat=True)) == ["Director"]


def test_answers_go_with_the_rest_when_attendee_data_is_erased_after_the_event(event, questions):
    registration = answered(event, questions, short="Producer")
    attendee_data_erase(ended_before=event.ends_at + datetime.timedelta(days=1))
    assert not registration.answers.exists() and Registration.objects.filter(pk=registration.pk).exists()


def test_answers_never_reach_the_open_data_api(client, event, questions):
    answered(event, questions, short="Secret producer", one="Vegetarian")
    for url in ("/api/v1/events/", "/api/v1/events/summit/"):
        body = client.get(url).content.decode()
        assert "summit" in body
        assert "Secret producer" not in body and "Vegetarian" not in body and "Job title" not in body


def test_the_door_shows_the_answers_marked_for_it(organiser_client, event, questions):
    event.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    event.ends_at = event.starts_at + datetime.timedelta(hours=8)
    event.registration_closes_at = None
    event.save()
    Question.objects.filter(pk__in=[questions["one"].pk, questions["yes_no"].pk]).update(show_at_door=True)
    registration = answered(event, questions, short="Producer", one="Vegetarian", yes_no="yes")
    url = "/en/events/summit/organise/check-in/"
    preview = organiser_client.get(url, {"code": registration.ticket_code}).content.decode()
    assert "<dt>Meal</dt><dd>Vegetarian</dd>" in preview and "Producer" not in preview
    checked_in = organiser_client.post(url, {"ticket_code": registration.ticket_code}).content.decode()
    assert "Checked in. Welcome!" in checked_in
    assert "<dt>Meal</dt><dd>Vegetarian</dd><dt>Do you need a parking space?</dt><dd>Yes</dd>" in checked_in
    assert "Producer" not in checked_in
    scanned = organiser_client.post(
        url, {"ticket_code": registration.ticket_code}, headers={"accept": "application/json"}
    ).json()
    assert scanned["code"] == "already_checked_in"
    assert scanned["door_answers"] == [
        {"question": "Meal", "answer": "Vegetarian"},
        {"question": "Do you need a parking space?", "answer": "Yes"},
    ]
    chinese = organiser_client.get("/zh-hans" + url[3:], {"code": registration.ticket_code}).content.decode()
    assert "<dt>餐食</dt><dd>Vegetarian</dd>" in chinese and "<dd>是</dd>" in chinese


# Questions written on the organiser page


def management(total: int, initial: int) -> dict:
    return {
        "questions-TOTAL_FORMS": str(total),
        "questions-INITIAL_FORMS": str(initial),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }


def question_fields(index: int, question=None, **values) -> dict:
    fields = {
        "label_zh_hans": "",
        "label_en": "",
        "kind": "short_text",
        "choices_zh_hans": "",
        "choices_en": "",
        "display_order": "100",
    }
    if question is not None:
        fields["id"] = str(question.pk)
    fields.update(values)
    return {f"questions-{index}-{name}": value for name, value in fields.items() if value is not None}


def test_an_organiser_adds_a_question_on_the_organiser_page_and_the_form_asks_it(organiser_client, client, event):
    url = "/en/events/summit/organise/questions/"
    assert "Questions on the registration form" in organiser_client.get("/en/events/summit/organise/").content.decode()
    assert organiser_client.get(url).status_code == 200
    data = management(1, 0) | question_fields(
        0,
        label_zh_hans="餐食",
        label_en="Meal",
        kind="one_choice",
        choices_zh_hans="普通\n素食",
        choices_en="Regular\nVegetarian",
        required="on",
        show_at_door="on",
    )
    response = organiser_client.post(url, data, follow=True)
    assert "The questions are saved." in response.content.decode()
    question = event.questions.get()
    assert (question.label_en, question.required, question.show_at_door) == ("Meal", True, True)
    # The public form, stored in the page cache, asks it at once.
    assert "Vegetarian" in client.get("/en/events/summit/register/").content.decode()


@pytest.mark.parametrize(
    "language, values, message",
    [
        ("en", {"label_zh_hans": "", "label_en": "Meal"}, "This field is required."),
        ("zh-hans", {"label_zh_hans": "", "label_en": "Meal"}, "这个字段是必填项。"),
        ("en", {"kind": "one_choice"}, "Write the choices, one a line."),
        ("zh-hans", {"kind": "one_choice"}, "请填写选项，每行一个。"),
        (
            "en",
            {"kind": "several_choices", "choices_zh_hans": "甲\n乙", "choices_en": "A"},
            "The Chinese and English choices must be as many",
        ),
        (
            "zh-hans",
            {"kind": "several_choices", "choices_zh_hans": "甲\n乙", "choices_en": "A"},
            "中文和英文选项数量须相同",
        ),
        ("en", {"display_order": "first"}, "Enter a whole number."),
    ],
)
def test_a_wrong_question_is_refused_clearly_and_keeps_what_was_typed(
    organiser_client, event, language, values, message
):
    data = management(1, 0) | question_fields(0, **({"label_zh_hans": "餐食", "label_en": "Lunch wish"} | values))
    response = organiser_client.post(f"/{language}/events/summit/organise/questions/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert ('value="Lunch wish"' in page) or ('value="Meal"' in page)
    assert not event.questions.exists()


def test_an_organiser_rewords_reorders_and_deletes_questions_and_the_answers_stay(organiser_client, event, questions):
    registration = answered(event, questions, short="Producer", one="Vegetarian")
    kept = [questions["short"], questions["one"]]
    data = management(len(questions), len(questions))
    for index, (name, question) in enumerate(questions.items()):
        values = {"label_zh_hans": question.label_zh_hans, "label_en": question.label_en, "kind": question.kind}
        values |= {"choices_zh_hans": question.choices_zh_hans, "choices_en": question.choices_en}
        values |= {"display_order": str(question.display_order), "required": "on"}
        if name == "one":
            values |= {"label_en": "Lunch", "display_order": "0"}
        if question not in kept:
            values["DELETE"] = "on"
        data |= question_fields(index, question, **values)
    response = organiser_client.post("/en/events/summit/organise/questions/", data)
    assert response.status_code == 302
    assert [question.label_en for question in event.questions.all()] == ["Lunch", "Job title"]
    stored = {answer.question_label: answer.value for answer in registration.answers.all()}
    assert stored == {"Job title": "Producer", "Meal": "Vegetarian"}


def test_only_the_events_organisers_write_its_questions(client, django_user_model, event):
    url = "/en/events/summit/organise/questions/"
    assert client.get(url).status_code == 302
    stranger = django_user_model.objects.create_user("stranger", password="x", is_staff=True)
    stranger.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
    client.force_login(stranger)
    assert client.post(url, management(1, 0) | question_fields(0, label_zh_hans="餐食")).status_code == 403
    assert not event.questions.exists()
