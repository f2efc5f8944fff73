"""Writes on course runs and enrolments: check the actor's right, move the state, save with
history, and grant or take back the credential a completed course earns (DESIGN §7).

`actor=None` means the system itself (a migration, the demo data), which is trusted. Completing is
the only way a course grants a credential: `enrolment_complete` creates it through
officials.services (verified when the actor is district staff, a superuser or the system) and
links it to the enrolment, so that `enrolment_uncomplete` removes exactly that credential.
A credential of the same or a higher level already held on the completion date (same field, for
a degree) stays as it is, and the completion then grants nothing (and its undo removes nothing).
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cadre_registry.text import fold
from officials import services as official_services
from officials.levels import Dimension
from officials.models import Credential, Official, Verification
from training import permissions
from training.models import CourseRun, Enrolment, EnrolmentState, TransitionRefused

S = EnrolmentState
# Dimensions whose credential carries a field: a degree in another field is another credential.
FIELD_DIMENSIONS = {Dimension.PROFESSIONAL}

__all__ = [
    "RunFull",
    "TransitionRefused",
    "credential_for",
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
def run_create(*, data: dict[str, Any], actor) -> CourseRun:
    """Open a class, managed by a district or province the actor manages."""
    unit = data["unit"]
    if actor is not None and not permissions.units_managed_by(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied
    run = CourseRun(**data)
    _save(run, actor)
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
    if actor is not None and any(not permissions.can_nominate(actor, run, o) for o in officials):
        raise PermissionDenied
    existing = {e.official_id: e for e in run.enrolments.filter(official__in=officials)}
    to_add = [o for o in officials if o.pk not in existing]
    to_restore = [e for e in existing.values() if e.state == S.WITHDRAWN]
    asked = len(to_add) + len(to_restore)
    if run.capacity is not None:
        free = max(0, run.capacity - run.enrolments.holding_places().count())
        if asked > free:
            raise RunFull(run, free, asked)
    added = []
    for enrolment in to_restore:
        enrolment.renominate()
        _save(enrolment, actor)
        added.append(enrolment)
    for official in to_add:
        enrolment = Enrolment(run=run, official=official, note=note)
        _save(enrolment, actor)
        added.append(enrolment)
    return added


def enrolment_nominate(*, run: CourseRun, official: Official, actor, note: str = "") -> Enrolment:
    """Put one official on the class list (see run_nominate); return their enrolment."""
    run_nominate(run=run, officials=[official], actor=actor, note=note)
    return Enrolment.objects.get(run=run, official=official)


# State changes --------------------------------------------------------------------------------


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
    done = 0
    for enrolment in run.enrolments.filter(state=S.NOMINATED):
        enrolment_enrol(enrolment=enrolment, actor=actor)
        done += 1
    return done


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


def credential_for(enrolment: Enrolment, on: datetime.date) -> Credential | None:
    """Return the (unsaved) credential completing `enrolment` on `on` would grant, or None.

    None for a refresher course, and when the official already holds, on that date, a credential
    of the same or a higher level in the dimension (in the same field, for a degree) that is not
    rejected. The forecast builds its would-be credentials with this too.
    """
    programme = enrolment.run.programme
    if not programme.grants:
        return None
    field = enrolment.granted_field
    held = Credential.objects.filter(
        Q(awarded_on__isnull=True) | Q(awarded_on__lte=on),
        official_id=enrolment.official_id,
        dimension=programme.dimension,
        rank__gte=programme.rank,
    ).exclude(verification=Verification.REJECTED)
    if programme.dimension in FIELD_DIMENSIONS and field:
        held = held.filter(field_key=fold(field))
    if held.exists():
        return None
    return Credential(
        official_id=enrolment.official_id,
        dimension=programme.dimension,
        level=programme.level,
        field=field,
        field_key=fold(field),
        issuer=enrolment.run.provider[:160],
        awarded_on=on,
    )


def _grant(enrolment: Enrolment, actor) -> Credential | None:
    draft = credential_for(enrolment, enrolment.completed_on)
    if draft is None:
        return None
    data = {
        name: getattr(draft, name)
        for name in ("dimension", "level", "field", "issuer", "awarded_on")
    }
    return official_services.credential_create(official=enrolment.official, data=data, actor=actor)


@transaction.atomic
def enrolment_complete(
    *, enrolment: Enrolment, completed_on: datetime.date | None = None, actor
) -> Enrolment:
    """Record that the official passed (enrolled → completed) and grant the credential once.

    The completion date is the run's end date unless given; the credential is dated then.
    """
    row = _lock(enrolment)
    _require_manager(actor, row.run)
    on = completed_on or row.run.ends_on
    if on < row.run.starts_on:
        raise ValidationError(
            _("The completion date %(date)s is before the class starts (%(start)s).")
            % {"date": f"{on:%d/%m/%Y}", "start": f"{row.run.starts_on:%d/%m/%Y}"}
        )
    row.complete(on)
    row.granted_credential = _grant(row, actor)
    _save(row, actor)
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
        other.granted_credential = _grant(other, actor)
        if other.granted_credential is not None:
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
    enrolments = {
        e.official_id: e
        for e in run.enrolments.filter(official_id__in=list(results)).select_related("official")
    }
    counts = {S.COMPLETED: 0, S.FAILED: 0}
    for official_id, outcome in results.items():
        if outcome not in RESULTS:
            raise ValidationError(_("Unknown result “%(value)s”.") % {"value": outcome})
        enrolment = enrolments.get(int(official_id))
        if enrolment is None:
            raise ValidationError(_("An official on the results list is not in this class."))
        if outcome == S.COMPLETED:
            enrolment_complete(enrolment=enrolment, completed_on=completed_on, actor=actor)
        else:
            enrolment_fail(enrolment=enrolment, actor=actor)
        counts[outcome] += 1
    return {str(state): count for state, count in counts.items()}


def run_complete_all(
    *, run: CourseRun, completed_on: datetime.date | None = None, actor
) -> dict[str, int]:
    """Record every official studying in the class as completed."""
    studying = run.enrolments.filter(state=S.ENROLLED).values_list("official_id", flat=True)
    results = {official_id: S.COMPLETED for official_id in studying}
    return run_record_results(run=run, results=results, completed_on=completed_on, actor=actor)
