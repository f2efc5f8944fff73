"""Training pages (DESIGN §7): programmes, classes with their lists and results, the gap list
with one-step nomination, the forecast and the training figures.

Every view goes through accounts.access and training.permissions: outside the scope a 404, inside
it without the right a 403; viewers read only. Writes go through training.services.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from cadre_registry.text import vietnamese_name_key
from standards.compliance import question_for
from training import permissions, services
from training.forms import (
    ForecastQueryForm,
    GapQueryForm,
    ReportQueryForm,
    ResultsForm,
    RunForm,
)
from training.models import EnrolmentState, Programme, Term, TransitionRefused
from training.reports import (
    as_csv,
    forecast,
    forecast_date,
    gap_list,
    period_label,
    training_figures,
)
from units.models import UnitNotValid, UnknownUnit

REFUSALS = (TransitionRefused, services.RunFull, ValidationError)


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


# Scope ----------------------------------------------------------------------------------------


def resolve_scope(form, user, on: datetime.date, since: datetime.date | None = None):
    """Return the unit the form's code names on `on` (or on a day from `since`), 404 when the
    user cannot see it.

    An unknown code, or a unit that did not exist then, is a form error (returns False).
    """
    code = form.cleaned_data.get("unit")
    if not code:
        unit = access.default_scope(user, on)
        if unit is not None and not unit.exists_during(since or on, on):
            form.add_error("unit", str(unit.not_valid_error(on)))  # a district after 2025
            return False
        return unit
    try:
        unit = access.unit_asked(user, code, on, since=since)
    except UnitNotValid as exc:
        if not access.can_see_unit(user, exc.unit):
            raise Http404 from None
        form.add_error("unit", str(exc))
        return False
    except UnknownUnit as exc:
        form.add_error("unit", str(exc))
        return False
    if not access.can_see_unit(user, unit):
        raise Http404
    return unit


# Programmes and runs --------------------------------------------------------------------------


@login_required
def programme_list(request):
    runs = permissions.runs_visible_to(request.user)
    programmes = list(Programme.objects.all())
    counts = {}
    for programme_id in runs.values_list("programme", flat=True):
        counts[programme_id] = counts.get(programme_id, 0) + 1
    for programme in programmes:
        programme.run_count = counts.get(programme.pk, 0)
    return render(request, "training/programme_list.html", {"programmes": programmes})


@login_required
def run_list(request):
    runs = permissions.runs_visible_to(request.user).select_related("programme", "unit")
    programme = Programme.objects.filter(code=request.GET.get("programme", "")).first()
    if programme is not None:
        runs = runs.filter(programme=programme)
    context = {
        "runs": runs.with_counts()[:300],
        "programme": programme,
        "can_add": permissions.can_manage_runs(request.user),
    }
    return render(request, "training/run_list.html", context)


def _chosen_officials(request, data) -> list:
    """Return the officials chosen in `data` ("official" ids) whom the user may nominate."""
    ids = [pk for pk in data.getlist("official") if pk.isdecimal()]
    if not ids:
        return []
    chosen = permissions.nominable_officials(request.user).filter(pk__in=ids)
    return sorted(chosen, key=lambda official: vietnamese_name_key(official.full_name))


@login_required
@require_http_methods(["GET", "POST"])
def run_add(request):
    """Open a class; officials chosen on a gap list come along and are nominated into it."""
    if not permissions.can_manage_runs(request.user):
        raise PermissionDenied
    initial = {}
    code = request.POST.get("programme") or request.GET.get("programme")
    if programme := Programme.objects.filter(code=code).first():
        initial["programme"] = programme
        last = permissions.runs_visible_to(request.user).filter(programme=programme).first()
        if last is not None:
            initial["provider"] = last.provider  # most classes of a programme share a school
    # From a gap list ("prefill"): show the form for the chosen people, without checking it yet.
    bound = request.method == "POST" and "prefill" not in request.POST
    form = RunForm(request.POST if bound else None, user=request.user, initial=initial)
    nominees = _chosen_officials(request, request.POST if request.method == "POST" else request.GET)
    if bound and form.is_valid():
        try:
            run = services.run_create(data=form.cleaned_data, actor=request.user, nominees=nominees)
        except services.RunFull as full:
            form.add_error("capacity", str(full))
        else:
            messages.success(
                request,
                ngettext(
                    "The class was opened and %(count)d official nominated to it.",
                    "The class was opened and %(count)d officials nominated to it.",
                    len(nominees),
                )
                % {"count": len(nominees)}
                if nominees
                else _("The class was opened."),
            )
            return redirect("training:run_detail", pk=run.pk)
    context = {"form": form, "nominees": nominees, "back": _safe_back(request)}
    return render(request, "training/run_form.html", context)


def _safe_back(request) -> str:
    """Return the page to go back to (a gap list), if it is one of ours."""
    back = request.POST.get("back") or request.GET.get("back") or ""
    allowed = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return back if back and allowed else ""


def _results_form(run, data=None):
    studying = run.enrolments.filter(state=EnrolmentState.ENROLLED).select_related("official")
    return ResultsForm(data, enrolments=studying)


@login_required
def run_detail(request, pk):
    user = request.user
    run = permissions.get_run_for_user_or_404(user, pk)
    manage = permissions.can_manage_run(user, run)
    enrolments = (
        permissions.enrolments_visible_to(user)
        .filter(run=run)
        .select_related("official", "granted_credential")
    )
    context = {
        "run": run,
        "enrolments": enrolments,
        "taken": run.enrolments.holding_places().count(),
        "manage": manage,
        "can_nominate": permissions.can_nominate_into(user, run),
        "results_form": _results_form(run) if manage else None,
        "nominated": run.enrolments.filter(state=EnrolmentState.NOMINATED).count(),
        "awaiting_results": run.enrolments.current().count() if run.has_ended else 0,
    }
    return render(request, "training/run_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def run_nominate(request, pk):
    """The officials the user may nominate into the class, those lacking what it grants first
    (each with their gap); everyone in post on request or for a refresher course."""
    user = request.user
    run = permissions.get_run_for_user_or_404(user, pk)
    if not permissions.can_nominate_into(user, run):
        raise PermissionDenied
    today = datetime.date.today()
    on_list = run.enrolments.holding_places().values("official")
    candidates = (
        permissions.nominable_officials(user)
        .filter(assignments__in=access.assignments_editable_by(user).in_post_on(today))
        .exclude(pk__in=on_list)
        .distinct()
    )
    if request.method == "POST":
        ids = [pk for pk in request.POST.getlist("official") if pk.isdecimal()]
        chosen = candidates.filter(pk__in=ids)
        return _nominate(request, run, list(chosen), "training:run_detail")
    everyone = request.GET.get("all") == "1" or not run.programme.grants
    form = GapQueryForm(request.GET)
    form.is_valid()  # the filters, the date and the regime read if valid, else their defaults
    context = {"run": run, "everyone": everyone, "form": form, "q": request.GET.get("q", "")}
    if everyone:
        context["candidates"] = candidates.search(context["q"])[:300]
    else:
        options, _error = form.question()
        options = options or question_for(today)  # no regime in force then: today's list
        rows = gap_list(
            programme=run.programme, scope=access.default_scope(user, today), options=options
        )
        listed = candidates.filter(pk__in=[r.official_id for r in rows])
        allowed = set(listed.values_list("pk", flat=True))
        rows = [row for row in rows if row.official_id in allowed]
        form.set_filter_choices(rows)
        context.update(rows=_filtered(rows, form), nominable=allowed, options=options)
    return render(request, "training/run_nominate.html", context)


def _filtered(rows, form) -> list:
    """Return the gap rows holding a post in the commune and of the post the filters name."""
    cleaned = getattr(form, "cleaned_data", {})
    commune, position = cleaned.get("commune", ""), cleaned.get("position", "")
    return [row for row in rows if row.matches(commune=commune, position=position)]


def _nominate(request, run, officials, next_view, **next_kwargs):
    if not officials:
        messages.error(request, _("Choose at least one official."))
    else:
        try:
            added = services.run_nominate(run=run, officials=officials, actor=request.user)
        except services.RunFull as full:
            messages.error(request, str(full))
        else:
            messages.success(
                request,
                _("%(count)d official(s) nominated to %(run)s.")
                % {"count": len(added), "run": run},
            )
    if next_view == "training:run_detail":
        return redirect(next_view, pk=run.pk)
    return redirect(f"{request.path}?{request.GET.urlencode()}")


@login_required
@require_POST
def run_results(request, pk):
    """Enrol every nominee, or record the class's results list (all or nothing)."""
    run = permissions.get_run_for_user_or_404(request.user, pk, manage=True)
    try:
        if request.POST.get("action") == "enrol_all":
            count = services.run_enrol_nominees(run=run, actor=request.user)
            messages.success(request, _("%(count)d nominee(s) now studying.") % {"count": count})
        else:
            form = _results_form(run, request.POST)
            if not form.is_valid() or not form.results():
                messages.error(request, _("Choose a result for at least one official."))
            else:
                counts = services.run_record_results(
                    run=run,
                    results=form.results(),
                    completed_on=form.cleaned_data["completed_on"],
                    actor=request.user,
                )
                messages.success(
                    request,
                    _("Results recorded: %(completed)d completed, %(failed)d failed.") % counts,
                )
    except REFUSALS as error:
        messages.error(request, _message(error))
    return redirect("training:run_detail", pk=run.pk)


