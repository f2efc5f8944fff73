"""Who sees which closed reports: the access function of `ClosedReport` (STYLE.md "Access")."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import access
from standards.models import ClosedReport


def closed_reports_visible_to(user) -> QuerySet[ClosedReport]:
    """Return the closed reports of units the user reads; a whole-country report is superusers'."""
    if access.is_superuser(user):
        return ClosedReport.objects.all()
    return ClosedReport.objects.filter(scope__in=access.visible_units(user))


def get_closed_report_for_user_or_404(user, pk) -> ClosedReport:
    return get_object_or_404(
        closed_reports_visible_to(user).select_related("scope", "regime"), pk=pk
    )


def may_close_report(user, scope) -> bool:
    """Return whether the user closes a report of `scope` (None: the whole country, superusers):
    those who verify its entries (district or province staff), and superusers."""
    if access.is_superuser(user):
        return True
    return scope is not None and access.verifiable_units(user).filter(pk=scope.pk).exists()
