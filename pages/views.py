"""The pages that combine every domain: the dashboard of a scope, a commune's roster, the
officials who miss one requirement (DESIGN §10)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from cadre_registry.replica import report_read
from cadre_registry.text import vietnamese_name_key
from officials.levels import Dimension
from pages import bulk
from pages.dashboard import (
    post_history,
    roster,
    scope_trend,
    trend_dates,
    unmet_lines,
    vacant_posts,
)
from standards.cached import cached_commune, cached_page, cached_report
from standards.compliance import reasons, scope_filter, unmet_pairs, waiting_to_be_placed
from standards.forms import ComplianceQueryForm, StaffingNumberForm
from standards.models import Position
from units.models import AdministrativeUnit, Level, UnitNotValid, UnknownName


def _asked_scope(user, form, on) -> AdministrativeUnit | None:
    """Return the unit the question's form names; a name that names no unit the user sees, or
    several, is a form error and the page shows the user's own scope."""
    try:
        return access.scope_for(user, form.data.get("unit", ""), on, _dataset(form))
    except UnknownName as exc:
        form.add_error("unit", str(exc))
        return access.scope_for(user, "", on)


def not_valid_page(request, form, exc: UnitNotValid, options=None):
    """Answer a question about a unit on a day it did not exist: when, and what came instead."""
    context = {"form": form, "options": options, "missing": exc}
    return render(request, "pages/unit_not_valid.html", context)


def _dataset(form) -> str | None:
    """Return the data set the page asks for, when it names one."""
    value = form.data.get("dataset")
    return value if value in ("legacy", "2025") else None


def _question(request):
    """Read the page's question from the query string; return (form, options, error)."""
    form = ComplianceQueryForm(request.GET or None)
    return (form, *form.question())


def _scope_choices(user, scope, on):
    """Return the units offered in the scope picker: the user's widest unit and those under it."""
    top = access.default_scope(user, on)
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
    if not access.sees_some_unit(request.user):
        return render(request, "pages/no_scope.html")
    try:
        scope = _asked_scope(request.user, form, on)
    except UnitNotValid as exc:
        return not_valid_page(request, form, exc, options)
    if scope is not None and not form.data.get("unit"):
        form.fields["unit"].widget.attrs["placeholder"] = scope.name  # blank: this unit
    context = {"form": form, "error": error, "scope": scope, "options": options}
    context["scopes"] = _scope_choices(request.user, scope, on)
    context["pending"] = access.pending_count_for(request.user)
    context["waiting"] = waiting_to_be_placed(scope, on)
    if options is not None:
        figures, html = cached_page(
            f"dashboard:{get_language()}",
            scope,
            options,
            trend_dates(options.on),
            lambda: _dashboard_figures(scope, options),
        )
        context.update(figures, figures_html=html)
    return render(request, "pages/dashboard.html", context)


def dashboard_page(kind: str, scope, options) -> tuple[dict, str]:
    """Return what the dashboard keeps of `scope` on the question, written in the language
    its `kind` names (how a refresh computes it again after a write)."""
    with translation.override(kind.split(":")[1]):
        return _dashboard_figures(scope, options)


def _dashboard_figures(scope, options) -> tuple[dict, str]:
    """Return what the dashboard shows of the figures, and that part of the page rendered:
    the same for everyone who asks this question of this unit."""
    result = cached_report(options, scope)
    regime, points = scope_trend(scope, options)
    children = _children(result, scope)
    figures = {
        "total": result.total,
        "children": children,
        "children_are_communes": bool(children) and children[0].unit.level == Level.COMMUNE,
        "unmet": unmet_lines(result.total, options, scope),
        "trend_regime": regime,
        "trend": points,
        "chart": chart_data(children, points),
    }
    context = {**figures, "scope": scope, "options": options}
    return figures, render_to_string("pages/_dashboard_figures.html", context)


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
    context["can_edit"] = access.can_edit_commune(request.user, commune)
    figures = None
    if options is not None:
        result = cached_report(options, commune)
        figures = result.communes[0] if result.communes else None
        context.update(figures=figures, failing_only=request.GET.get("failing") == "1")
    if figures is not None:
        kind = f"commune-page:{get_language()}:{int(context['failing_only'])}"
        context["roster_html"] = cached_commune(
            f"{kind}:{int(context['can_edit'])}",
            commune,
            options,
            lambda: _roster_html(commune, options, context),
        )
    else:
        context["history"] = post_history(commune)
    if access.staffing_communes(request.user).filter(pk=commune.pk).exists():
        context["staffing_form"] = StaffingNumberForm(
            initial={"staffing_number": commune.staffing_number}
        )
    return render(request, "pages/commune.html", context)


def commune_page_roster(kind: str, commune, options) -> str:
    """Return the commune's roster as the commune page keeps it for `kind` (language, only
    those failing, whether the reader may edit): how a refresh renders it again after a write."""
    _name, language, failing_only, can_edit = kind.split(":")
    with translation.override(language):
        result = cached_report(options, commune)
        context = {
            "commune": commune,
            "options": options,
            "figures": result.communes[0] if result.communes else None,
            "failing_only": failing_only == "1",
            "can_edit": can_edit == "1",
        }
        return _roster_html(commune, options, context)


def _roster_html(commune, options, context) -> str:
    """Return the commune's roster on the question and its posts over time, rendered: the
    same for everyone asking it who may (or may not) edit the commune."""
    lines = roster(commune, options)
    shown = [line for line in lines if not line.compliant] if context["failing_only"] else lines
    return render_to_string(
        "pages/_commune_roster.html",
        {
            **context,
            "lines": shown,
            "vacant": vacant_posts(lines, options),
            "history": post_history(commune),
        },
    )


@login_required
@require_http_methods(["POST"])
def commune_staffing(request, pk):
    """Set a 2025 commune's staffing number (province staff, superusers), then show the commune."""
    commune = access.get_unit_for_user_or_404(request.user, pk)
    form = StaffingNumberForm(request.POST)
    if not form.is_valid():
        return redirect("pages:commune", pk=commune.pk)
    try:
        bulk.staffing_number_set(
            commune=commune,
            staffing_number=form.cleaned_data["staffing_number"],
            actor=request.user,
        )
    except bulk.StaffingRefused as exc:
        raise PermissionDenied(str(exc)) from None
    return redirect("pages:commune", pk=commune.pk)


@login_required
@require_GET
def unmet_officials(request):
    """The officials who do not meet one requirement (a line of "what holds us back")."""
    form, options, error = _question(request)
    if options is None:
        context = {"form": form, "error": error, "lines": None}
        return render(request, "pages/unmet.html", context)
    try:
        scope = _asked_scope(request.user, form, options.on)
    except UnitNotValid as exc:
        return not_valid_page(request, form, exc, options)
    if not request.GET.get("position"):
        lines = unmet_lines(cached_report(options, scope).total)
        context = {"form": form, "options": options, "scope": scope, "lines": lines}
        return render(request, "pages/unmet.html", context)
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
    return render(request, "pages/unmet.html", context)
