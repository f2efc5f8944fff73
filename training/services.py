"""Writes on course runs and enrolments: check the actor's right, move the state, save with
history, and grant or take back the credential a completed course earns (DESIGN §7).

`actor=None` means the system itself (a migration, the demo data), which is trusted. Completing is
the only way a course grants a credential: `enrolment_complete` creates it through
accounts.entries (verified when the actor is district staff, a superuser or the system) and
links it to the enrolment, so that `enrolment_uncomplete` removes exactly that credential.
A credential of the same or a higher level already held on the completion date (same field, for
a degree) stays as it is, and the completion then grants nothing (and its undo removes nothing).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts import access
from cadre_registry.text import fold
from figures.versions import officials_changed
from officials.levels import Dimension
from officials.models import Credential, Official
from training import permissions
from training.models import CourseRun, Enrolment, EnrolmentState, TransitionRefused

S = EnrolmentState
# Dimensions whose credential carries a field: a degree in another field is another credential.
FIELD_DIMENSIONS = {Dimension.PROFESSIONAL}

__all__ = [
    "RunFull",
    "TransitionRefused",
    "credential_for",
    "credentials_to_grant",
    "enrolment_complete",
    "enrolment_enrol",
    "enrolment_fail",
    "enrolment_nominate",
    "enrolment_reopen",
    "enrolment_uncomplete",
    "enrolment_withdraw",
    "run_complete_all",
    "run_create",
    "run_enrol_nominees",
    "run_nominate",
    "run_record_results",
]


class RunFull(Exception):
    """The class has fewer free places than the officials asked to put on its list."""

    def __init__(self, run: CourseRun, free: int, asked: int):
        self.run, self.free, self.asked = run, free, asked
        super().__init__(
            _(
                "The class is full: %(capacity)d places, %(free)d free, %(asked)d asked for. "
                "Nobody was added."
            )
            % {"capacity": run.capacity, "free": free, "asked": asked}
        )


def _save(row, actor) -> None:
    row.full_clean()
    if actor is not None:
        row._history_user = actor
    row.save()


def _update(rows: list[Enrolment], fields: list[str], actor) -> None:
    """Write `fields` of `rows` with history; one UPDATE when the rows share their values."""
    if not rows:
        return
    values = {name: {getattr(row, name) for row in rows} for name in fields}
    if any(len(distinct) > 1 for distinct in values.values()):
        bulk_update_with_history(rows, Enrolment, fields, default_user=actor)
        return
    Enrolment.objects.filter(pk__in=[row.pk for row in rows]).update(
        **{name: distinct.pop() for name, distinct in values.items()}
    )
    Enrolment.history.bulk_history_create(rows, default_user=actor)


def _require_manager(actor, run: CourseRun) -> None:
    if actor is not None and not permissions.can_manage_run(actor, run):
        raise PermissionDenied


def _lock(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("run__programme", "official")
        .get(pk=enrolment.pk)
    )


# Runs -----------------------------------------------------------------------------------------


@transaction.atomic
def run_create(*, data: dict[str, Any], actor, nominees: Iterable[Official] = ()) -> CourseRun:
    """Open a class, managed by a district or province the actor manages, and put `nominees` on
    its list (all or nothing: a class too small for them is not opened; see run_nominate)."""
    unit = data["unit"]
    if actor is not None and not permissions.units_managed_by(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied
    run = CourseRun(**data)
    _save(run, actor)
    nominees = list(nominees)
    if nominees:
        run_nominate(run=run, officials=nominees, actor=actor)
    return run


# Nomination -----------------------------------------------------------------------------------


@transaction.atomic
def run_nominate(
    *, run: CourseRun, officials: Iterable[Official], actor, note: str = ""
) -> list[Enrolment]:
    """Put officials on the class list, all or none; those already on it are left as they are.

    Raises RunFull when the class has fewer free places than new names; PermissionDenied when
    the actor may not nominate one of them.
    """
    run = CourseRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
    officials = list({o.pk: o for o in officials}.values())
    if actor is not None:
        ids = [o.pk for o in officials]
        allowed = permissions.nominable_officials(actor).filter(pk__in=ids).count() == len(ids)
        if not (allowed and permissions.can_nominate_into(actor, run)):
            raise PermissionDenied
    existing = {e.official_id: e for e in run.enrolments.filter(official__in=officials)}
    to_add = [o for o in officials if o.pk not in existing]
    to_restore = [e for e in existing.values() if e.state == S.WITHDRAWN]
    asked = len(to_add) + len(to_restore)
    if run.capacity is not None:
        free = max(0, run.capacity - run.enrolments.holding_places().count())
        if asked > free:
            raise RunFull(run, free, asked)
    for enrolment in to_restore:
        enrolment.renominate()
    _update(to_restore, ["state"], actor)
    created = [Enrolment(run=run, official=official, note=note) for official in to_add]
    created = bulk_create_with_history(created, Enrolment, default_user=actor)
    return [*to_restore, *created]


def enrolment_nominate(*, run: CourseRun, official: Official, actor, note: str = "") -> Enrolment:
    """Put one official on the class list (see run_nominate); return their enrolment."""
    run_nominate(run=run, officials=[official], actor=actor, note=note)
    return Enrolment.objects.get(run=run, official=official)


# State changes --------------------------------------------------------------------------------


def _lock_many(run: CourseRun, **conditions) -> list[Enrolment]:
    return list(
        run.enrolments.select_for_update(of=("self",))
        .filter(**conditions)
        .select_related("run__programme", "official")
        .order_by("pk")
    )


@transaction.atomic
def enrolment_enrol(*, enrolment: Enrolment, actor) -> Enrolment:
    """Confirm a nominee as studying (nominated → enrolled)."""
    row = _lock(enrolment)
    _require_manager(actor, row.run)
    row.enrol()
    _save(row, actor)
    return row


@transaction.atomic
def run_enrol_nominees(*, run: CourseRun, actor) -> int:
    """Confirm every nominee of the class as studying; return how many."""
    _require_manager(actor, run)
    nominees = _lock_many(run, state=S.NOMINATED)
    for enrolment in nominees:
        enrolment.enrol()
    _update(nominees, ["state"], actor)
    return len(nominees)


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, actor) -> Enrolment:
    """Take an official off the class; a secretary may withdraw their own commune's nominee."""
    row = _lock(enrolment)
    if actor is not None and not permissions.can_manage_run(actor, row.run):
        own_nominee = row.state == S.NOMINATED and permissions.can_nominate(
            actor, row.run, row.official
        )
        if not own_nominee:
            raise PermissionDenied
    row.withdraw()
    _save(row, actor)
    return row


