def can_preview_unpublished(user) -> bool:
    """Bureau staff who may edit enterprises see profiles before they are published (the admin links there)."""
    return user.is_active and user.is_staff and user.has_perm("enterprises.change_enterprise")
