"""A company lists itself: the submission form and its thank-you page.

Kept apart from the directory's views (list, profile) so each can change on its own.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from enterprises.forms import EnterpriseSubmissionForm, WorkFormSet
from enterprises.services import enterprise_submit
from foundation.limits import listing_within_limits

WORKS_PREFIX = "works"


@require_http_methods(["GET", "HEAD", "POST"])
def submit(request):
    if request.method != "POST":
        form, works = EnterpriseSubmissionForm(), WorkFormSet(prefix=WORKS_PREFIX)
        return render(request, "enterprises/submit.html", {"form": form, "works": works, "unfolded_works": 1})
    form = EnterpriseSubmissionForm(request.POST, request.FILES)
    works = WorkFormSet(request.POST, prefix=WORKS_PREFIX)
    status = None if all([form.is_valid(), works.is_valid()]) else 400  # both, so every error shows at once
    if status is None:
        within_limits = listing_within_limits(request, email=form.cleaned_data["contact_email"])
        status = form.refusal(within_limits=within_limits)
    if status:
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
    messages.success(
        request,
        _("Thank you. The bureau has the listing for %(name)s and will write to %(email)s after the review.")
        % {"name": enterprise.name, "email": enterprise.contact_email},
    )
    return redirect("enterprises:submitted")


def unfolded_works(works) -> int:
    """How many works show unfolded: up to the last one the company filled in, so none is hidden."""
    filled = [number for number, work in enumerate(works, start=1) if work.has_changed() or work.errors]
    return max(filled, default=1)


def submitted(request):
    return render(request, "enterprises/submitted.html")
