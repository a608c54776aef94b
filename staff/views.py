from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from foundation.forms import PersonalDataForm
from foundation.permissions import is_administrator
from staff.privacy import personal_data_erase, personal_data_export


def login_locked(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: a page saying why and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "lockout.html", {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}, status=429
    )


@staff_member_required
def personal_data(request):
    """Administrators export or erase one person's data by email (PIPL); see staff.privacy."""
    if not is_administrator(request.user):
        raise PermissionDenied
    form = PersonalDataForm(request.POST or None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        if "erase" not in request.POST:
            response = JsonResponse(personal_data_export(email=email), json_dumps_params={"ensure_ascii": False})
            response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
            return response
        if form.cleaned_data["confirm"]:
            erased = personal_data_erase(email=email)
            text = _(
                "Erased: %(registrations)d registrations, %(inquiries)d inquiries, %(submissions)d enterprise "
                "submissions, %(alert_subscriptions)d alert subscriptions and %(emails)d stored emails."
            )
            messages.success(request, text % erased)
            return redirect("personal_data")
        form.add_error("confirm", _("Tick the box to confirm the erasure."))
    context = {**admin.site.each_context(request), "form": form, "title": _("Personal data")}
    return render(request, "admin/personal_data.html", context, status=400 if form.errors else 200)
