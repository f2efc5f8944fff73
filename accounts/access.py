"""Who may see and change what: one access function per model (STYLE.md "Access", DESIGN §9).

Scope: a grant covers its unit, every unit under it, and the direct successors and predecessors of
those units in the other data set (a legacy commune and the 2025 commune it was merged into), so
that a district keeps its communes across the 2025 reform. Rights by role: viewers read; commune
secretaries read and edit (their entries wait for verification); district staff read, edit and
verify. Superusers see and do everything, removed officials included.

Outside the scope is a 404 (the row does not exist for this user); inside it without the right is a
403. Views, forms, exports, imports, commands run with `--user` and admin querysets all go
through these functions.
"""

import datetime
from collections.abc import Iterable

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import Role, RoleGrant
from figures.versions import structure, token, versions
from officials.models import Assignment, Credential, IdentityChange, Official, Verification
from units.models import (
    AdministrativeUnit,
    Dataset,
    Level,
    UnitNotValid,
    UnknownName,
    UnknownUnit,
    dataset_on,
)

READ_ROLES = frozenset(Role.values)
EDIT_ROLES = frozenset({Role.PROVINCE_STAFF, Role.DISTRICT_STAFF, Role.COMMUNE_SECRETARY})
VERIFY_ROLES = frozenset({Role.PROVINCE_STAFF, Role.DISTRICT_STAFF})
STAFF_ROLES = frozenset({Role.PROVINCE_STAFF, Role.DISTRICT_STAFF})  # the admin site
SUPERUSER = "superuser"
_ROLE_STRENGTH = [Role.PROVINCE_STAFF, Role.DISTRICT_STAFF, Role.COMMUNE_SECRETARY, Role.VIEWER]


# Grants and roles ---------------------------------------------------------------------------