@transaction.atomic
def enrolment_fail(*, enrolment: Enrolment, actor) -> Enrolment:
    """Record that the official did not pass (enrolled → failed): sent, not trained."""
    row = _lock(enrolment)
    _require_manager(actor, row.run)
    row.fail()
    _save(row, actor)
    return row


@transaction.atomic
def enrolment_reopen(*, enrolment: Enrolment, actor) -> Enrolment:
    """Undo a failure recorded by mistake (failed → enrolled); completions use uncomplete."""
    row = _lock(enrolment)
    _require_manager(actor, row.run)
    if row.state != S.FAILED:
        raise TransitionRefused(row, S.ENROLLED)
    row.reopen()
    _save(row, actor)
    return row


# Completion and its credential ----------------------------------------------------------------


def credentials_to_grant(
    pairs: Iterable[tuple[Enrolment, datetime.date]],
) -> dict[int, Credential]:
    """Return, by enrolment pk, the unsaved credential completing each enrolment on its date grants.

    None is granted for a refresher course, nor when the official already holds, on that date, a
    credential of the same or a higher level in the dimension (in the same field, for a degree)
    that is not rejected. One query per programme, field and date; the forecast uses it too.
    """
    groups: dict[tuple, list[Enrolment]] = defaultdict(list)
    for enrolment, on in pairs:
        programme = enrolment.run.programme
        if programme.grants:
            field = enrolment.granted_field
            key = fold(field) if programme.dimension in FIELD_DIMENSIONS else ""
            groups[(programme.pk, key, on)].append(enrolment)
    drafts = {}
    for (_programme, field_key, on), members in groups.items():
        programme = members[0].run.programme
        held = Credential.objects.counting_on(on).filter(
            official_id__in={e.official_id for e in members},
            dimension=programme.dimension,
            rank__gte=programme.rank,
        )
        if field_key:
            held = held.filter(field_key=field_key)
        holders = set(held.values_list("official_id", flat=True))
        for enrolment in members:
            if enrolment.official_id in holders:
                continue
            field = enrolment.granted_field
            drafts[enrolment.pk] = Credential(
                official_id=enrolment.official_id,
                dimension=programme.dimension,
                level=programme.level,
                field=field,
                issuer=enrolment.run.provider[:160],
                awarded_on=on,
            )
    return drafts


def credential_for(enrolment: Enrolment, on: datetime.date) -> Credential | None:
    """Return the unsaved credential completing `enrolment` on `on` would grant, or None."""
    return credentials_to_grant([(enrolment, on)]).get(enrolment.pk)


