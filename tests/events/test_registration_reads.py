"""The posted registration form's reads, compiled once per process (events/registration_reads.py), give what the
querysets they stand for give: the same rows, fields and order, in either language. With the page cache on, the
rows are kept in the process until staff change the event's setup; registrations change nothing of them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events import registration_reads
from events.forms import answer_field
from events.models import AgendaItem, Answer, Event, Question
from events.registration_reads import event_questions, event_registered_for, event_sessions_offered
from events.selectors import event_sessions
from foundation.content_versions import KEPT_IN_PROCESS
from tests.events.test_pages import form_data
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {name: value for name, value in vars(instance).items() if not name.startswith("_")}


@pytest.fixture
def event():
    event = EventFactory(capacity=300, title_zh_hans="微短剧大会", title_en="Micro-drama conference")
    for order, kind in [(1, Question.Kind.SEVERAL_CHOICES), (0, Question.Kind.SHORT_TEXT)]:
        Question.objects.create(
            event=event,
            kind=kind,
            label_zh_hans=f"问题{order}",
            label_en=f"Question {order}",
            choices_zh_hans="甲\n乙",
            choices_en="A\nB",
            display_order=order,
        )
    # Out of order, and one agenda item without seats of its own.
    for hour, capacity in [(2, 40), (0, None), (1, 20)]:
        AgendaItem.objects.create(
            event=event,
            title_zh_hans=f"分场{hour}",
            title_en=f"Session {hour}",
            starts_at=event.starts_at + timedelta(hours=hour),
            ends_at=event.starts_at + timedelta(hours=hour, minutes=50),
            capacity=capacity,
        )
    return event


@pytest.mark.parametrize("language, first_question", [("zh-hans", "问题0"), ("en", "Question 0")])
def test_each_read_gives_what_its_queryset_gives(event, language, first_question):
    with translation.override(language):
        read = event_registered_for(event.slug)
        assert fields(read) == fields(Event.objects.visible().get(slug=event.slug))
        questions = event_questions(read)
        assert [fields(question) for question in questions] == [fields(q) for q in event.questions.all()]
        assert [question.label for question in questions] == [first_question, first_question.replace("0", "1")]
        sessions = event_sessions_offered(read)
        assert [fields(item) for item in sessions] == [fields(item) for item in event_sessions(event, counted=False)]
        assert [item.capacity for item in sessions] == [20, 40]


def test_a_draft_or_unknown_event_is_not_found(event):
    Event.objects.filter(pk=event.pk).update(state=Event.State.DRAFT)
    for slug in [event.slug, "no-such-event"]:
        with pytest.raises(Http404):
            event_registered_for(slug)


@pytest.fixture
def kept(settings):
    """The page cache on, as in production: the versions in the cache, the rows kept in this process."""
    settings.PAGE_CACHE = True
    KEPT_IN_PROCESS.clear()
    yield
    KEPT_IN_PROCESS.clear()


def read_all(slug: str) -> tuple[Event, list[Question], list[AgendaItem]]:
    event = event_registered_for(slug)
    return event, event_questions(event), event_sessions_offered(event)


def test_a_crowd_reads_the_event_its_questions_and_sessions_once(kept, event, django_assert_num_queries):
    with django_assert_num_queries(3):
        read_all(event.slug)
    with django_assert_num_queries(0):
        again, questions, sessions = read_all(event.slug)
    assert again == event and len(questions) == 2 and [item.capacity for item in sessions] == [20, 40]
    # Every reader reaches the event it was given, as the related manager would link them.
    assert all(question.event is again for question in questions) and all(item.event is again for item in sessions)


def test_each_reader_changes_its_own_copies_only(kept, event):
    first, questions, sessions = read_all(event.slug)
    # As a registration does: the seat rules read under the lock, a session's seats under its own.
    first.capacity, first.state, sessions[0].capacity, questions[0].label_en = 1, Event.State.CANCELLED, 0, "Changed"
    second, questions, sessions = read_all(event.slug)
    assert (second.capacity, second.state) == (300, Event.State.PUBLISHED)
    assert sessions[0].capacity == 20 and questions[0].label_en == "Question 0"


def test_a_staff_edit_is_read_by_the_next_registration(kept, event):
    read_all(event.slug)
    question = event.questions.get(display_order=0)
    question.label_en = "Your company"
    question.save()
    assert [question.label_en for question in read_all(event.slug)[1]] == ["Your company", "Question 1"]
    item = AgendaItem.objects.get(event=event, capacity=20)
    item.capacity = 25
    item.save()
    assert [item.capacity for item in read_all(event.slug)[2]] == [25, 40]
    Question.objects.filter(display_order=1).delete()
    assert [question.label_en for question in read_all(event.slug)[1]] == ["Your company"]
    event.district.is_published = False
    event.district.save()
    with pytest.raises(Http404):
        event_registered_for(event.slug)
    event.district.is_published = True
    event.district.save()
    event.state = Event.State.DRAFT
    event.save()
    with pytest.raises(Http404):
        event_registered_for(event.slug)


def test_registrations_change_nothing_kept(kept, event, client):
    question = event.questions.get(display_order=0)
    answer = {f"answers-question_{question.pk}": "Producer"}
    register = f"/en/events/{event.slug}/register/"
    other = {f"answers-question_{event.questions.get(display_order=1).pk}": "1"}
    with CaptureQueriesContext(connection) as first:
        assert client.post(register, form_data(**answer, **other)).status_code == 302
    with CaptureQueriesContext(connection) as second:
        assert client.post(register, form_data(email="wang@example.com", **answer)).status_code == 302
    # The event and its questions are not read again: a registration changes neither.
    read = [query["sql"].split(" FROM ")[1].split()[0] for query in first.captured_queries[:2]]
    assert read == ['"events_event"', '"events_question"']
    assert len(second) == len(first) - 2
    # What remains reads the event under its lock, fresh.
    assert [query for query in second.captured_queries if query["sql"].startswith("SELECT")] == [
        query for query in second.captured_queries if query["sql"].endswith("FOR NO KEY UPDATE")
    ]
    # An organiser changes the question's wording: the next person is asked, and answers, the new one.
    question.label_en = "Your company"
    question.save()
    assert client.post(register, form_data(email="zhao@example.com", **answer)).status_code == 302
    asked = Answer.objects.filter(question=question).order_by("registration__email")
    assert list(asked.values_list("question_label", flat=True)) == ["Question 0", "Question 0", "Your company"]


def test_the_questions_fields_are_built_once_per_language_and_setup(kept, event, monkeypatch):
    built = []
    monkeypatch.setattr(
        registration_reads, "answer_field", lambda question: built.append(question) or answer_field(question)
    )
    for language, label in [("en", "Question 0"), ("zh-hans", "问题0"), ("en", "Question 0")]:
        with translation.override(language):
            read, questions, _ = read_all(event.slug)
            first, second = (registration_reads.answer_fields(read, questions) for _ in range(2))
            assert first[questions[0].pk].label == label
    assert len(built) == 4  # two questions, in two languages
    # Each form gets fields of its own.
    first[questions[0].pk].widget.attrs["class"] = "changed"
    first[questions[1].pk].choices.append(("2", "C"))
    assert "class" not in second[questions[0].pk].widget.attrs
    assert second[questions[1].pk].choices == [("0", "A"), ("1", "B")]
    question = event.questions.get(display_order=0)
    question.label_en = "Your company"
    question.save()
    read, questions, _ = read_all(event.slug)
    assert registration_reads.answer_fields(read, questions)[question.pk].label == "Your company"


@pytest.mark.parametrize("language, asked", [("en", "Your company"), ("zh-hans", "贵公司")])
def test_a_form_sent_back_asks_the_question_as_worded_now(kept, event, client, language, asked):
    register = f"/{language}/events/{event.slug}/register/"
    assert client.post(register, form_data()).status_code == 302
    question = event.questions.get(display_order=0)
    question.label_en, question.label_zh_hans, question.required = "Your company", "贵公司", True
    question.save()
    page = client.post(register, form_data(email="wang@example.com"))
    assert page.status_code == 400  # sent back, with what the person typed
    form = page.context["answers_form"]
    assert form.fields[f"question_{question.pk}"].label == asked
    assert form.errors[f"question_{question.pk}"] and asked in page.content.decode()
