"""The steps every public form shares: the district inquiry, the enterprise listing, the event
registration and the alert subscription.

A view binds its form and asks `refusal()` whether it may go ahead; if not, it shows the form again,
everything typed kept, with the status given. Otherwise it calls its service and answers `sent()`: a
redirect to a confirmation page of the form's own (post/redirect/get, so a reload sends nothing twice),
whose view answers `confirmation()`: the page names the address once, then says its general wording.
"""

from collections.abc import Callable

from django.shortcuts import redirect, render

from foundation.sent_to import forget_sent_to, remember_sent_to, sent_to


def refusal(form, *others, within_limits: Callable[[dict], bool]) -> int | None:
    """The status to show `form` again with: 400 while it or one of `others` (a formset sent with it)
    has errors, 429 over an hourly limit, 409 when this form was sent before; None when it may go ahead.

    `within_limits(cleaned_data)` counts the sending against the form's hourly limits (foundation.limits);
    only a valid sending is counted."""
    # Every one validated, so every error shows at once.
    if not all([form.is_valid(), *[other.is_valid() for other in others]]):
        return 400
    return form.refusal(within_limits=within_limits(form.cleaned_data))


def sent(page: str, email: str, *, fragment: str = "", **details: str):
    """The answer to an accepted form: to its confirmation `page` (a path), which names `email`, and
    `details` such as a company's name, when the browser gets there."""
    return remember_sent_to(redirect(page + fragment), email, page=page, **details)


def confirmation(request, template: str, context: dict):
    """A confirmation page, its view marked never_cache: the template gets `email` (and any details) the
    first time, nothing on a reload or a link opened later, where it says its general wording."""
    response = render(request, template, {**sent_to(request), **context})
    return forget_sent_to(request, response)
