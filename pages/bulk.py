"""Bulk edits of the admin site (DESIGN §9): end posts, transfer or rotate officials, set the class
or special area of communes.

Each function checks every row (the actor's scope, the dates against the units' validity and the
positions' abolition, the version the confirmation page showed), and writes nothing when any row is
refused, like the roster import. Rows are read, locked and written in a few queries, so that a few
hundred rows take well under a second; history records the actor as `accounts.entries` does.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts import access
from figures import versions as figure_versions
from officials.models import Assignment, EndReason, Official, Verification
from units.models import AdministrativeUnit, CommuneClass

MOVE_REASONS = (EndReason.TRANSFER, EndReason.ROTATION)
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class Refusal:
    row: str
    reason: str


@dataclass
class BulkResult:
    """What a bulk edit changed, left as it was, or refused (then nothing was written)."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return not self.refused

    def refuse(self, row, reason: str) -> None:
        self.refused.append(Refusal(str(row), reason))


def _day(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


class _Scope:
    """The communes the actor may change and verify, read once for the whole selection."""

    def __init__(self, actor):
        self.actor = actor
        self.everything = actor is None or access.is_superuser(actor)
        self.editable = set()
        if not self.everything:
            self.editable = set(access.editable_communes(actor).values_list("pk", flat=True))
        self.states = access.entry_states(actor, communes=self.editable)["communes"]

    def may_edit(self, commune_id: int) -> bool:
        return self.everything or commune_id in self.editable

    def state(self, commune_id: int) -> str:
        """Return the verification of an entry the actor makes in the commune (§9)."""
        if commune_id not in self.states:
            found = access.entry_states(self.actor, communes=[commune_id])["communes"]
            self.states.update(found)
        return self.states[commune_id]


def _end_problem(post: Assignment, on: datetime.date) -> str | None:
    """Return why `post` cannot end on `on` (the first day out of post), or None."""
    if post.verification == Verification.REJECTED:
        return _("the post was rejected at verification")
    if post.end_date is not None:
        return _("the post already has an end date (%(date)s)") % {"date": _day(post.end_date)}
    if on < post.start_date:
        return _("%(date)s is before the post started (%(start)s)") % {
            "date": _day(on),
            "start": _day(post.start_date),
        }
    if not post.commune.is_valid_on(on - ONE_DAY):
        return _("%(unit)s ceased on %(ceased)s: a post there ends on %(last)s at the latest") % {
            "unit": post.commune.name,
            "ceased": _day(post.commune.valid_to),
            "last": _day(post.commune.valid_to + ONE_DAY),
        }
    abolished = post.position.abolished_on
    if abolished is not None and on > abolished:
        return _(
            "the position was abolished on %(date)s: the post ends on that date at the latest"
        ) % {"date": _day(abolished)}
    return None


def _stale(post: Assignment, versions: dict[int, int] | None) -> bool:
    return versions is not None and versions.get(post.pk) != post.version


def _write_ends(posts: list[Assignment], on: datetime.date, reason: str, scope: _Scope, actor):
    """End `posts` with one UPDATE per verification state, and record them in history."""
    by_state = defaultdict(list)
    for post in posts:
        post.end_date, post.end_reason = on, reason
        post.verification, post.verification_note = scope.state(post.commune_id), ""
        post.version += 1
        by_state[post.verification].append(post.pk)
    for state, pks in by_state.items():
        Assignment.all_objects.filter(pk__in=pks).update(
            end_date=on,
            end_reason=reason,
            verification=state,
            verification_note="",
            version=F("version") + 1,
        )
    Assignment.history.bulk_history_create(posts, update=True, default_user=actor)
    figure_versions.units_changed(post.commune_id for post in posts)  # no signal sees an UPDATE


def _locked_posts(filters: Q) -> list[Assignment]:
    return list(
        Assignment.all_objects.select_for_update(of=("self",))
        .filter(filters)
        .select_related("official", "position", "commune")
        .order_by("commune__code", "position__order", "official__search_key", "pk")
    )


def _describe_end(post: Assignment, on: datetime.date, reason: str) -> str:
    return _("%(post)s: ends on %(date)s (%(reason)s)") % {
        "post": post,
        "date": _day(on),
        "reason": EndReason(reason).label,
    }


@transaction.atomic
def posts_end(
    *,
    posts: Iterable[Assignment],
    on: datetime.date,
    reason: str,
    actor,
    versions: dict[int, int] | None = None,
) -> BulkResult:
    """End the selected posts on `on` (the first day out of post) with `reason`; all or nothing.

    `versions` maps each post to the version the confirmation page showed (no lost update).
    """
    result = BulkResult()
    if reason not in EndReason.values:
        result.refuse(_("end reason"), _("choose one of the listed reasons"))
        return result
    scope = _Scope(actor)
    rows = _locked_posts(Q(pk__in=[post.pk for post in posts]))
    for post in rows:
        problem = _end_problem(post, on)
        if not scope.may_edit(post.commune_id):
            problem = _("%(unit)s is outside the communes you may change") % {
                "unit": post.commune.name
            }
        elif problem is None and _stale(post, versions):
            problem = _("someone changed it after this page was opened: select it again")
        if problem:
            result.refuse(post, problem)
        else:
            result.changed.append(_describe_end(post, on, reason))
    if result.refused:
        return result
    _write_ends(rows, on, reason, scope, actor)
    return result


@dataclass
class Move:
    """Where the selected officials go: a commune, a position (None: the one they hold), a date."""

    commune: AdministrativeUnit
    on: datetime.date
    reason: str
    position: object | None = None
    return_on: datetime.date | None = None


def _move_problem(move: Move, scope: _Scope) -> str | None:
    """Return why nobody can be moved as `move` says, or None."""
    commune = move.commune
    if move.reason not in MOVE_REASONS:
        return _("choose transfer or rotation")
    if not commune.is_commune:
        return _("%(unit)s is not a commune, ward or township") % {"unit": commune.name}
    if not scope.may_edit(commune.pk):
        return _("%(unit)s is outside the communes you may change") % {"unit": commune.name}
    if not commune.is_valid_on(move.on):
        return _("%(unit)s does not exist on %(date)s") % {
            "unit": commune.name,
            "date": _day(move.on),
        }
    abolished = move.position.abolished_on if move.position is not None else None
    if abolished is not None and move.on >= abolished:
        return _("the position %(position)s no longer exists from %(date)s") % {
            "position": move.position,
            "date": _day(abolished),
        }
    if move.return_on is not None and move.reason != EndReason.ROTATION:
        return _("only a rotation has a return date")
    if move.return_on is not None and move.return_on <= move.on:
        return _("the return date is not after the date of the move")
    return None


def _official_problem(official, current, move: Move, scope: _Scope, versions) -> str | None:
    """Return why `official`, holding the posts `current` on the date, cannot move, or None."""
    if not current:
        return _("not in post on %(date)s") % {"date": _day(move.on)}
    communes = {post.commune_id for post in current}
    if len(communes) > 1:
        return _("holds posts in %(count)d communes on %(date)s: end them one by one") % {
            "count": len(communes),
            "date": _day(move.on),
        }
    source = current[0].commune
    if source.pk == move.commune.pk:
        return _("already in %(unit)s") % {"unit": source.name}
    if not scope.may_edit(source.pk):
        return _("%(unit)s is outside the communes you may change") % {"unit": source.name}
    if move.position is None and len({post.position_id for post in current}) > 1:
        return _("holds several posts: choose the position in the new commune")
    for post in current:
        problem = _end_problem(post, move.on)
        if problem:
            return f"{post.position}: {problem}"
        if _stale(post, versions):
            return _("someone changed it after this page was opened: select it again")
    return None


def current_posts(officials: Iterable[Official], on: datetime.date, *, lock: bool = False):
    """Return each official's posts held on `on` (not rejected), by official id."""
    filters = Q(official__in=[o.pk for o in officials]) & ~Q(verification=Verification.REJECTED)
    filters &= Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gt=on))
    rows = (
        _locked_posts(filters)
        if lock
        else Assignment.all_objects.filter(filters).select_related(
            "official", "position", "commune"
        )
    )
    held = defaultdict(list)
    for post in rows:
        held[post.official_id].append(post)
    return held


