"""Staff roles: a group per role with the permissions it needs, kept in step on every migrate."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

BUREAU_STAFF = "Bureau staff"
EVENT_ORGANISERS = "Event organisers"

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
        },
        "change": {"districts": ["inquiry"]},
        # Sources are shared by every district: editors cite them and add new ones; administrators correct them.
        "add": {"districts": ["source"]},
        "view": {"haizhu_portal": ["outgoingemail"]},
    },
    EVENT_ORGANISERS: {
        "edit": {"events": ["event", "agendaitem", "speaker"]},
        "change": {"events": ["registration"]},
        "view": {"haizhu_portal": ["outgoingemail"]},
    },
}


def role_permissions(role: dict):
    codenames = []
    for action_set, actions in (
        ("edit", ["add", "change", "delete", "view"]),
        ("change", ["change", "view"]),
        ("add", ["add", "view"]),
        ("view", ["view"]),
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