ACTIONS = {
    "enrol": services.enrolment_enrol,
    "withdraw": services.enrolment_withdraw,
    "fail": services.enrolment_fail,
    "complete": services.enrolment_complete,
    "uncomplete": services.enrolment_uncomplete,
    "reopen": services.enrolment_reopen,
}


@login_required
@require_POST
def enrolment_action(request, pk, action):
    """Move one enrolment (the services check who may)."""
    enrolment = permissions.get_enrolment_for_user_or_404(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](enrolment=enrolment, actor=request.user)
    except REFUSALS as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, _("Saved: %(name)s.") % {"name": enrolment.official.full_name})
    return redirect("training:run_detail", pk=enrolment.run_id)


# Gap list, forecast, report -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def gaps(request):
    """The gap list of a programme on a date, under a regime, filtered by commune and post; who
    may nominate puts the chosen officials into an open class, or opens one for them."""
    data = request.GET.copy()
    data.setdefault("programme", "pt_intermediate")  # the unit and regime may come alone
    form = GapQueryForm(data)
    context = {"form": form, "rows": None}
    if form.is_valid():
        programme, on = form.cleaned_data["programme"], form.cleaned_data["as_of"]
        scope = resolve_scope(form, request.user, on)
        if scope is not False:
            options, error = form.question()
            if options is None:
                form.add_error("as_of", error)
            else:
                all_rows = gap_list(programme=programme, scope=scope, options=options)
                form.set_filter_choices(all_rows)
                rows = _filtered(all_rows, form)
                runs = list(
                    permissions.runs_open_for_nomination(request.user)
                    .filter(programme=programme, ends_on__gte=datetime.date.today())
                    .order_by("starts_on")
                )
                if request.method == "POST":
                    return _nominate_from_gaps(request, rows, runs)
                nominable = set(
                    permissions.nominable_officials(request.user)
                    .filter(pk__in=[row.official_id for row in rows])
                    .values_list("pk", flat=True)
                )
                context.update(
                    rows=rows,
                    listed=len(all_rows),
                    runs=runs,
                    nominable=nominable,
                    scope=scope,
                    programme=programme,
                    options=options,
                    can_open=permissions.can_manage_runs(request.user),
                )
    if request.method == "POST":
        messages.error(request, _("Nobody was nominated: check the question above."))
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    return render(request, "training/gaps.html", context)


