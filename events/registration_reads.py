"""What a posted registration form reads: the event, its questions and its sessions, each query compiled once
per process (foundation/compiled.py), and the rows kept in the process until staff change the event's setup
(content_versions.EVENT_SETUP). A crowd posts the form at once: the ORM compiling these three on every request
cost more processor time than the registration's own statements, and running them cost the database three
statements a registration. Each caller gets copies of its own, to change as the registration goes (the seat
rules are read into the event under its lock, the sessions' times and seats under theirs)."""

from copy import copy

from django import forms
from django.http import Http404
from django.utils.translation import get_language

from events.forms import answer_field
from events.models import AgendaItem, Event, Question
from events.selectors import event_sessions
from foundation.compiled import KEY_STAND_IN, TEXT_STAND_IN, CompiledQuery
from foundation.content_versions import EVENT_SETUP, kept_in_process
from foundation.forms import field_copy

# Built from the querysets they stand for, an event of the stand-in's key in place of the event.
_EVENT = CompiledQuery(lambda slug: Event.objects.visible().filter(slug=slug), TEXT_STAND_IN)
_QUESTIONS = CompiledQuery(lambda event_id: Event(pk=event_id).questions.all(), KEY_STAND_IN)
_SESSIONS = CompiledQuery(lambda event_id: event_sessions(Event(pk=event_id), counted=False), KEY_STAND_IN)


def event_registered_for(slug: str) -> Event:
    """The visible event of this slug, as Event.objects.visible() reads it; 404 when there is none."""
    return copy(kept_in_process(("registration-event", slug), (EVENT_SETUP,), lambda: _visible_event(slug)))


def event_questions(event: Event) -> list[Question]:
    """The event's questions in their order, as event.questions.all() gives them."""
    return _of_event(_QUESTIONS, event)


def answer_fields(event: Event, questions: list[Question]) -> dict[int, forms.Field]:
    """The form field asking each of `questions` (event_questions(event)) in the active language, by question: built
    once per language and version of the event's setup, and copied for each form as a form copies its class's
    fields (building five cost 1.05 million instructions a registration, copying them 0.1)."""
    kept = kept_in_process(
        ("answer-fields", event.pk, get_language()),
        (EVENT_SETUP,),
        lambda: {question.pk: answer_field(question) for question in questions},
    )
    return {pk: field_copy(field, {}) for pk, field in kept.items()}


def event_sessions_offered(event: Event) -> list[AgendaItem]:
    """The event's sessions with seats of their own, in the agenda's order, without their seat counts (what a
    posted form is checked against needs none), as event_sessions(event, counted=False) gives them."""
    return _of_event(_SESSIONS, event)


def _visible_event(slug: str) -> Event:
    # Raised, not kept: addresses of no event never fill the process's store.
    event = _EVENT.first(slug)
    if event is None:
        raise Http404("No event of this address.")
    return event


def _of_event(query: CompiledQuery, event: Event) -> list:
    rows = [copy(row) for row in kept_in_process((query, event.pk), (EVENT_SETUP,), lambda: query.all(event.pk))]
    for row in rows:
        row.event = event  # as the related manager sets it: reaching the event costs no query
    return rows