def _grants(user) -> list[tuple[str, int]]:
    """Return the user's (role, unit id) pairs, read once per user object (once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, "_role_grants_cache", None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user).values_list("role", "unit_id"))
        user._role_grants_cache = cached
    return cached


def forget_grants(user) -> None:
    """Drop the grants read for `user`, after they changed."""
    for name in ("_role_grants_cache", "_scope_ids_cache"):
        if user is not None and hasattr(user, name):
            delattr(user, name)


def is_superuser(user) -> bool:
    return bool(user is not None and user.is_active and user.is_superuser)


def roles_of(user) -> set[str]:
    """Return the roles the user holds on any unit ("superuser" for a superuser)."""
    roles = {role for role, _unit in _grants(user)}
    if is_superuser(user):
        roles.add(SUPERUSER)
    return roles


def role_of(user) -> str | None:
    """Return the user's strongest role: superuser, province_staff, district_staff,
    commune_secretary, viewer."""
    roles = roles_of(user)
    if SUPERUSER in roles:
        return SUPERUSER
    return next((role for role in _ROLE_STRENGTH if role in roles), None)


def can_enter_admin(user) -> bool:
    """Return whether the user may use the admin site: superusers, province and district staff."""
    return is_superuser(user) or (
        user.is_active and user.is_staff and bool(STAFF_ROLES & roles_of(user))
    )


# Units ----------------------------------------------------------------------------------------


def _unit_ids(user, roles: Iterable[str]) -> list[int]:
    """Return the units granted with `roles`; a province staff grant covers the province in
    both data sets (DESIGN §9)."""
    roles = set(roles)
    ids = [unit for role, unit in _grants(user) if role in roles]
    provinces = sorted(
        unit for role, unit in _grants(user) if role in roles and role == Role.PROVINCE_STAFF
    )
    if provinces:
        ids += _memo(
            user,
            ("counterparts", *provinces),
            lambda: AdministrativeUnit.objects.counterpart_provinces(provinces),
        )
    return ids


def _memo(user, key, compute):
    """Return `compute()`, computed once per user object (once per request, like the grants)
    and forgotten with them (forget_grants)."""
    kept = getattr(user, "_scope_ids_cache", None)
    if kept is None:
        kept = user._scope_ids_cache = {}
    if key not in kept:
        kept[key] = compute()
    return kept[key]


def _below(unit_ids: Iterable[int]) -> set[int]:
    """Return `unit_ids` and the units one and two levels under them, read level by level."""
    found = set(unit_ids)
    level = found
    for _depth in range(2):
        if not level:
            break
        level = set(
            AdministrativeUnit.objects.filter(parent_id__in=sorted(level))
            .order_by()
            .values_list("pk", flat=True)
        )
        found |= level
    return found


def _district_unit_ids(user) -> set[int]:
    """Return what district staff manage: their units and those under them, in the data set of
    the grant only. After 30/06/2025 a legacy district's staff read the communes that succeeded
    it but change nothing there unless also granted a 2025 unit (DESIGN §9)."""
    return _below_once(user, sorted(u for role, u in _grants(user) if role == Role.DISTRICT_STAFF))


def _below_once(user, unit_ids: list[int]) -> set[int]:
    """Return `_below(unit_ids)`, read once per request."""
    return _memo(user, ("below", *unit_ids), lambda: _below(unit_ids))


def unit_ids_in_scope(unit_ids: Iterable[int], under: set[int] | None = None) -> set[int]:
    """Return the ids of the units at or below `unit_ids` (`under`, when already read), with
    their direct successors and predecessors.

    Plain lists of ids, step by step (as `counterpart_provinces`): nested subqueries over the
    succession links left the planner, on tables without statistics, plans that ran for
    seconds, and every page paid for them several times.
    """
    under = set(_below(unit_ids) if under is None else under)
    if not under:
        return set()
    ids = sorted(under)
    links = AdministrativeUnit.successors.through.objects.filter(
        Q(from_administrativeunit__in=ids) | Q(to_administrativeunit__in=ids)
    )
    # A link from a unit of `under` names a successor, a link to one a predecessor.
    for earlier, later in links.values_list("from_administrativeunit", "to_administrativeunit"):
        under.add(earlier)
        under.add(later)
    return under


def units_in_scope(unit_ids: Iterable[int]) -> QuerySet[AdministrativeUnit]:
    """Return the units at or below `unit_ids`, with their direct successors and predecessors."""
    return AdministrativeUnit.objects.filter(pk__in=sorted(unit_ids_in_scope(unit_ids)))


def _unit_ids_with(user, roles: Iterable[str]) -> frozenset[int]:
    """Return the ids of the units the user holds `roles` on (their scope), computed once per
    user object and forgotten with the grants."""
    roles = frozenset(roles)
    if not _grants(user):
        return frozenset()
    return _memo(user, roles, lambda: _kept_scope_ids(user, roles))


SCOPE_SECONDS = 60 * 60


def _kept_scope_ids(user, roles: frozenset[str]) -> frozenset[int]:
    """Return `_scope_ids`, kept in the cache under the user's grants and the version of the
    units' structure, which every write to the units or their succession links bumps (in its
    own transaction): never read after either changed."""
    version = _memo(user, "structure", structure)  # once per request, like the grants
    if version is None:
        return _scope_ids(user, roles)
    key = f"access:scope:{user.pk}:{token(_grants(user))}:{version}:{','.join(sorted(roles))}"
    return cache.get_or_set(key, lambda: _scope_ids(user, roles), timeout=SCOPE_SECONDS)


def _scope_ids(user, roles: frozenset[str]) -> frozenset[int]:
    # Writing: district staff stay in the data set of their grant (DESIGN §9).
    own_side = roles != READ_ROLES and Role.DISTRICT_STAFF in roles
    unit_ids = sorted(set(_unit_ids(user, roles - {Role.DISTRICT_STAFF} if own_side else roles)))
    ids = _memo(
        user, ("scope", *unit_ids), lambda: unit_ids_in_scope(unit_ids, _below_once(user, unit_ids))
    )
    if own_side and Role.DISTRICT_STAFF in roles_of(user):
        ids = ids | _district_unit_ids(user)
    return frozenset(ids)


def _units_with(user, roles: Iterable[str]) -> QuerySet[AdministrativeUnit]:
    if is_superuser(user):
        return AdministrativeUnit.objects.all()
    ids = _unit_ids_with(user, roles)
    if not ids:
        return AdministrativeUnit.objects.none()
    return AdministrativeUnit.objects.filter(pk__in=sorted(ids))


def sees_some_unit(user) -> bool:
    """Return whether the user may read some unit (superusers: every one)."""
    return is_superuser(user) or bool(_unit_ids_with(user, READ_ROLES))


def visible_units(user) -> QuerySet[AdministrativeUnit]:
    """Return every unit (any level, both data sets) the user may read."""
    return _units_with(user, READ_ROLES)


def visible_communes(user) -> QuerySet[AdministrativeUnit]:
    return visible_units(user).communes()


def editable_communes(user) -> QuerySet[AdministrativeUnit]:
    """Return the communes whose roster the user may change (import, posts, credentials)."""
    return _units_with(user, EDIT_ROLES).communes()


def verifiable_units(user) -> QuerySet[AdministrativeUnit]:
    """Return the units the user manages as district staff (verify, standards, class and area)."""
    return _units_with(user, VERIFY_ROLES)


def verifiable_communes(user) -> QuerySet[AdministrativeUnit]:
    return verifiable_units(user).communes()


def staffing_communes(user) -> QuerySet[AdministrativeUnit]:
    """Return the 2025 communes whose staffing number the user sets: province staff in their
    province, superusers everywhere (DESIGN §9, §11.3)."""
    return _units_with(user, {Role.PROVINCE_STAFF}).communes().filter(dataset=Dataset.Y2025)


def reorganisable_provinces(user) -> QuerySet[AdministrativeUnit]:
    """Return the legacy provinces whose 2025 reorganisation the user prepares and applies:
    province staff their province (granted in either data set), superusers all (DESIGN §9)."""
    units = _units_with(user, {Role.PROVINCE_STAFF})
    return units.filter(level=Level.PROVINCE, dataset=Dataset.LEGACY)


def may_reorganise(user) -> bool:
    """Return whether the user reorganises some province (the menu's entry)."""
    return is_superuser(user) or Role.PROVINCE_STAFF in roles_of(user)


def get_province_to_reorganise_or_404(user, code: str) -> AdministrativeUnit:
    """Return the legacy province `code` for the reorganisation page: outside the user's
    provinces a 404, and a 403 for a user who reorganises no province at all."""
    if not may_reorganise(user):
        raise PermissionDenied
    return get_object_or_404(reorganisable_provinces(user), code=code)


def units_offered(user, on: datetime.date) -> list[AdministrativeUnit]:
    """Return the units the user may pick (the unit picker): those of the data set valid on `on`
    first, then the other data set's; wider units first, then by name."""
    first = dataset_on(on)
    levels = list(Level.values)  # province, district, commune
    units = AdministrativeUnit.objects.all() if is_superuser(user) else visible_units(user)
    return sorted(
        units.only("pk", "dataset", "code", "name", "level", "search_key"),
        key=lambda u: (u.dataset != first, levels.index(u.level), u.search_key, u.code),
    )


def unit_named_for(user, text: str, on: datetime.date) -> AdministrativeUnit:
    """Return the one unit the user may see that the name `text` names (accents, case and the
    kind word ignored), preferring those that exist on `on`.

    Raises UnknownName saying that no unit the user sees has that name, or that several have
    it: a name never leads to a "not found" page.
    """
    units = AdministrativeUnit.objects.all() if is_superuser(user) else visible_units(user)
    found = list(units.named(text).order_by("dataset", "code"))
    valid = [unit for unit in found if unit.is_valid_on(on)]
    candidates = valid or found
    if not candidates:
        raise UnknownName(
            _("No unit you may see is named “%(name)s”: pick one from the list.")
            % {"name": text.strip()}
        )
    if len(candidates) > 1:
        raise UnknownName(
            _("Several units have this name: pick one (%(units)s).")
            % {"units": "; ".join(str(unit) for unit in candidates)}
        )
    return candidates[0]


def unit_asked(
    user,
    text: str,
    on: datetime.date,
    *,
    since: datetime.date | None = None,
    dataset: str | None = None,
) -> AdministrativeUnit:
    """Return the unit a unit field names on `on`: a code (read by `resolve`) or a name among
    the units the user may see. Whether the user may see a unit given by code is the caller's
    check (outside the scope is a 404)."""
    text = str(text).strip()
    if not text.isdigit():
        unit = unit_named_for(user, text, on)
        text, dataset = unit.code, unit.dataset
    return AdministrativeUnit.objects.resolve(text, on=on, dataset=dataset, since=since)


LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def default_scope(user, on) -> AdministrativeUnit | None:
    """Return the widest unit the user sees on `on` (None: the whole country, for superusers).

    Units that exist on `on` come first; a unit that does not is still returned (its page then
    says when it ceased and what succeeded it).
    """
    if is_superuser(user):
        return None
    current = dataset_on(on)

    def widest():
        visible = visible_units(user)
        wide = list(visible.exclude(level=Level.COMMUNE)) or list(visible)
        for level in LEVEL_ORDER:
            units = sorted(
                (unit for unit in wide if unit.level == level),
                key=lambda u: (not u.is_valid_on(on), u.dataset != current, u.code),
            )
            if units:
                return units[0]
        raise Http404

    return _memo(user, ("default scope", on), widest)


def scope_for(user, code: str, on, dataset: str | None = None) -> AdministrativeUnit | None:
    """Return the unit `code` names on `on`, if the user may see it (404 otherwise).

    Raises UnitNotValid for a unit the user may see but which does not exist on `on` (§11.1).
    """
    if not code:
        unit = default_scope(user, on)
        if unit is not None and not unit.is_valid_on(on):
            raise unit.not_valid_error(on)
        return unit
    try:
        unit = unit_asked(user, code, on, dataset=dataset or None)
    except UnknownName:
        raise  # a name the user typed: the page says so (never a 404)
    except UnitNotValid as exc:
        if not can_see_unit(user, exc.unit):
            raise Http404 from None
        raise
    except UnknownUnit:
        raise Http404 from None
    if not can_see_unit(user, unit):
        raise Http404
    return unit


def can_see_unit(user, unit: AdministrativeUnit) -> bool:
    return is_superuser(user) or unit.pk in _unit_ids_with(user, READ_ROLES)


def can_edit_commune(user, commune: AdministrativeUnit) -> bool:
    return is_superuser(user) or (
        commune.level == Level.COMMUNE and commune.pk in _unit_ids_with(user, EDIT_ROLES)
    )


def can_verify(user, commune: AdministrativeUnit) -> bool:
    """Return whether the user verifies entries of `commune` (district staff, superusers)."""
    return is_superuser(user) or (
        commune.level == Level.COMMUNE and commune.pk in _unit_ids_with(user, VERIFY_ROLES)
    )


def get_unit_for_user_or_404(user, pk, *, write: bool = False) -> AdministrativeUnit:
    """Return a visible unit; writing (class, special area) needs district staff rights."""
    unit = get_object_or_404(visible_units(user), pk=pk)
    if write and not (is_superuser(user) or unit.pk in _unit_ids_with(user, VERIFY_ROLES)):
        raise PermissionDenied
    return unit


# Officials ------------------------------------------------------------------------------------
#
# An official belongs to the communes of their current posts (DESIGN §9, last bullet): a post in
# force on the day of the request (not ended, not rejected) or starting later gives the units it
# is in the rights their role grants (read, edit, verify, remove). An ended post lets those units
# read the history of the period served, nothing more: the official page shows them only the
# posts in their communes and the credentials awarded before that period ended, with the citizen
# ID masked and no edit controls. A rejected post gives nothing.


def posts_giving_rights(on=None, *, removed: bool = False) -> QuerySet[Assignment]:
    """Return the posts that tie an official to their commune on `on` (default today).

    In force or starting later (no end, or an end after `on`), and not rejected; with `removed`,
    the posts of removed officials too.
    """
    on = on or datetime.date.today()
    posts = Assignment.all_objects if removed else Assignment.objects
    return posts.exclude(verification=Verification.REJECTED).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=on)
    )


