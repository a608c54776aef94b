"""The portal's admin site: branded, its home page showing what waits for bureau staff, and every
list page, ours and those of installed apps, refusing filter values that cannot become SQL (a year
past 9999, a NUL character, which PostgreSQL text cannot hold) with a 400, not a 500."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest, EmptyResultSet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CheckedFiltersChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in [*values, ""]):
            raise BadRequest("NUL character in a filter")
        try:
            # A date hierarchy's year is read while the filters are built (past C's long: OverflowError);
            # other values are turned into SQL lazily, when the page counts its rows: try it here first.
            queryset = super().get_queryset(request, exclude_parameters)
            queryset.query.get_compiler(queryset.db).as_sql()
        except EmptyResultSet:
            pass
        except (ValueError, OverflowError, TypeError) as error:
            raise BadRequest(f"Filter value out of range: {error}") from error
        return queryset


class CheckedFiltersMixin:
    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        if changelist is ChangeList:
            return CheckedFiltersChangeList
        return changelist


class PortalAdminSite(admin.AdminSite):
    site_header = _("Haizhu Portal administration")
    site_title = _("Haizhu Portal administration")

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        checked = type(admin_class.__name__, (CheckedFiltersMixin, admin_class), {"__module__": admin_class.__module__})
        super().register(model_or_iterable, checked, **options)

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "waiting": waiting_for_staff(self, request)}
        return super().index(request, extra_context)


class PortalAdminConfig(AdminConfig):
    default_site = "staff.admin_site.PortalAdminSite"


def waiting_for_staff(site, request) -> list[dict]:
    """Counts of what staff have to act on, each linked to the list that shows it; only the lists
    the staff member may see, counting only the rows that list shows them (their districts and events)."""
    from districts.models import Inquiry
    from enterprises.models import Enterprise
    from foundation.models import OutgoingEmail

    queues = [
        (Enterprise, _("Listings waiting for review"), {"state__exact": Enterprise.State.PENDING}),
        (Inquiry, _("Inquiries not yet handled"), {"status__exact": Inquiry.Status.NEW}),
        (OutgoingEmail, _("Emails that could not be sent"), {"status__exact": OutgoingEmail.Status.FAILED}),
    ]
    waiting = []
    for model, label, lookup in queues:
        if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        query = "&".join(f"{key}={value}" for key, value in lookup.items())
        in_reach = site.get_model_admin(model).get_queryset(request)
        waiting.append({"label": label, "count": in_reach.filter(**lookup).count(), "url": f"{changelist}?{query}"})
    return waiting
