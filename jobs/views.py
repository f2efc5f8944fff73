"""Large imports, large reorganisation worksheets and wide report downloads go to the worker;
their page shows the progress and, when done, the result (or the file to download).

Each view here answers the URL of the action it takes over (cadre_registry.urls lists it before
the spreadsheets app's own): a small request is handed to the spreadsheets view, unchanged.
"""

import contextlib
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access as accounts_access
from jobs import services
from jobs.models import Job, JobKind
from reorganisation.services import ReorganisationError
from spreadsheets import reorganisation_views
from spreadsheets import views as roster_views
from spreadsheets.models import ConfirmedImport
from spreadsheets.reorganisation import read_worksheet


@login_required
@require_POST
def import_confirm(request, token):
    """Confirm a previewed roster: a large file becomes a job, a small one is imported at once."""
    roster_views._require_import(request.user)
    queued = _already_confirmed(
        request, token, _("This preview was already confirmed; here is its import.")
    )
    if queued is not None:
        return redirect("jobs:detail", pk=queued.pk)
    if ConfirmedImport.objects.filter(token=token, user=request.user).exists():
        return roster_views.roster_import_confirm(request, token)  # it says "already imported"
    path, name, previewed_at = roster_views.load_upload(token, request.user)
    if path.stat().st_size < settings.IMPORT_JOB_MIN_BYTES:
        return roster_views.roster_import_confirm(request, token)
    job, new = services.import_job_start(
        user=request.user, source=path, filename=name, token=token, previewed_at=previewed_at
    )
    if not new:
        messages.info(request, _("This preview was already confirmed; here is its import."))
    roster_views.forget_upload(token)
    return redirect("jobs:detail", pk=job.pk)


def _already_confirmed(request, token, message: str) -> Job | None:
    """Return the job a preview's earlier confirmation started (and say so), if any."""
    queued = Job.objects.filter(token=token, user=request.user).first()
    if queued is not None:  # confirmed before: the job it started answers
        messages.info(request, message)
    return queued


@login_required
@require_POST
def reorganisation_apply(request, code, token):
    """Apply a previewed worksheet: a large one becomes a job, a small one is applied at once.

    A province's worksheet of thousands of rows takes seconds to minutes (about 700 rows a
    second); below REORGANISATION_JOB_MIN_ROWS it is applied in the request, as fast as a small
    import, and the page shows its report at once.
    """
    province = accounts_access.get_province_to_reorganise_or_404(request.user, code)
    queued = _already_confirmed(
        request, token, _("This preview was already confirmed; here is its job.")
    )
    if queued is not None:
        return redirect("jobs:detail", pk=queued.pk)
    path, name, _at = roster_views.load_upload(token, request.user)
    rows = roster_views.upload_facts(token).get("rows")
    if rows is None:  # previewed before the rows were noted
        try:
            rows = len(read_worksheet(path.read_bytes(), name))
        except ReorganisationError:
            rows = 0  # the page's own apply names the problems
    if rows < settings.REORGANISATION_JOB_MIN_ROWS:
        return reorganisation_views.apply(request, code, token)
    job, _new = services.reorganisation_job_start(
        user=request.user, province=province, source=path, filename=name, token=token, rows=rows
    )
    roster_views.forget_upload(token)
    return redirect("jobs:detail", pk=job.pk)


def _download(request, name: str, instant):
    """A report covering EXPORT_JOB_MIN_COMMUNES communes or more (a province, the country) is
    written by the worker; a smaller one (a commune, a district) is answered at once."""
    query = request.GET.dict()
    try:
        download = roster_views.download_of(name, query, request.user)
    except ValueError:
        return instant(request)  # the spreadsheets view explains the bad question
    if download.communes.count() < settings.EXPORT_JOB_MIN_COMMUNES:
        return roster_views.send(download)
    job = services.export_job_start(
        user=request.user, download=name, query=query, filename=download.name
    )
    messages.info(request, _("This report covers many communes: it is being prepared."))
    return redirect("jobs:detail", pk=job.pk)


@login_required
def roster_export(request):
    """Download the roster of a unit; a wide one is prepared by the worker."""
    return _download(request, "roster", roster_views.roster_export)


@login_required
def bm02_report(request):
    """Download the BM02/BNV report of a unit; a wide one is prepared by the worker."""
    return _download(request, "bm02", roster_views.bm02_report)


def _own_job(request, pk) -> Job:
    job = get_object_or_404(Job, pk=pk)
    if job.user_id != request.user.pk:
        raise Http404
    services.refresh_stale([job])
    return job


@login_required
def job_detail(request, pk):
    """A job's state, refreshed every few seconds until it is done, then its result."""
    return render(request, "jobs/detail.html", {"job": _own_job(request, pk)})


@login_required
def job_file(request, pk):
    """The file a download job produced, to its owner only."""
    job = _own_job(request, pk)
    if job.kind != JobKind.EXPORT or not job.has_output or not Path(job.output).exists():
        raise Http404
    return FileResponse(open(job.output, "rb"), as_attachment=True, filename=job.filename)


@login_required
def job_list(request):
    jobs = list(Job.objects.filter(user=request.user)[:50])
    services.refresh_stale(jobs)
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
@require_POST
def job_restart(request, pk):
    """Start a failed job again from its stored file."""
    job = _own_job(request, pk)
    with contextlib.suppress(ValueError):  # the page shows the job's state, which says why
        services.job_restart(job=job, actor=request.user)
    return redirect("jobs:detail", pk=job.pk)