def posts_giving_history() -> QuerySet[Assignment]:
    """Return the posts through which their units read an official's history: any not rejected."""
    return Assignment.objects.exclude(verification=Verification.REJECTED)


def _officials_with_posts_in(communes: QuerySet, posts: QuerySet | None = None) -> QuerySet:
    posts = posts_giving_rights() if posts is None else posts
    holders = posts.filter(commune__in=communes).values("official")
    return Official.objects.filter(pk__in=holders)


def officials_visible_to(user) -> QuerySet[Official]:
    """Return the officials the user may read: a current post in the user's communes, or an
    ended one (its history only). Rejected posts give nothing.

    Removed officials are left out, except for superusers, who see them to restore them.
    """
    if is_superuser(user):
        return Official.all_objects.all()
    return _officials_with_posts_in(visible_communes(user), posts_giving_history())


def officials_current_for(user) -> QuerySet[Official]:
    """Return the officials holding a current post in a commune the user may read (not only a
    history of one): those whose whole record the user reads."""
    if is_superuser(user):
        return Official.all_objects.all()
    return _officials_with_posts_in(visible_communes(user))


def officials_editable_by(user) -> QuerySet[Official]:
    """Return the officials with a current post in a commune the user may change."""
    if is_superuser(user):
        return Official.all_objects.all()
    return _officials_with_posts_in(editable_communes(user))


