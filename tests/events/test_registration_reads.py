"""The posted registration form's reads, compiled once per process (events/registration_reads.py), give what the
querysets they stand for give: the same rows, fields and order, in either language."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import translation

from events.models import AgendaItem, Event, Question
from events.registration_reads import event_questions, event_registered_for, event_sessions_offered
from events.selectors import event_sessions
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