def _note(move: Move) -> str:
    if move.return_on is None:
        return ""
    return _("Rotation, planned return on %(date)s") % {"date": _day(move.return_on)}


@transaction.atomic
def officials_move(
    *, officials: Iterable[Official], move: Move, actor, versions: dict[int, int] | None = None
) -> BulkResult:
    """Transfer or rotate the officials: end their posts in one commune on the date of the move
    and open a post in `move.commune` from that date; all or nothing.

    `versions` maps the posts the confirmation page showed to their versions (no lost update).
    """
    result = BulkResult()
    officials = list(officials)
    scope = _Scope(actor)
    problem = _move_problem(move, scope)
    if problem:
        result.refuse(move.commune, problem)
        return result
    held = current_posts(officials, move.on, lock=True)
    taken = set(
        Assignment.all_objects.filter(official__in=[o.pk for o in officials], commune=move.commune)
        .filter(Q(end_date__isnull=True) | Q(start_date=move.on))
        .values_list("official_id", "position_id")
    )
    ended, opened = [], []
    for official in officials:
        current = held.get(official.pk, [])
        problem = _official_problem(official, current, move, scope, versions)
        position = move.position or (current[0].position if current else None)
        if problem is None and (official.pk, position.pk) in taken:
            problem = _("already holds %(position)s in %(unit)s") % {
                "position": position,
                "unit": move.commune.name,
            }
        if problem:
            result.refuse(official, problem)
            continue
        result.changed.append(
            _("%(official)s: %(source)s → %(target)s, %(position)s, from %(date)s")
            % {
                "official": official,
                "source": current[0].commune.name,
                "target": move.commune.name,
                "position": position,
                "date": _day(move.on),
            }
        )
        ended.extend(current)
        opened.append(
            Assignment(
                official=official,
                position=position,
                commune=move.commune,
                start_date=move.on,
                note=_note(move),
                verification=scope.state(move.commune.pk),
            )
        )
    if result.refused:
        return result
    _write_ends(ended, move.on, move.reason, scope, actor)
    bulk_create_with_history(opened, Assignment, default_user=actor)
    figure_versions.units_changed(post.commune_id for post in opened)
    return result


