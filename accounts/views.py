"""The registry's own pages for commune secretaries, district staff and viewers (DESIGN §9).

Every view goes through accounts.access: a row outside the user's scope is a 404, a row inside it
without the right is a 403. Writes go through accounts.entries.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access, entries
from accounts.forms import (
    RejectForm,
)
from cadre_registry.dates import read_date
from units.models import Dataset


def _with_commune(user, entries):
    """Annotate `commune_name`: the commune of the official's latest post the user reads."""
    posts = access.posts_giving_history().filter(official=OuterRef("official_id"))
    if not access.is_superuser(user):
        posts = posts.filter(commune__in=access.visible_communes(user))
    latest = posts.order_by("-start_date").values("commune__name")[:1]
    return entries.annotate(commune_name=Subquery(latest))


@login_required
def verification_queue(request):
    """District staff: the entries waiting for them. Secretaries: what they sent and its fate."""
    user = request.user
    verifier, sender = access.may_verify_entries(user), access.can_send_entries(user)
    if not (verifier or sender):
        raise PermissionDenied
    context = {"verifier": verifier, "reject_form": RejectForm()}
    if verifier:
        context["queue"] = {
            "posts": access.pending_assignments_for(user)
            .with_submission()
            .select_related("official", "position", "commune"),
            "credentials": _with_commune(
                user, access.pending_credentials_for(user).with_submission()
            ).select_related("official"),
            "identity_changes": _with_commune(
                user, access.pending_identity_changes_for(user)
            ).select_related("official", "requested_by"),
        }
    if sender and not verifier:  # what staff enter is verified as they save it
        sent = access.entries_sent_by(user)
        context["sent"] = {
            "posts": sent["posts"].select_related("official", "position", "commune")[:SENT_LIMIT],
            "credentials": _with_commune(user, sent["credentials"]).select_related("official")[
                :SENT_LIMIT
            ],
            "identity_changes": _with_commune(user, sent["identity_changes"]).select_related(
                "official", "requested_by"
            )[:SENT_LIMIT],
        }
    return render(request, "accounts/verification_queue.html", context)


SENT_LIMIT = 100  # the latest entries a secretary sent, per kind


def _decide(request, entry):
    """Verify or reject `entry` as the POSTed decision says."""
    if request.POST.get("decision") == "verify":
        try:
            entries.entry_verify(entry=entry, actor=request.user)
        except ValidationError as invalid:
            messages.error(request, " ".join(invalid.messages))
            return redirect("accounts:verification_queue")
        messages.success(request, _("Verified: %(entry)s.") % {"entry": entry})
        return redirect("accounts:verification_queue")
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the rejection."))
        return redirect("accounts:verification_queue")
    entries.entry_reject(entry=entry, reason=form.cleaned_data["reason"], actor=request.user)
    messages.success(request, _("Rejected: %(entry)s.") % {"entry": entry})
    return redirect("accounts:verification_queue")


@login_required
@require_POST
def assignment_decide(request, pk):
    assignment = access.get_assignment_for_user_or_404(request.user, pk)
    if not access.can_verify(request.user, assignment.commune):
        raise PermissionDenied
    return _decide(request, assignment)


@login_required
@require_POST
def identity_change_decide(request, pk):
    change = access.get_identity_change_for_user_or_404(request.user, pk)
    if not access.can_verify_official(request.user, change.official):
        raise PermissionDenied
    return _decide(request, change)


@login_required
@require_POST
def credential_decide(request, pk):
    credential = access.get_credential_for_user_or_404(request.user, pk)
    if not access.can_verify_official(request.user, credential.official):
        raise PermissionDenied
    return _decide(request, credential)


@login_required
@require_GET
def unit_options(request):
    """The units the user may pick on a date (the unit picker's list), as JSON."""
    try:
        on = read_date(request.GET.get("as_of", "")) if request.GET.get("as_of") else None
    except ValueError:
        on = None
    on = on or datetime.date.today()
    datasets = dict(Dataset.choices)
    units = access.units_offered(request.user, on)
    both = len({unit.dataset for unit in units}) > 1
    rows = [
        {
            "code": unit.code,
            "dataset": unit.dataset,
            "key": unit.search_key,
            "label": f"{unit.name} ({unit.code})"
            + (f" · {datasets[unit.dataset]}" if both else ""),
        }
        for unit in units
    ]
    return JsonResponse({"units": rows}, json_dumps_params={"ensure_ascii": False})