def officials_verifiable_by(user) -> QuerySet[Official]:
    """Return the officials with a current post in a commune the user verifies."""
    if is_superuser(user):
        return Official.all_objects.all()
    return _officials_with_posts_in(verifiable_communes(user))


def official_ids_editable_by(user, ids: Iterable[int]) -> set[int]:
    """Return which of the officials `ids` the user may edit, removed ones included (an import
    tells a removed official of the user's communes from someone registered elsewhere)."""
    ids = set(ids)
    if is_superuser(user) or not ids:
        return ids
    posts = posts_giving_rights(removed=True).filter(
        official_id__in=ids, commune__in=editable_communes(user)
    )
    return set(posts.values_list("official_id", flat=True))


def can_edit_official(user, official: Official) -> bool:
    return officials_editable_by(user).filter(pk=official.pk).exists()


def can_verify_official(user, official: Official) -> bool:
    return officials_verifiable_by(user).filter(pk=official.pk).exists()


def can_remove_official(user, official: Official) -> bool:
    """Return whether the user may remove (soft-delete) the official: district staff, superusers."""
    return can_verify_official(user, official)


def reads_history_only(user, official: Official) -> bool:
    """Return whether the user reaches the official only through ended posts (history)."""
    return not officials_current_for(user).filter(pk=official.pk).exists()