def unit_state(unit: AdministrativeUnit) -> str:
    """Return what the confirmation page showed of a commune's class and area (no lost update)."""
    return f"{unit.commune_class}|{int(unit.special_area)}"


@transaction.atomic
def communes_set(
    *,
    communes: Iterable[AdministrativeUnit],
    actor,
    commune_class: str | None = None,
    special_area: bool | None = None,
    seen: dict[int, str] | None = None,
) -> BulkResult:
    """Set the class and/or special area of the communes (district or province staff); all or
    nothing. `seen` maps each commune to `unit_state` as the confirmation page showed it.
    """
    result = BulkResult()
    if commune_class is None and special_area is None:
        result.refuse(_("commune class"), _("choose a class or a special area"))
        return result
    if commune_class is not None and commune_class not in CommuneClass.values:
        result.refuse(_("commune class"), _("choose class I, II or III"))
        return result
    managed = None
    if actor is not None and not access.is_superuser(actor):
        managed = set(access.verifiable_units(actor).values_list("pk", flat=True))
    units = list(
        AdministrativeUnit.objects.select_for_update()
        .filter(pk__in=[unit.pk for unit in communes])
        .order_by("code")
    )
    changed = []
    for unit in units:
        if not unit.is_commune:
            result.refuse(unit, _("not a commune, ward or township"))
        elif managed is not None and unit.pk not in managed:
            result.refuse(unit, _("outside the units whose class and area you set"))
        elif seen is not None and seen.get(unit.pk) != unit_state(unit):
            result.refuse(unit, _("someone changed it after this page was opened: select it again"))
        else:
            before = unit_state(unit)
            if commune_class is not None:
                unit.commune_class = commune_class
            if special_area is not None:
                unit.special_area = special_area
            if unit_state(unit) == before:
                result.unchanged.append(str(unit))
            else:
                changed.append(unit)
                result.changed.append(describe_unit(unit))
    if result.refused:
        return result
    values = {"commune_class": commune_class, "special_area": special_area}
    AdministrativeUnit.objects.filter(pk__in=[unit.pk for unit in changed]).update(
        **{name: value for name, value in values.items() if value is not None}
    )
    AdministrativeUnit.history.bulk_history_create(changed, update=True, default_user=actor)
    figure_versions.units_changed(unit.pk for unit in changed)
    return result


class StaffingRefused(PermissionError):
    """The user may not set this commune's staffing number."""


@transaction.atomic
def staffing_number_set(*, commune: AdministrativeUnit, staffing_number: int | None, actor):
    """Set a 2025 commune's staffing number (biên chế), or clear it; recorded in history with
    the user. Province staff of its province and superusers only (DESIGN §9, §11.3)."""
    if not access.staffing_communes(actor).filter(pk=commune.pk).exists():
        raise StaffingRefused(_("Only province staff set the staffing number of this commune."))
    unit = AdministrativeUnit.objects.select_for_update().get(pk=commune.pk)
    if unit.staffing_number == staffing_number:
        return unit
    unit.staffing_number = staffing_number
    unit._history_user = actor
    unit.save(update_fields=["staffing_number"])
    return unit


def describe_unit(unit: AdministrativeUnit) -> str:
    return _("%(unit)s: class %(cls)s, special area: %(area)s") % {
        "unit": unit,
        "cls": unit.commune_class or "–",
        "area": _("yes") if unit.special_area else _("no"),
    }
