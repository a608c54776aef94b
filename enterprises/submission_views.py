"""A company lists itself: the submission form and its thank-you page.

Kept apart from the directory's views (list, profile) so each can change on its own.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from enterprises.forms import EnterpriseSubmissionForm, WorkFormSet
from enterprises.services import enterprise_submit
from foundation import public_forms
from foundation.limits import listing_within_limits

WORKS_PREFIX = "works"


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request):
    if request.method != "POST":
        form, works = EnterpriseSubmissionForm(), WorkFormSet(prefix=WORKS_PREFIX)
        return render(request, "enterprises/submit.html", {"form": form, "works": works, "unfolded_works": 1})
    form = EnterpriseSubmissionForm(request.POST, request.FILES)
    works = WorkFormSet(request.POST, prefix=WORKS_PREFIX)
    if status := public_forms.refusal(
        form, works, within_limits=lambda data: listing_within_limits(request, email=data["contact_email"])
    ):
        context = {
            "form": form,
            "works": works,
            "unfolded_works": unfolded_works(works),
            # Browsers never re-fill a file input, so a chosen logo has to be chosen again.
            "logo_to_choose_again": bool(request.FILES.get("logo")),
        }
        return render(request, "enterprises/submit.html", context, status=status)
    enterprise = enterprise_submit(
        data=form.listing_data(),
        works=[work.cleaned_data for work in works if work.has_changed()],
        logo=form.cleaned_data.get("logo"),
        language=get_language(),
    )
    # The thank-you page names the company too, so the cookie carries its name as it reads in this language.
    return public_forms.sent(reverse("enterprises:submitted"), enterprise.contact_email, name=enterprise.name)


def unfolded_works(works) -> int:
    """How many works show unfolded: up to the last one the company filled in, so none is hidden."""
    filled = [number for number, work in enumerate(works, start=1) if work.has_changed() or work.errors]
    return max(filled, default=1)


@never_cache  # names the visitor's address: theirs alone, never stored by a proxy
def submitted(request):
    return public_forms.confirmation(request, "enterprises/submitted.html", {})
