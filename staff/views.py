import csv

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from districts.models import District
from foundation.forms import PersonalDataForm
from foundation.permissions import in_scope, is_administrator
from foundation.spreadsheets import cell_safe
from staff.forms import LeadsPeriodForm
from staff.leads import leads_dashboard, leads_rows
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


def may_see_leads(user) -> bool:
    """Bureau staff and administrators: whoever may read inquiries (the districts they reach are in_scope's)."""
    return user.has_perm("districts.view_inquiry")


@staff_member_required
def leads_index(request):
    """The districts whose leads dashboard the staff member may open."""
    if not may_see_leads(request.user):
        raise PermissionDenied
    districts = in_scope(request.user, District.objects.order_by("slug"), districts=["pk"])
    context = {**admin.site.each_context(request), "districts": districts, "title": _("Leads dashboards")}
    return render(request, "admin/leads/index.html", context)


@staff_member_required
def leads_district(request, slug, as_csv=False):
    """One district's leads dashboard for a date range, or the same figures as CSV; out of reach: 404."""
    if not may_see_leads(request.user):
        raise PermissionDenied
    district = get_object_or_404(in_scope(request.user, District.objects.all(), districts=["pk"]), slug=slug)
    form = LeadsPeriodForm(request.GET, today=timezone.localdate())
    dashboard = None
    if form.is_valid():
        dashboard = leads_dashboard(district, form.cleaned_data["start"], form.cleaned_data["end"])
        if as_csv:
            return leads_csv(dashboard)
        # The fields show the period shown, the default one included.
        form = LeadsPeriodForm(None, today=form.today, initial={"start": dashboard.start, "end": dashboard.end})
    context = {
        **admin.site.each_context(request),
        "title": _("Leads of %(district)s") % {"district": district.name},
        "district": district,
        "form": form,
        "dashboard": dashboard,
        "csv_query": request.GET.urlencode(),
    }
    return render(request, "admin/leads/district.html", context, status=200 if dashboard else 400)


def leads_csv(dashboard) -> HttpResponse:
    district = dashboard.district
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"leads-{district.slug}-{dashboard.start:%Y-%m-%d}-{dashboard.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel reads the Chinese text as UTF-8
    writer = csv.writer(response)
    writer.writerows([[cell_safe(str(cell)) for cell in row] for row in leads_rows(dashboard)])
    return response
