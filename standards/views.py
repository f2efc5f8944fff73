"""Compliance pages and API: the same figures as the command (DESIGN §10)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access, bulk
from cadre_registry.replica import report_read
from cadre_registry.text import vietnamese_name_key
from officials.levels import Dimension
from standards.cached import cached_report
from standards.compliance import (
    reasons,
    report,
    scope_filter,
    unmet_pairs,
    waiting_to_be_placed,
)
from standards.dashboard import post_history, roster, scope_trend, unmet_lines, vacant_posts
from standards.forms import CloseReportForm, ComplianceQueryForm, StaffingNumberForm
from standards.models import ExcludedFieldPhrase, Position, Regime
from standards.permissions import closed_reports_visible_to, get_closed_report_for_user_or_404
from standards.services import report_close, report_compare
from standards.tables import report_rows
from units.models import (
    AdministrativeUnit,
    Level,
    UnitNotValid,
    UnknownName,
    UnknownUnit,
    dataset_on,
)

LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def default_scope(user, on) -> AdministrativeUnit | None:
    """Return the widest unit the user sees on `on` (None: the whole country, for superusers).

    Units that exist on `on` come first; a unit that does not is still returned (its page then
    says when it ceased and what succeeded it).
    """
    if access.is_superuser(user):
        return None
    visible = access.visible_units(user)
    current = dataset_on(on)
    for level in LEVEL_ORDER:
        units = sorted(
            visible.filter(level=level),
            key=lambda u: (not u.is_valid_on(on), u.dataset != current, u.code),
        )
        if units:
            return units[0]
    raise Http404


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
        unit = access.unit_asked(user, code, on, dataset=dataset or None)
    except UnknownName:
        raise  # a name the user typed: the page says so (never a 404)
    except UnitNotValid as exc:
        if not access.can_see_unit(user, exc.unit):
            raise Http404 from None
        raise
    except UnknownUnit:
        raise Http404 from None
    if not access.can_see_unit(user, unit):
        raise Http404
    return unit


def _asked_scope(user, form, on) -> AdministrativeUnit | None:
    """Return the unit the question's form names; a name that names no unit the user sees, or
    several, is a form error and the page shows the user's own scope."""
    try:
        return scope_for(user, form.data.get("unit", ""), on, _dataset(form))
    except UnknownName as exc:
        form.add_error("unit", str(exc))
        return scope_for(user, "", on)


def not_valid_page(request, form, exc: UnitNotValid, options=None):
    """Answer a question about a unit on a day it did not exist: when, and what came instead."""
    context = {"form": form, "options": options, "missing": exc}
    return render(request, "standards/unit_not_valid.html", context)


def _dataset(form) -> str | None:
    """Return the data set the page asks for, when it names one."""
    value = form.data.get("dataset")
    return value if value in ("legacy", "2025") else None


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
        scope = scope_for(request.user, form.cleaned_data["unit"], options.on)
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


def _may_close(user, scope) -> bool:
    if access.is_superuser(user):
        return True
    return scope is not None and access.verifiable_units(user).filter(pk=scope.pk).exists()


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
                scope = scope_for(request.user, form.cleaned_data["unit"], options.on)
            except (UnitNotValid, UnknownName) as exc:
                form.add_error("unit", str(exc))
                scope = False
            if scope is not False:
                if not _may_close(request.user, scope):
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


def _question(request):
    """Read the page's question from the query string; return (form, options, error)."""
    form = ComplianceQueryForm(request.GET or None)
    return (form, *form.question())


def _scope_choices(user, scope, on):
    """Return the units offered in the scope picker: the user's widest unit and those under it."""
    top = default_scope(user, on)
    units = []
    if top is not None:
        units.append(top)
        units += list(
            AdministrativeUnit.objects.filter(**scope_filter(top, on)).order_by("code")
            if top.level != Level.PROVINCE
            else AdministrativeUnit.objects.filter(parent=top).order_by("code")
        )
    if scope is not None and scope not in units:
        units.insert(0, scope)
    return units


@login_required
@require_GET
@report_read
def dashboard(request):
    """The figures of the user's scope on a date, their trend and what holds them back."""
    form, options, error = _question(request)
    on = options.on if options else form.asked_date()
    if not access.is_superuser(request.user) and not access.visible_units(request.user).exists():
        return render(request, "standards/no_scope.html")
    try:
        scope = _asked_scope(request.user, form, on)
    except UnitNotValid as exc:
        return not_valid_page(request, form, exc, options)
    if scope is not None and not form.data.get("unit"):
        form.fields["unit"].widget.attrs["placeholder"] = scope.name  # blank: this unit
    context = {"form": form, "error": error, "scope": scope, "options": options}
    context["scopes"] = _scope_choices(request.user, scope, on)
    context["pending"] = (
        access.pending_credentials_for(request.user).count()
        + access.pending_assignments_for(request.user).count()
        + access.pending_identity_changes_for(request.user).count()
    )
    context["waiting"] = waiting_to_be_placed(scope, on)
    if options is not None:
        result = cached_report(options, scope)
        regime, points = scope_trend(scope, options)
        children = _children(result, scope)
        context.update(
            report=result,
            total=result.total,
            children=children,
            children_are_communes=bool(children) and children[0].unit.level == Level.COMMUNE,
            unmet=unmet_lines(result.total, options, scope),
            trend_regime=regime,
            trend=points,
            chart=chart_data(children, points),
        )
    return render(request, "standards/dashboard.html", context)


