"""Staff roles: a group per role with the permissions it needs, kept in step on every migrate."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from districts.models import District
from events.models import Event
from foundation.permissions import BUREAU_STAFF, EVENT_ORGANISERS

# Each role: app label -> model names it may add, change, delete and view; view-only models apart.
ROLES = {
    BUREAU_STAFF: {
        "edit": {
            "districts": [
                "district",
                "keyfigure",
                "incentive",
                "industrialfund",
                "facility",
                "servicecenter",
                "talentprogramme",
                "investmentcontact",
            ],
            "enterprises": ["enterprise", "work", "photo"],
            # The search's synonym list is shared by every district, like the sources.
            "search": ["searchsynonym"],
        },
        # Their district's meeting desk answers requests and keeps its contact details.
        "change": {"districts": ["inquiry"], "meetings": ["meeting", "desk"]},
        # Sources are shared by every district: editors cite them and add new ones; administrators correct them.
        "add": {"districts": ["source"]},
        # Their districts' emails that failed (a bounced reply to an inquiry, say) can go out again.
        "resend": {"haizhu_portal": ["outgoingemail"]},
        "view": {"page_views": ["pageviewday"], "meetings": ["slot"]},
    },
    EVENT_ORGANISERS: {
        "edit": {
            "events": ["event", "agendaitem", "speaker", "question", "invitationcode"],
            "meetings": ["meetingprogramme", "desk", "slot"],
        },
        "change": {"events": ["registration"], "meetings": ["meeting"]},
        "view": {
            "events": ["sessionbooking"],
            "haizhu_portal": ["outgoingemail"],
            "page_views": ["pageviewday"],
        },
    },
}


def role_permissions(role: dict):
    codenames = []
    for action_set, actions in (
        ("edit", ["add", "change", "delete", "view"]),
        ("change", ["change", "view"]),
        ("add", ["add", "view"]),
        ("view", ["view"]),
        ("resend", ["resend", "view"]),
    ):
        for app_label, model_names in role.get(action_set, {}).items():
            for model_name in model_names:
                codenames += [(app_label, f"{action}_{model_name}") for action in actions]
    query = Permission.objects.none()
    for app_label, codename in codenames:
        query = query | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return query


def sync_roles(sender, **kwargs):
    """post_migrate receiver: runs once, after the last app, when every permission exists."""
    apps_with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not apps_with_models[-1]:
        return
    for name, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(role_permissions(role))


class StaffUserError(ValueError):
    pass


ADMINISTRATOR, EDITOR, ORGANISER = "administrator", "editor", "organiser"
STAFF_ROLES = [ADMINISTRATOR, EDITOR, ORGANISER]


def staff_user_create(*, username: str, email: str = "", role: str, districts=(), events=()):
    """Create a staff account for one role: an administrator (a superuser), a bureau editor of the
    districts given by slug, or an organiser of the events given by slug. Raises StaffUserError,
    saving nothing, when the role, its districts or events, or the username do not fit.
    The account has no password yet: its owner is given one with `changepassword`."""
    if role not in STAFF_ROLES:
        raise StaffUserError(f"Unknown role “{role}”; choose one of {', '.join(STAFF_ROLES)}.")
    if role == EDITOR and (not districts or events):
        raise StaffUserError("An editor needs one or more districts (--district) and no events.")
    if role == ORGANISER and (not events or districts):
        raise StaffUserError("An organiser needs one or more events (--event) and no districts.")
    if role == ADMINISTRATOR and (districts or events):
        raise StaffUserError("An administrator reaches every district and event; name none.")
    district_rows = list(District.objects.filter(slug__in=districts))
    event_rows = list(Event.objects.filter(slug__in=events))
    unknown = sorted(set(districts) - {row.slug for row in district_rows}) + sorted(
        set(events) - {row.slug for row in event_rows}
    )
    if unknown:
        raise StaffUserError(f"No district or event with the slug {', '.join(unknown)}.")
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise StaffUserError(f"A user named “{username}” already exists; change their roles in the admin.")
    with transaction.atomic():
        user = User(username=username, email=email, is_staff=True, is_superuser=role == ADMINISTRATOR)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        if role == EDITOR:
            user.groups.add(Group.objects.get(name=BUREAU_STAFF))
            user.edited_districts.add(*district_rows)
        elif role == ORGANISER:
            user.groups.add(Group.objects.get(name=EVENT_ORGANISERS))
            user.organised_events.add(*event_rows)
    return user
