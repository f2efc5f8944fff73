"""Compliance pages and API: the same figures as the command (DESIGN §10)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from cadre_registry.replica import report_read
from standards.cached import cached_report
from standards.forms import CloseReportForm, ComplianceQueryForm
from standards.models import ExcludedFieldPhrase, Position, Regime
from standards.permissions import (
    closed_reports_visible_to,
    get_closed_report_for_user_or_404,
    may_close_report,
)
from standards.services import report_close, report_compare
from standards.tables import report_rows
from units.models import (
    UnitNotValid,
    UnknownName,
)


@login_required
@require_GET
@report_read
def api_compliance(request):
    """Return the rows of `compliance_report` as JSON for a unit the user may see."""
    form = ComplianceQueryForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    options, error = form.question()
    if options is None:
        return JsonResponse({"errors": {"regime": [error]}}, status=400)
    try:
        scope = access.scope_for(request.user, form.cleaned_data["unit"], options.on)
    except UnknownName as exc:
        return JsonResponse({"errors": {"unit": [str(exc)]}}, status=400)
    except UnitNotValid as exc:
        # A unit asked by code is an error; the user's own unit, ceased, is an answer (no rows).
        related = [{"code": u.code, "name": u.name, "dataset": u.dataset} for u in exc.related]
        asked = bool(form.cleaned_data["unit"])
        body = {"errors" if asked else "notice": {"unit": [str(exc)]}, "related_units": related}
        if not asked:
            body.update(as_of=options.on.isoformat(), regime=options.regime.code, rows=[])
        return JsonResponse(
            body, status=404 if asked else 200, json_dumps_params={"ensure_ascii": False}
        )
    rows = report_rows(cached_report(options, scope, with_unmet=False))
    return JsonResponse(
        {
            "as_of": options.on.isoformat(),
            "regime": options.regime.code,
            "verified_only": options.verified_only,
            "rows": rows,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@require_http_methods(["GET", "POST"])
def closed_reports(request):
    """List the closed reports the user may see; district staff close a new one."""
    reports = closed_reports_visible_to(request.user).select_related("scope", "regime", "closed_by")
    form = CloseReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        options, error = form.question()
        if options is None:
            form.add_error("regime", error)
        else:
            try:
                scope = access.scope_for(request.user, form.cleaned_data["unit"], options.on)
            except (UnitNotValid, UnknownName) as exc:
                form.add_error("unit", str(exc))
                scope = False
            if scope is not False:
                if not may_close_report(request.user, scope):
                    raise PermissionDenied
                closed = report_close(
                    title=form.cleaned_data["title"],
                    scope=scope,
                    options=options,
                    actor=request.user,
                )
                return redirect("standards:closed-report", pk=closed.pk)
    return render(request, "standards/closed_reports.html", {"reports": reports, "form": form})


@login_required
@require_GET
def closed_report(request, pk):
    """Show a closed report beside today's recomputation of the same date and regime."""
    closed = get_closed_report_for_user_or_404(request.user, pk)
    comparisons = report_compare(closed)
    changed = sum(1 for row in comparisons if row.changed)
    return render(
        request,
        "standards/closed_report.html",
        {"closed": closed, "comparisons": comparisons, "changed": changed, "title": _("Report")},
    )


@login_required
@require_GET
def catalogue(request):
    """Show the standards catalogue every user reads: requirements with their articles (§5)."""
    regimes = Regime.objects.prefetch_related("quotas", "requirements__position")
    positions = Position.objects.prefetch_related("field_keywords")
    return render(
        request,
        "standards/catalogue.html",
        {
            "regimes": regimes,
            "positions": [p for p in positions if p.field_keywords.all()],
            "excluded": ExcludedFieldPhrase.objects.all(),
        },
    )