def _nominate_from_gaps(request, rows, runs):
    user = request.user
    if not (access.is_superuser(user) or access.editable_communes(user).exists()):
        raise PermissionDenied
    run = next((r for r in runs if str(r.pk) == request.POST.get("run")), None)
    if run is None:
        messages.error(request, _("Choose a class that has not ended, or open one."))
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    listed = {row.official_id for row in rows}
    chosen = [int(pk) for pk in request.POST.getlist("official") if pk.isdecimal()]
    officials = list(
        permissions.nominable_officials(request.user).filter(
            pk__in=[pk for pk in chosen if pk in listed]
        )
    )
    if len(officials) != len(chosen):
        raise PermissionDenied
    return _nominate(request, run, officials, "training:gaps")


@login_required
def forecast_page(request):
    """Today's figures beside those of a later date, as things stand and with the classes done."""
    form = ForecastQueryForm(request.GET)
    context = {"form": form, "result": None}
    if not form.is_valid():
        return render(request, "training/forecast.html", context)
    today = datetime.date.today()
    scope = resolve_scope(form, request.user, form.cleaned_data["as_of"] or today)
    if scope is not False:
        options, error = form.question(on=forecast_date(scope, today))
        if options is None:
            form.add_error("as_of", error)
        else:
            result = forecast(scope=scope, options=options, today=today)
            context.update(result=result, on=options.on)
    return render(request, "training/forecast.html", context)


@login_required
def report_page(request):
    """The figures of `training_report` for a period and a unit the user sees."""
    today = datetime.date.today()
    data = request.GET
    if not data:
        term = Term.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
        data = {"term": term.code} if term else {}
    form = ReportQueryForm(data)
    context = {"form": form, "figures": None}
    if not form.is_valid():
        return render(request, "training/report.html", context)
    date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    scope = resolve_scope(
        form, request.user, date_to or today, since=date_from or datetime.date.min
    )
    if scope is not False:
        figures = training_figures(date_from=date_from, date_to=date_to, scope=scope)
        if request.GET.get("format") == "csv":
            response = HttpResponse(as_csv(figures), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="training_report.csv"'
            return response
        context.update(
            figures=figures,
            scope=scope,
            period=period_label(date_from, date_to),
            totals={
                key: sum(getattr(item, key) for item in figures)
                for key in ("sent_to_study", "person_times")  # distinct people do not add up
            },
        )
    return render(request, "training/report.html", context)
