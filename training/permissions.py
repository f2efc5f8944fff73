"""Who may see and change course runs and enrolments (DESIGN §9), on top of accounts.access.

A run is managed by the personnel office of its unit (a district or province): district staff of
that unit and superusers manage it (enrol, record results, undo). Everyone who can see a unit at
or under it sees the run, so a commune secretary sees the district's classes, nominates their own
commune's officials into them, and sees only the enrolments of officials they may see.
Outside the scope is a 404; inside it without the right, a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts import access
from officials.models import Official
from training.models import CourseRun, Enrolment
from units.models import AdministrativeUnit


def runs_visible_to(user) -> QuerySet[CourseRun]:
    """Return the runs managed by a unit the user sees, or by a unit above one they see."""
    if access.is_superuser(user):
        return CourseRun.objects.all()
    visible = access.visible_units(user)
    above = AdministrativeUnit.objects.filter(
        Q(children__in=visible) | Q(children__children__in=visible)
    )
    return CourseRun.objects.filter(Q(unit__in=visible) | Q(unit__in=above.values("pk")))


def runs_managed_by(user) -> QuerySet[CourseRun]:
    """Return the runs the user manages: district staff of the run's unit, superusers."""
    if access.is_superuser(user):
        return CourseRun.objects.all()
    return CourseRun.objects.filter(unit__in=access.verifiable_units(user))


def can_manage_runs(user) -> bool:
    """Return whether the user may create runs at all (district staff, superusers)."""
    return access.is_superuser(user) or access.verifiable_units(user).exists()


def units_managed_by(user) -> QuerySet[AdministrativeUnit]:
    """Return the districts and provinces whose runs the user may create."""
    units = AdministrativeUnit.objects.exclude(level="commune")
    if access.is_superuser(user):
        return units
    return units.filter(pk__in=access.verifiable_units(user).values("pk"))


def can_manage_run(user, run: CourseRun) -> bool:
    return runs_managed_by(user).filter(pk=run.pk).exists()


def get_run_for_user_or_404(user, pk, *, manage: bool = False) -> CourseRun:
    """Return a visible run (404 otherwise); with `manage`, 403 unless the user manages it."""
    run = get_object_or_404(runs_visible_to(user).select_related("programme", "unit"), pk=pk)
    if manage and not can_manage_run(user, run):
        raise PermissionDenied
    return run


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """Return the enrolments of visible officials in visible runs."""
    if access.is_superuser(user):
        return Enrolment.objects.all()
    return Enrolment.objects.filter(
        run__in=runs_visible_to(user), official__in=access.officials_visible_to(user)
    )


def get_enrolment_for_user_or_404(user, pk) -> Enrolment:
    return get_object_or_404(
        enrolments_visible_to(user).select_related("run__programme", "official"), pk=pk
    )


def nominable_officials(user) -> QuerySet[Official]:
    """Return the officials the user may put on a class list (their editable communes)."""
    return access.officials_editable_by(user).filter(removed_at__isnull=True)


def can_nominate(user, run: CourseRun, official: Official) -> bool:
    """Return whether the user may nominate `official` into `run` (or withdraw the nominee)."""
    editable = nominable_officials(user).filter(pk=official.pk)
    return can_nominate_into(user, run) and editable.exists()


def runs_open_for_nomination(user) -> QuerySet[CourseRun]:
    """Return the runs the user may nominate into (can_nominate_into for many runs at once)."""
    if access.is_superuser(user) or access.editable_communes(user).exists():
        return runs_visible_to(user).select_related("programme")
    return CourseRun.objects.none()


def can_nominate_into(user, run: CourseRun) -> bool:
    """Return whether the user may nominate anyone into `run`: they see it and edit a commune."""
    if access.is_superuser(user):
        return True
    return (
        access.editable_communes(user).exists() and runs_visible_to(user).filter(pk=run.pk).exists()
    )
