"""Roster pages: upload, preview, confirm (all or nothing); export download; BM02/BNV report."""

import datetime
import io
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import default_scope
from spreadsheets import access
from spreadsheets.bm02 import bm02_table, header_cells, write_bm02
from spreadsheets.export import posts_for_export, roster_lines, write_roster
from spreadsheets.forms import Bm02Form, ExportForm, UploadForm
from spreadsheets.models import ConfirmedImport
from spreadsheets.services import ImportReport, already_imported_message, import_roster
from spreadsheets.units import communes_of
from units.models import AdministrativeUnit

BM02_PAGE = "spreadsheets/bm02.html"
UPLOAD_DIR = "imports"
KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
IMPORTED_KEY = "roster_imported"
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _upload_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_upload(upload, user) -> str:
    """Keep an uploaded roster on the server between preview and confirm; return its token."""
    folder = _upload_dir()
    for old in folder.glob("*.json"):  # forget the previews nobody confirmed
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.with_suffix(".bin").unlink(missing_ok=True)
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(18)
    with (folder / f"{token}.bin").open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    meta = {"user": user.pk, "name": Path(upload.name).name, "at": timezone.now().isoformat()}
    (folder / f"{token}.json").write_text(json.dumps(meta))
    return token


def load_upload(token: str, user) -> tuple[Path, str, datetime.datetime | None]:
    """Return the stored file of `token`, its name and when it was previewed; another user's
    token is a 404."""
    if not _TOKEN.match(token):
        raise Http404
    folder = _upload_dir()
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
    except (OSError, ValueError):
        raise Http404 from None
    if meta.get("user") != user.pk or not (folder / f"{token}.bin").exists():
        raise Http404
    at = meta.get("at")
    return (
        folder / f"{token}.bin",
        meta["name"],
        datetime.datetime.fromisoformat(at) if at else None,
    )


def note_upload(token: str, **facts) -> None:
    """Keep facts the preview learnt about a stored upload (e.g. its rows) beside it."""
    meta_path = _upload_dir() / f"{token}.json"
    meta = json.loads(meta_path.read_text())
    meta.setdefault("facts", {}).update(facts)
    meta_path.write_text(json.dumps(meta))


def upload_facts(token: str) -> dict:
    """Return what note_upload kept about a stored upload (load_upload checks its owner)."""
    try:
        return json.loads((_upload_dir() / f"{token}.json").read_text()).get("facts", {})
    except (OSError, ValueError):
        return {}


def forget_upload(token: str) -> None:
    folder = _upload_dir()
    (folder / f"{token}.bin").unlink(missing_ok=True)
    (folder / f"{token}.json").unlink(missing_ok=True)


def preview_upload(request, form):
    """Store the upload and run the preview; return (token or None, report)."""
    upload = form.cleaned_data["file"]
    token = store_upload(upload, request.user)
    path, name, _at = load_upload(token, request.user)
    with path.open("rb") as handle:
        report = import_roster(handle, name, user=request.user, dry_run=True)
    if report.has_errors:
        forget_upload(token)
        token = None
    return token, report


def confirm_upload(request, token):
    """Write a previewed roster once: a second confirmation says it was already imported."""
    done = ConfirmedImport.objects.filter(token=token, user=request.user).first()
    if done is not None:
        return ImportReport(
            filename=done.filename, dry_run=False, already=already_imported_message(done)
        )
    path, name, previewed_at = load_upload(token, request.user)
    with path.open("rb") as handle:
        report = import_roster(
            handle,
            name,
            user=request.user,
            dry_run=False,
            confirmation=token,
            previewed_at=previewed_at,
        )
    if report.committed:
        forget_upload(token)
    return report


def _require_import(user):
    if not access.can_import(user):
        raise PermissionDenied


@login_required
def roster_import(request):
    """Upload a roster and see, per row, what importing it would do."""
    _require_import(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "export_form": ExportForm(initial={"format": "xlsx"})}
    if request.method == "POST" and form.is_valid():
        token, report = preview_upload(request, form)
        context.update(report=report, token=token)
    context["imported"] = request.session.pop(IMPORTED_KEY, None)
    return render(request, "spreadsheets/import.html", context)


@login_required
@require_POST
def roster_import_confirm(request, token):
    """Write the previewed roster: every row, or nothing when any row is wrong."""
    _require_import(request.user)
    report = confirm_upload(request, token)
    if report.committed:
        messages.success(request, f"{report.summary()} {report.outcome()}")
        # The page after the redirect links to the people the import changed.
        request.session[IMPORTED_KEY] = {
            "filename": report.filename,
            "people": report.changed_people(),
            "more": report.changes_omitted,
        }
        return redirect("spreadsheets:import")
    if report.already:
        messages.info(request, report.already)
        return redirect("spreadsheets:import")
    context = {"form": UploadForm(), "report": report, "token": token}
    return render(request, "spreadsheets/import.html", context)


