"""Emails are rows first, messages second: see OutgoingEmail."""

from django.db import transaction
from django.template import Context, engines
from django.utils import translation
from django_tasks_db import DatabaseBackend

from foundation.models import OutgoingEmail
from foundation.task_queue import insert_and_enqueue


def email_queue(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    headers: dict | None = None,
    about=None,
    attachments: list[dict] | None = None,
) -> OutgoingEmail:
    """Render `template` (emails/<template>_subject.txt and _body.txt) in `language`,
    store it, and send it in the background once the current transaction commits.
    `about` is the registration, inquiry or submitted enterprise the email concerns: staff who may see
    that record may read the email; an email about nothing is for administrators only.
    `attachments`: files sent with it, each {"filename", "content_type", "content"} with text content."""
    from foundation.tasks import deliver_email

    subject, body = email_render(template=template, context=context, language=language)
    tie = {OutgoingEmail.about_field(about): about} if about is not None else {}
    email = OutgoingEmail(
        to=to, subject=subject, body=body, headers=headers or {}, attachments=attachments or [], **tie
    )
    if isinstance(deliver_email.get_backend(), DatabaseBackend):
        # The task is a row in the same database: inserted with the email in one statement, it commits, or
        # rolls back, with the email, and needs no transaction of its own.
        insert_and_enqueue(email, deliver_email)
    else:
        email.save()
        transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email


def email_render(*, template: str, context: dict, language: str) -> tuple[str, str]:
    """The subject (on one line) and body of an email as email_queue stores it: a preview shows the same."""
    with translation.override(language):
        subject = plain_text_render(f"emails/{template}_subject.txt", context)
        body = plain_text_render(f"emails/{template}_body.txt", context)
    return " ".join(subject.split()), body


def email_sweep() -> int:
    """Queue again every pending email that no task waits to send (its worker died mid-task); returns how
    many. The row, not the task, is the truth: an email being sent is locked by its worker and left
    alone, and deliver_email sends a pending email once however many tasks carry it."""
    from foundation.tasks import deliver_email

    with transaction.atomic():
        stranded = OutgoingEmail.objects.unqueued().select_for_update(skip_locked=True).order_by("created_at")
        email_ids = list(stranded.values_list("pk", flat=True))
        for email_id in email_ids:
            deliver_email.enqueue(email_id)
    return len(email_ids)


def plain_text_render(template_name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping: "O'Brien" and "Tom & Jerry" arrive as typed.

    Escaping is turned off here, for every email template at once, rather than in each template."""
    template = engines["django"].engine.get_template(template_name)
    return template.render(Context(context, autoescape=False))