def _children(result, scope) -> list:
    """Return the units one level under the scope: provinces, districts or communes."""
    if scope is None:
        return result.provinces
    if scope.level == Level.PROVINCE and result.districts:
        return result.districts
    return result.communes


def chart_data(units, points) -> dict:
    """Return the numbers the two charts draw (no HTML, no formatting)."""
    return {
        "units": [
            {"name": item.unit.name, "percent": float(item.percent) if item.percent else None}
            for item in units
        ],
        "trend": [
            {"date": on.strftime("%d/%m/%Y"), "percent": float(f.percent) if f.percent else None}
            for on, f in points
        ],
    }


@login_required
@require_GET
def commune_page(request, pk):
    """A commune's roster on a date: posts, officials, compliance and reasons, vacancies."""
    commune = access.get_unit_for_user_or_404(request.user, pk)
    if commune.level != Level.COMMUNE:
        raise Http404
    form, options, error = _question(request)
    context = {"commune": commune, "form": form, "error": error, "options": options}
    if options is not None:
        result = cached_report(options, commune)
        lines = roster(commune, options)
        failing_only = request.GET.get("failing") == "1"
        context.update(
            figures=result.communes[0] if result.communes else None,
            lines=[line for line in lines if not line.compliant] if failing_only else lines,
            failing_only=failing_only,
            vacant=vacant_posts(lines, options),
            unmet=unmet_lines(result.total),
        )
    context["history"] = post_history(commune)
    context["can_edit"] = access.can_edit_commune(request.user, commune)
    if access.staffing_communes(request.user).filter(pk=commune.pk).exists():
        context["staffing_form"] = StaffingNumberForm(
            initial={"staffing_number": commune.staffing_number}
        )
    return render(request, "standards/commune.html", context)


@login_required
@require_http_methods(["POST"])
def commune_staffing(request, pk):
    """Set a 2025 commune's staffing number (province staff, superusers), then show the commune."""
    commune = access.get_unit_for_user_or_404(request.user, pk)
    form = StaffingNumberForm(request.POST)
    if not form.is_valid():
        return redirect("standards:commune", pk=commune.pk)
    try:
        bulk.staffing_number_set(
            commune=commune,
            staffing_number=form.cleaned_data["staffing_number"],
            actor=request.user,
        )
    except bulk.StaffingRefused as exc:
        raise PermissionDenied(str(exc)) from None
    return redirect("standards:commune", pk=commune.pk)


@login_required
@require_GET
def unmet_officials(request):
    """The officials who do not meet one requirement (a line of "what holds us back")."""
    form, options, error = _question(request)
    if options is None:
        context = {"form": form, "error": error, "lines": None}
        return render(request, "standards/unmet.html", context)
    try:
        scope = _asked_scope(request.user, form, options.on)
    except UnitNotValid as exc:
        return not_valid_page(request, form, exc, options)
    if not request.GET.get("position"):
        lines = unmet_lines(report(options, scope).total)
        context = {"form": form, "options": options, "scope": scope, "lines": lines}
        return render(request, "standards/unmet.html", context)
    position = get_object_or_404(Position, code=request.GET.get("position", ""))
    dimension = request.GET.get("dimension", "")
    pairs = (
        unmet_pairs(options, scope_filter(scope, options.on))
        .filter(position=position, req_dimension=dimension)
        .select_related("official", "commune")
        .order_by()
    )
    people = sorted(
        {(p.official, p.commune) for p in pairs},
        key=lambda pair: (pair[1].code, vietnamese_name_key(pair[0].full_name)),
    )
    found = reasons(options, officials=[o.pk for o, _c in people])
    rows = [
        (official, commune, [r for r in found.get(official.pk, []) if r.dimension == dimension])
        for official, commune in people
    ]
    context = {
        "form": form,
        "options": options,
        "scope": scope,
        "lines": None,
        "position": position,
        "dimension": Dimension(dimension).label if dimension in Dimension.values else dimension,
        "rows": rows,
    }
    return render(request, "standards/unmet.html", context)


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