def scope_of(user, form, *, default_unit=False):
    """Return the unit, its communes the user may see and the date; 404 outside the scope.

    Without a unit code the roster export covers every commune the user sees; with
    `default_unit` (a report headed by its unit) the user's widest unit on the date is taken.
    """
    on = form.on()
    unit = form.cleaned_data["scope"]
    if unit is not None and not access.can_see_unit(user, unit):
        raise Http404
    if unit is None and default_unit:
        unit = default_scope(user, on)
    visible = access.visible_communes(user)
    return unit, communes_of(unit, within=visible), on


@dataclass
class Download:
    """A report file to download: its name and format, the communes it covers (its cost), and
    `write(out, progress=None)` that writes it; `progress(stage, done, total)` is told how far."""

    name: str
    fmt: str
    communes: QuerySet
    write: Callable


def _counted(lines, progress, total: int):
    for done, line in enumerate(lines, start=1):
        if done % 500 == 0:
            progress("writing", done, total)
        yield line
    progress("writing", total, total)


def roster_download(user, form) -> Download:
    """The roster of the form's unit in the import layout (.xlsx or .csv)."""
    unit, communes, on = scope_of(user, form)
    fmt = form.cleaned_data["format"] or "xlsx"
    all_posts = form.cleaned_data["all"]

    def write(out, progress=None):
        lines = roster_lines(communes, as_of=on, all_posts=all_posts, user=user)
        if progress is not None:
            progress("counting", 0, None)
            total = posts_for_export(communes, as_of=on, all_posts=all_posts).count()
            lines = _counted(lines, progress, total)
        write_roster(lines, out, fmt)

    code = unit.code if unit else "all"
    return Download(f"danh-sach-{code}-{on:%Y%m%d}.{fmt}", fmt, communes, write)


def bm02_download(user, form) -> Download:
    """The BM02/BNV report of the form's unit on its date (.xlsx)."""
    unit, communes, on = scope_of(user, form, default_unit=True)

    def write(out, progress=None):
        if progress is not None:
            progress("counting", 0, None)
        write_bm02(out, unit=unit, communes=communes, on=on)

    code = unit.code if unit else "all"
    return Download(f"BM02-BNV-{code}-{on:%Y%m%d}.xlsx", "xlsx", communes, write)


# The downloads a background job may produce: their form and their file.
DOWNLOADS = {"roster": (ExportForm, roster_download), "bm02": (Bm02Form, bm02_download)}


def download_of(name: str, query: dict, user) -> Download:
    """Return the download `name` asks with `query` (a GET query), for `user`; raise ValueError
    (with the form's first message) for a bad question, PermissionDenied or Http404 for one the
    user may not ask."""
    form_class, build = DOWNLOADS[name]
    if not access.can_export(user):
        raise PermissionDenied
    form = form_class(query or {"format": "xlsx"}, user=user)
    if not form.is_valid():
        _hide_outside_scope(user, form)
        raise ValueError(" ".join(str(e) for errors in form.errors.values() for e in errors))
    return build(user, form)


def send(download: Download) -> HttpResponse:
    """Answer with the download written at once."""
    out = io.BytesIO()
    download.write(out)
    return _attachment(out.getvalue(), download.name, download.fmt)


def _hide_outside_scope(user, form) -> None:
    """Answer 404 for a unit code the user may not see, whatever else is wrong with the query."""
    unit = form.asked_unit
    if (
        unit is not None
        and not access.visible_communes(user)
        .filter(pk__in=AdministrativeUnit.objects.communes_under(unit).values("pk"))
        .exists()
    ):
        raise Http404


def _export_error(request, form):
    """Explain a bad export question; a unit outside the user's scope is not found (404)."""
    _hide_outside_scope(request.user, form)
    return render(request, "spreadsheets/export_error.html", {"form": form}, status=400)


def _attachment(content: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def roster_export(request):
    """Download the roster of a unit in the import layout (.xlsx or .csv)."""
    if not access.can_export(request.user):
        raise PermissionDenied
    form = ExportForm(request.GET or {"format": "xlsx"}, user=request.user)
    if not form.is_valid():
        return _export_error(request, form)
    return send(roster_download(request.user, form))


@login_required
def bm02_page(request):
    """Show the BM02/BNV of a unit on a date as the file holds it, with the file to download."""
    if not access.can_export(request.user):
        raise PermissionDenied
    form = Bm02Form(request.GET or {}, user=request.user)
    if not form.is_valid():
        _hide_outside_scope(request.user, form)
        return render(request, BM02_PAGE, {"form": form}, status=400)
    unit, communes, on = scope_of(request.user, form, default_unit=True)
    query = {"as_of": f"{on:%d/%m/%Y}"}
    if form.cleaned_data["unit"]:
        query["unit"] = form.cleaned_data["unit"]
    context = {
        "form": form,
        "unit": unit,
        "table": bm02_table(unit=unit, communes=communes, on=on),
        "header": header_cells(),
        "download": f"{reverse('spreadsheets:bm02')}?{urlencode(query)}",
    }
    return render(request, BM02_PAGE, context)


@login_required
def bm02_report(request):
    """Download the BM02/BNV report of a unit on a date (.xlsx)."""
    if not access.can_export(request.user):
        raise PermissionDenied
    form = Bm02Form(request.GET or {}, user=request.user)
    if not form.is_valid():
        return _export_error(request, form)
    return send(bm02_download(request.user, form))
