"""Compliance pages and API: the same figures as the command (DESIGN §10)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from standards.compliance import NoRegime, Options, regime_for, report
from standards.forms import CloseReportForm, ComplianceQueryForm
from standards.models import ClosedReport
from standards.services import report_close, report_compare
from standards.tables import report_rows
from units.models import AdministrativeUnit, Level, UnknownUnit, dataset_on

LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def default_scope(user, on) -> AdministrativeUnit | None:
    """Return the widest unit the user sees on `on` (None: the whole country, for superusers)."""
    if access.is_superuser(user):
        return None
    visible = access.visible_units(user).filter(dataset=dataset_on(on))
    for level in LEVEL_ORDER:
        unit = visible.filter(level=level).order_by("code").first()
        if unit is not None:
            return unit
    raise Http404


def scope_for(user, code: str, on) -> AdministrativeUnit | None:
    """Return the unit `code` names on `on`, if the user may see it (404 otherwise)."""
    if not code:
        return default_scope(user, on)
    try:
        unit = AdministrativeUnit.objects.resolve(code, on=on)
    except UnknownUnit:
        raise Http404 from None
    if not access.can_see_unit(user, unit):
        raise Http404
    return unit


def _options(cleaned) -> Options:
    regime = cleaned["regime"] or regime_for(cleaned["as_of"])
    return Options(on=cleaned["as_of"], regime=regime, verified_only=cleaned["verified_only"])


@login_required
@require_GET
def api_compliance(request):
    """Return the rows of `compliance_report` as JSON for a unit the user may see."""
    form = ComplianceQueryForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    try:
        options = _options(form.cleaned_data)
    except NoRegime as exc:
        return JsonResponse({"errors": {"regime": [str(exc)]}}, status=400)
    scope = scope_for(request.user, form.cleaned_data["unit"], options.on)
    rows = report_rows(report(options, scope, with_unmet=False))
    return JsonResponse(
        {
            "as_of": options.on.isoformat(),
            "regime": options.regime.code,
            "verified_only": options.verified_only,
            "rows": rows,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _may_close(user, scope) -> bool:
    if access.is_superuser(user):
        return True
    return scope is not None and access.verifiable_units(user).filter(pk=scope.pk).exists()


@login_required
@require_http_methods(["GET", "POST"])
def closed_reports(request):
    """List the closed reports the user may see; district staff close a new one."""
    visible = access.visible_units(request.user)
    reports = ClosedReport.objects.select_related("scope", "regime", "closed_by")
    if not access.is_superuser(request.user):
        reports = reports.filter(scope__in=visible)
    form = CloseReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            options = _options(form.cleaned_data)
        except NoRegime as exc:
            form.add_error("regime", str(exc))
        else:
            scope = scope_for(request.user, form.cleaned_data["unit"], options.on)
            if not _may_close(request.user, scope):
                raise PermissionDenied
            closed = report_close(
                title=form.cleaned_data["title"], scope=scope, options=options, actor=request.user
            )
            return redirect("standards:closed-report", pk=closed.pk)
    return render(request, "standards/closed_reports.html", {"reports": reports, "form": form})


@login_required
@require_GET
def closed_report(request, pk):
    """Show a closed report beside today's recomputation of the same date and regime."""
    closed = get_object_or_404(ClosedReport.objects.select_related("scope", "regime"), pk=pk)
    if closed.scope is None:
        if not access.is_superuser(request.user):
            raise Http404
    elif not access.can_see_unit(request.user, closed.scope):
        raise Http404
    comparisons = report_compare(closed)
    changed = sum(1 for row in comparisons if row.changed)
    return render(
        request,
        "standards/closed_report.html",
        {"closed": closed, "comparisons": comparisons, "changed": changed, "title": _("Report")},
    )