def refuse_write(user, official: Official):
    """Raise what a refused write on the official answers: 404 when the user reads only their
    history (they are not in the user's communes now), 403 when the user lacks the right."""
    if reads_history_only(user, official):
        raise Http404
    raise PermissionDenied


def get_official_for_user_or_404(user, pk, *, write: bool = False) -> Official:
    """Return a visible official (404 otherwise); with `write`, refused unless the user may edit."""
    official = get_object_or_404(officials_visible_to(user), pk=pk)
    if write and not can_edit_official(user, official):
        refuse_write(user, official)
    return official


def officials_citizen_id_visible_to(user) -> QuerySet[Official]:
    """Return the officials whose full citizen ID the user sees (and may search by): not viewers."""
    return officials_editable_by(user)


def can_see_citizen_id(user, official: Official) -> bool:
    """Return whether the user sees the full citizen ID: not viewers (personal data)."""
    return officials_citizen_id_visible_to(user).filter(pk=official.pk).exists()


def mask_citizen_id(citizen_id: str) -> str:
    """Return a citizen ID with all but its last four digits hidden."""
    if not citizen_id:
        return ""
    return "•" * max(len(citizen_id) - 4, 0) + citizen_id[-4:]


# Posts held (assignments) ---------------------------------------------------------------------


def assignments_visible_to(user) -> QuerySet[Assignment]:
    """Return the posts held in communes the user may read (not other communes' posts)."""
    if is_superuser(user):
        return Assignment.all_objects.all()
    return Assignment.objects.filter(commune__in=visible_communes(user))


def assignments_editable_by(user) -> QuerySet[Assignment]:
    """Return the posts the user may change: in a commune they edit, of an official they edit."""
    if is_superuser(user):
        return Assignment.all_objects.all()
    return Assignment.objects.filter(
        commune__in=editable_communes(user), official__in=officials_editable_by(user)
    )


def get_assignment_for_user_or_404(user, pk, *, write: bool = False) -> Assignment:
    assignment = get_object_or_404(
        assignments_visible_to(user).select_related("official", "commune", "position"), pk=pk
    )
    if write and not assignments_editable_by(user).filter(pk=assignment.pk).exists():
        if can_edit_commune(user, assignment.commune):
            refuse_write(user, assignment.official)
        raise PermissionDenied
    return assignment


# Credentials ----------------------------------------------------------------------------------


def credentials_visible_to(user) -> QuerySet[Credential]:
    """Return the credentials of the officials the user reads; through an ended post only those
    awarded before it ended (or undated): the history of the period served."""
    if is_superuser(user):
        return Credential.all_objects.all()
    communes = visible_communes(user)
    current = posts_giving_rights().filter(official=OuterRef("official"), commune__in=communes)
    history = posts_giving_history().filter(official=OuterRef("official"), commune__in=communes)
    served_after_award = history.filter(end_date__gt=OuterRef("awarded_on"))
    return Credential.objects.filter(
        Exists(current)
        | Exists(served_after_award)
        | (Q(awarded_on__isnull=True) & Exists(history))
    )


def get_credential_for_user_or_404(user, pk, *, write: bool = False) -> Credential:
    credential = get_object_or_404(credentials_visible_to(user).select_related("official"), pk=pk)
    if write and not can_edit_official(user, credential.official):
        refuse_write(user, credential.official)
    return credential


# Verification ---------------------------------------------------------------------------------