def _complete(enrolments: list[Enrolment], on: datetime.date | None, actor) -> None:
    """Complete locked enrolments of one run and grant their credentials: the one path that does.

    Credentials are verified when the actor verifies the official (district staff, superusers)
    or is the system; the actor must be allowed to edit each official, as for any credential.
    """
    if not enrolments:
        return
    run = enrolments[0].run
    on = on or run.ends_on
    if on < run.starts_on:
        raise ValidationError(
            _("The completion date %(date)s is before the class starts (%(start)s).")
            % {"date": f"{on:%d/%m/%Y}", "start": f"{run.starts_on:%d/%m/%Y}"}
        )
    for enrolment in enrolments:
        enrolment.complete(on)
    drafts = credentials_to_grant((enrolment, on) for enrolment in enrolments)
    if drafts:
        _grant(enrolments, drafts, actor)
    _update(enrolments, ["state", "completed_on", "granted_credential"], actor)


def _grant(enrolments: list[Enrolment], drafts: dict[int, Credential], actor) -> None:
    ids = {draft.official_id for draft in drafts.values()}
    if actor is not None and access.officials_editable_by(actor).filter(pk__in=ids).count() != len(
        ids
    ):
        raise PermissionDenied
    states = access.entry_states(actor, officials=ids)["officials"]
    for draft in drafts.values():
        draft.verification = states[draft.official_id]
    Credential.fold_fields(drafts.values())
    created = bulk_create_with_history(list(drafts.values()), Credential, default_user=actor)
    officials_changed(ids)  # no signal sees a bulk insert
    by_official = {credential.official_id: credential for credential in created}
    for enrolment in enrolments:
        if enrolment.pk in drafts:
            enrolment.granted_credential = by_official[enrolment.official_id]


@transaction.atomic
def enrolment_complete(
    *, enrolment: Enrolment, completed_on: datetime.date | None = None, actor
) -> Enrolment:
    """Record that the official passed (enrolled → completed) and grant the credential once.

    The completion date is the run's end date unless given; the credential is dated then.
    """
    row = _lock(enrolment)
    _require_manager(actor, row.run)
    _complete([row], completed_on, actor)
    return row


@transaction.atomic
def enrolment_uncomplete(*, enrolment: Enrolment, actor) -> Enrolment:
    """Undo a completion (completed → enrolled) and remove the credential it granted, if any.

    Another completed course of the official that granted nothing because of that credential
    then grants its own.
    """
    row = _lock(enrolment)
    _require_manager(actor, row.run)
    if row.state != S.COMPLETED:
        raise TransitionRefused(row, S.ENROLLED)
    credential = row.granted_credential
    row.reopen()
    row.granted_credential = None
    _save(row, actor)
    if credential is not None:
        if actor is not None:
            credential._history_user = actor
        credential.delete()
        _grant_to_others(row, actor)
    return row


def _grant_to_others(undone: Enrolment, actor) -> None:
    others = (
        Enrolment.objects.filter(
            official_id=undone.official_id,
            state=S.COMPLETED,
            granted_credential__isnull=True,
            run__programme__dimension=undone.run.programme.dimension,
        )
        .select_related("run__programme", "official")
        .order_by("completed_on", "pk")
    )
    for other in others:
        drafts = credentials_to_grant([(other, other.completed_on)])
        if drafts:
            _grant([other], drafts, actor)
            _save(other, actor)


# Results of a whole class ---------------------------------------------------------------------

RESULTS = {S.COMPLETED: "complete", S.FAILED: "fail"}


@transaction.atomic
def run_record_results(
    *,
    run: CourseRun,
    results: Mapping[int, str],
    completed_on: datetime.date | None = None,
    actor,
) -> dict[str, int]:
    """Record the results list of a class, all or nothing: {official id: "completed"|"failed"}.

    Refuses (nothing recorded) an official who is not studying in the class, naming them.
    Returns the number completed and failed.
    """
    _require_manager(actor, run)
    enrolments = {e.official_id: e for e in _lock_many(run, official_id__in=list(results))}
    completed, failed = [], []
    for official_id, outcome in results.items():
        if outcome not in RESULTS:
            raise ValidationError(_("Unknown result “%(value)s”.") % {"value": outcome})
        enrolment = enrolments.get(int(official_id))
        if enrolment is None:
            raise ValidationError(_("An official on the results list is not in this class."))
        (completed if outcome == S.COMPLETED else failed).append(enrolment)
    for enrolment in failed:
        enrolment.fail()
    _update(failed, ["state"], actor)
    _complete(completed, completed_on, actor)
    return {str(S.COMPLETED): len(completed), str(S.FAILED): len(failed)}


def run_complete_all(
    *, run: CourseRun, completed_on: datetime.date | None = None, actor
) -> dict[str, int]:
    """Record every official studying in the class as completed."""
    studying = run.enrolments.filter(state=S.ENROLLED).values_list("official_id", flat=True)
    results = {official_id: S.COMPLETED for official_id in studying}
    return run_record_results(run=run, results=results, completed_on=completed_on, actor=actor)
