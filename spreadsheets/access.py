"""Who may import and export which communes: a thin layer over `accounts.access` (DESIGN §9)."""

from accounts import access
from units.models import AdministrativeUnit, Level


def editable_commune_ids(user) -> set[int] | None:
    """Return the ids of the communes whose rosters `user` may change (None: every commune)."""
    if user is None or access.is_superuser(user):
        return None
    return set(access.editable_communes(user).values_list("pk", flat=True))


def verified_commune_ids(user) -> set[int] | None:
    """Return the communes where `user`'s entries need no verification (None: every commune)."""
    if user is None or access.is_superuser(user):
        return None
    return set(access.verifiable_communes(user).values_list("pk", flat=True))


def editable_official_ids(user, ids) -> set[int]:
    """Return which of the officials `ids` an import by `user` may change (current posts)."""
    if user is None:
        return set(ids)
    return access.official_ids_editable_by(user, ids)


def readable_official_ids(user, ids) -> set[int]:
    """Return which of the officials `ids` `user` reads (a current post or a history)."""
    if user is None or access.is_superuser(user):
        return set(ids)
    return set(access.officials_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def visible_communes(user):
    if access.is_superuser(user):
        return AdministrativeUnit.objects.filter(level=Level.COMMUNE)
    return access.visible_communes(user)


can_import = access.can_send_entries  # who edits a commune imports its roster


def can_see_unit(user, unit) -> bool:
    return access.can_see_unit(user, unit)


def can_export(user) -> bool:
    return access.is_superuser(user) or access.visible_communes(user).exists()


def can_use_admin_tools(user) -> bool:
    """Superusers and district staff use the admin import and export (DESIGN §9)."""
    return access.can_enter_admin(user)
