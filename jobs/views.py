"""Large imports go to the worker; their page shows the progress and, when done, the result."""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs import services
from jobs.models import Job
from spreadsheets import views as roster_views
from spreadsheets.models import ConfirmedImport


@login_required
@require_POST
def import_confirm(request, token):
    """Confirm a previewed roster: a large file becomes a job, a small one is imported at once."""
    roster_views._require_import(request.user)
    queued = Job.objects.filter(token=token, user=request.user).first()
    if queued is not None:  # confirmed before: the job it started answers
        messages.info(request, _("This preview was already confirmed; here is its import."))
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
