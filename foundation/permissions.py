"""Which records a staff member may see and change.

Site administrators (superusers) reach everything. Bureau editors reach the records of the districts
they are named editors of; event organisers the records of the events they are named organisers of.
One rule, `in_scope`, serves the admin (through `ScopedAdminMixin`), the organiser pages (through
`events.permissions.organiser_required`), the pickers and the exports.

A staff member reaches districts and events through the relations the districts and events apps give
the user model (`edited_districts`, `organised_events`), so this module imports neither app.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

# The staff groups, one per role; their permissions are kept in step by the staff app's roles.
BUREAU_STAFF = "Bureau staff"
EVENT_ORGANISERS = "Event organisers"


def district_model():
    return get_user_model().edited_districts.rel.related_model


def event_model():
    return get_user_model().organised_events.rel.related_model


def is_administrator(user) -> bool:
    return user.is_active and user.is_superuser


def edited_districts(user) -> QuerySet:
    return district_model().objects.filter(editors=user)


def organised_events(user) -> QuerySet:
    return event_model().objects.filter(organisers=user)


def in_scope(user, queryset: QuerySet, *, districts=(), events=()) -> QuerySet:
    """The rows of `queryset` the user may reach. `districts` and `events` are lookups from the
    queried model to its district or event ("pk" for District or Event themselves)."""
    if is_administrator(user):
        return queryset
    if not (user.is_active and user.is_staff):
        return queryset.none()
    reachable = Q(pk__in=[])
    for path in districts:
        reachable |= Q(**{f"{path}__in": edited_districts(user).values("pk")})
    for path in events:
        reachable |= Q(**{f"{path}__in": organised_events(user).values("pk")})
    return queryset.filter(reachable)


def users_in_scope(user) -> QuerySet:
    """Who a staff member may pick as an organiser or an owner: administrators any active staff member;
    others themselves and the people who share one of their districts or events."""
    User = get_user_model()
    staff = User.objects.filter(is_active=True, is_staff=True)
    if is_administrator(user):
        return staff
    return staff.filter(
        Q(pk=user.pk)
        | Q(pk__in=User.edited_districts.through.objects.filter(district__editors=user).values("user"))
        | Q(pk__in=User.organised_events.through.objects.filter(event__organisers=user).values("user"))
    )


class ScopedAdminMixin:
    """For every ModelAdmin: lists, change and delete pages, actions, exports and the audit trail show
    only records in the user's scope, and the district, event and user pickers offer only choices in
    scope, so a record cannot be attached to another bureau's district or event."""

    district_paths: tuple[str, ...] = ()
    event_paths: tuple[str, ...] = ()

    def get_queryset(self, request):
        return in_scope(
            request.user, super().get_queryset(request), districts=self.district_paths, events=self.event_paths
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self.limit_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self.limit_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # The audit trail (django-reversion's history, revision and recover views) keeps to the same reach.

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        # A revert replays a whole revision, which may span other districts or events: staff see the
        # old version; administrators revert it.
        if request.method == "POST" and not is_administrator(request.user):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not is_administrator(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not is_administrator(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def limit_choices(self, db_field, request, kwargs):
        user, model = request.user, db_field.related_model
        if model is district_model() and self.district_paths:
            kwargs["queryset"] = in_scope(user, model.objects.all(), districts=["pk"])
            # A record without a district would leave its editor's reach.
            kwargs["required"] = kwargs.get("required", not db_field.blank) or not is_administrator(user)
        elif model is event_model() and self.event_paths:
            kwargs["queryset"] = in_scope(user, model.objects.all(), events=["pk"])
        elif model is get_user_model():
            kwargs["queryset"] = users_in_scope(user)


class AdministratorsOnlyAdminMixin:
    """For personal data tied to no district or event (alert subscriptions): administrators only,
    whatever permissions a staff account was given."""

    def has_module_permission(self, request):
        return is_administrator(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user) and super().has_change_permission(request, obj)


def related_only(field_name: str):
    """A list filter offering only the related records present in the (scoped) list."""
    return (field_name, admin.RelatedOnlyFieldListFilter)
