"""The reorganisation page for province staff (DESIGN §11.4, §11.5): download the proposal,
upload the edited worksheet, preview it, apply it, then the report per new commune."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts import access
from reorganisation.services import ReorganisationError, placement_report, proposal
from spreadsheets.forms import UploadForm
from spreadsheets.reorganisation import (
    apply_worksheet,
    outcome_text,
    worksheet_bytes,
    worksheet_name,
)
from spreadsheets.views import (
    CONTENT_TYPES,
    forget_upload,
    load_upload,
    note_upload,
    store_upload,
)

PAGE = "spreadsheets/reorganisation.html"


class WorksheetForm(UploadForm):
    file = forms.FileField(
        label=_("Edited worksheet (.xlsx, .xls, .ods or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls,.ods,.csv"}),
    )


@login_required
def index(request):
    """List the provinces the user reorganises."""
    if not access.may_reorganise(request.user):
        raise PermissionDenied
    provinces = list(access.reorganisable_provinces(request.user).order_by("code"))
    return render(request, "spreadsheets/reorganisation_index.html", {"provinces": provinces})


@login_required
def province_page(request, code):
    """The province's reorganisation: proposal, upload and preview, then the report."""
    province = access.get_province_to_reorganise_or_404(request.user, code)
    form = WorksheetForm(request.POST or None, request.FILES or None)
    context = {"province": province, "form": form}
    if request.method == "POST" and form.is_valid():
        token = store_upload(form.cleaned_data["file"], request.user)
        path, name, _at = load_upload(token, request.user)
        try:
            outcome = apply_worksheet(
                path.read_bytes(), name, province=province, actor=request.user, dry_run=True
            )
            context.update(outcome=outcome, summary=outcome_text(outcome), token=token)
            # A large worksheet is applied by the worker (jobs.views.reorganisation_apply).
            rows = outcome.placed + outcome.not_placed + outcome.unchanged
            note_upload(token, rows=rows)
            context["in_background"] = rows >= settings.REORGANISATION_JOB_MIN_ROWS
        except ReorganisationError as exc:
            forget_upload(token)
            context["problems"] = exc.problems
    context["report"] = placement_report(province=province)
    return render(request, PAGE, context)


@login_required
def proposal_download(request, code):
    """Download the proposed worksheet (.xlsx)."""
    province = access.get_province_to_reorganise_or_404(request.user, code)
    worksheet = proposal(province=province)
    response = HttpResponse(worksheet_bytes(worksheet), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{worksheet_name(worksheet)}"'
    return response


@login_required
@require_POST
def apply(request, code, token):
    """Apply a previewed worksheet: all rows or none; a second time changes nothing."""
    province = access.get_province_to_reorganise_or_404(request.user, code)
    path, name, _at = load_upload(token, request.user)
    try:
        outcome = apply_worksheet(
            path.read_bytes(), name, province=province, actor=request.user, dry_run=False
        )
    except ReorganisationError as exc:
        for problem in exc.problems[:20]:
            messages.error(request, problem)
        return redirect("spreadsheets:reorganisation_province", code=province.code)
    forget_upload(token)
    messages.success(request, outcome_text(outcome))
    return redirect("spreadsheets:reorganisation_province", code=province.code)
