from django.db.models import Q

from foundation.permissions import in_scope


def previewable(user, profiles):
    """Published profiles, and for staff who may edit enterprises also the unpublished ones in their reach
    (the admin links there)."""
    if not (user.is_active and user.is_staff and user.has_perm("enterprises.change_enterprise")):
        return profiles.published()
    in_reach = in_scope(user, profiles.model.objects.all(), districts=["district"])
    return profiles.filter(Q(state=profiles.model.State.PUBLISHED) | Q(pk__in=in_reach.values("pk")))