def entry_states(user, *, communes: Iterable[int] = (), officials: Iterable[int] = ()) -> dict:
    """Return the verification of an entry `user` makes, by commune id or by official id: verified
    where the user verifies (district staff, province staff, superusers; None, the system itself),
    pending elsewhere (a commune secretary's entries wait, DESIGN §9). One query per kind."""
    communes, officials = set(communes), set(officials)
    if user is None or is_superuser(user):
        trusted_communes, trusted_officials = communes, officials
    else:
        trusted_communes = (
            set(verifiable_communes(user).filter(pk__in=communes).values_list("pk", flat=True))
            if communes
            else set()
        )
        trusted_officials = (
            set(officials_verifiable_by(user).filter(pk__in=officials).values_list("pk", flat=True))
            if officials
            else set()
        )

    def state(trusted: bool) -> str:
        return Verification.VERIFIED if trusted else Verification.PENDING

    return {
        "communes": {pk: state(pk in trusted_communes) for pk in communes},
        "officials": {pk: state(pk in trusted_officials) for pk in officials},
    }


def verification_of_entry(user, *, commune=None, official=None) -> str:
    """Return the state of one entry made by `user` in `commune` or about `official`."""
    if commune is not None:
        return entry_states(user, communes=[commune.pk])["communes"][commune.pk]
    return entry_states(user, officials=[official.pk])["officials"][official.pk]


def pending_credentials_for(user) -> QuerySet[Credential]:
    """Return the credentials waiting for this user's verification."""
    return Credential.objects.filter(
        official__in=officials_verifiable_by(user), verification=Verification.PENDING
    )


def pending_identity_changes_for(user) -> QuerySet[IdentityChange]:
    """Return the identity changes waiting for this user's verification."""
    return IdentityChange.objects.filter(
        official__in=officials_verifiable_by(user), verification=Verification.PENDING
    )


def get_identity_change_for_user_or_404(user, pk) -> IdentityChange:
    """Return an identity change of an official the user reads (404 otherwise)."""
    return get_object_or_404(
        IdentityChange.objects.filter(official__in=officials_current_for(user)).select_related(
            "official"
        ),
        pk=pk,
    )


def pending_assignments_for(user) -> QuerySet[Assignment]:
    """Return the posts waiting for this user's verification."""
    communes = AdministrativeUnit.objects.all() if is_superuser(user) else verifiable_communes(user)
    return Assignment.objects.filter(commune__in=communes, verification=Verification.PENDING)


def pending_count_for(user) -> int:
    """Return how many posts, credentials and identity changes wait for this user's
    verification (one query), kept while nothing in the user's units changed: every entry,
    decision and identity change bumps the versions of the communes it concerns (figures)."""

    def count() -> int:
        parts = (
            pending_credentials_for(user),
            pending_assignments_for(user),
            pending_identity_changes_for(user),
        )
        first, *others = (part.order_by().values_list("pk") for part in parts)
        return first.union(*others, all=True).count()

    if is_superuser(user):
        return count()
    found = versions(sorted(_unit_ids_with(user, VERIFY_ROLES)), verified_only=True)
    return cache.get_or_set(f"access:pending:{token(found.items())}", count, SCOPE_SECONDS)


def can_send_entries(user) -> bool:
    """Return whether the user edits some commune: enters posts and credentials (which may wait
    for verification) and imports rosters."""
    return editable_communes(user).exists()


def may_verify_entries(user) -> bool:
    """Return whether the user verifies entries somewhere (district or province staff)."""
    return is_superuser(user) or bool(_unit_ids_with(user, VERIFY_ROLES))


def entries_sent_by(user) -> dict[str, QuerySet]:
    """Return the posts, credentials and identity changes the user sent for verification (the
    last pending version is theirs) that they still read, newest first, each with its fate."""
    posts = _last_sent_by(user, assignments_visible_to(user))
    credentials = _last_sent_by(user, credentials_visible_to(user))
    changes = IdentityChange.objects.filter(
        requested_by=user, official__in=officials_visible_to(user)
    )
    return {
        "posts": posts.order_by("-submitted_at"),
        "credentials": credentials.order_by("-submitted_at"),
        "identity_changes": changes.order_by("-requested_at"),
    }


def _last_sent_by(user, rows: QuerySet) -> QuerySet:
    """Return the `rows` whose last version waiting for verification the user saved."""
    ever = rows.model.history.filter(history_user=user, verification=Verification.PENDING)
    return rows.filter(pk__in=ever.values("id")).with_submission().filter(submitted_by_id=user.pk)
