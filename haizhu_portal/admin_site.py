"""The admin site: every list page, ours and those of installed apps, refuses filter values that
cannot become SQL (a year past 9999, a NUL character, which PostgreSQL text cannot hold) with a
400, not a 500."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import BadRequest, EmptyResultSet


class CheckedFiltersChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in [*values, ""]):
            raise BadRequest("NUL character in a filter")
        queryset = super().get_queryset(request, exclude_parameters)
        try:
            # Values are turned into SQL lazily, when the page counts its rows: try it here first.
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
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        checked = type(admin_class.__name__, (CheckedFiltersMixin, admin_class), {"__module__": admin_class.__module__})
        super().register(model_or_iterable, checked, **options)


class PortalAdminConfig(AdminConfig):
    default_site = "haizhu_portal.admin_site.PortalAdminSite"
