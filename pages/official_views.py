"""The official's pages: the list, the page with its posts, credentials, standing and training,
the forms and the history (DESIGN §9, §10).

Every view goes through accounts.access: a row outside the user's scope is a 404, a row inside it
without the right is a 403. Writes go through accounts.entries.
"""

import datetime
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access, entries
from accounts.entries import StaleEdit
from accounts.forms import model_changes
from cadre_registry.text import vietnamese_name_key
from officials.levels import rank
from officials.validators import EVIDENCE_SIGNATURES
from pages.forms import AssignmentForm, CredentialForm, FirstPostForm, OfficialForm
from pages.history import official_history
from standards.compliance import in_post, reasons
from standards.forms import ComplianceQueryForm
from training.models import Programme
from training.permissions import enrolments_visible_to

DETAIL = "pages/official_detail.html"


def _masked(user, officials):
    """Attach `shown_citizen_id` to each official: masked unless the user may see it in full."""
    editable = set(
        access.officials_citizen_id_visible_to(user)
        .filter(pk__in=[o.pk for o in officials])
        .values_list("pk", flat=True)
    )
    for official in officials:
        full = official.pk in editable
        official.shown_citizen_id = (
            official.citizen_id if full else access.mask_citizen_id(official.citizen_id)
        )
    return officials


LIST_LIMIT = 500  # a longer list is a search to narrow


@login_required
def official_list(request):
    query = request.GET.get("q", "")
    found = access.officials_visible_to(request.user).search(
        query, citizen_ids_of=access.officials_citizen_id_visible_to(request.user)
    )[: LIST_LIMIT + 1]
    officials = sorted(found, key=lambda o: vietnamese_name_key(o.full_name))
    context = {
        "officials": _with_posts(request.user, _masked(request.user, officials[:LIST_LIMIT])),
        "more": len(officials) > LIST_LIMIT,
        "q": query,
        "can_add": access.editable_communes(request.user).exists(),
    }
    return render(request, "pages/official_list.html", context)


def _with_posts(user, officials):
    """Attach `current_posts`: the posts each holds today that the user may see (commune, post)."""
    posts = access.assignments_visible_to(user).in_post_on(datetime.date.today())
    posts = posts.select_related("commune", "position").order_by("position__order")
    prefetch_related_objects(
        officials, Prefetch("assignments", queryset=posts, to_attr="current_posts")
    )
    return officials


@login_required
def official_detail(request, pk):
    official = access.get_official_for_user_or_404(request.user, pk)
    context = {**_editing_context(request.user, official), **official_standing(request, official)}
    context["history_only"] = access.reads_history_only(request.user, official)
    return render(request, DETAIL, context)


@login_required
def official_panel(request, pk):
    """The official's posts and credentials, editable in place, for the commune roster (htmx)."""
    official = access.get_official_for_user_or_404(request.user, pk)
    context = _editing_context(request.user, official)
    return render(request, f"{DETAIL}#editing", context)


def _editing_context(user, official) -> dict:
    return {
        "official": _masked(user, [official])[0],
        "posts": access.assignments_visible_to(user)
        .filter(official=official)
        .select_related("position", "commune"),
        "credentials": access.credentials_visible_to(user).filter(official=official),
        "can_edit": access.can_edit_official(user, official),
        "identity_change": entries.pending_identity(official)
        if access.can_edit_official(user, official)
        else None,
        "can_remove": access.can_remove_official(user, official) and not official.is_removed,
        "editable_posts": set(
            access.assignments_editable_by(user)
            .filter(official=official)
            .values_list("pk", flat=True)
        ),
    }


def official_standing(request, official) -> dict:
    """Return the official's compliance on the date asked (reasons per post) and training."""
    form = ComplianceQueryForm(request.GET or None)
    options, error = form.question()
    on = options.on if options else form.asked_date()
    standing = {"question": form, "as_of": on, "standing_error": error}
    standing["standing"] = None
    if options is not None:
        # Only the posts in communes the user may see (another unit's posts are not theirs).
        everywhere = access.is_superuser(request.user)
        communes = (
            set()
            if everywhere
            else set(access.visible_communes(request.user).values_list("pk", flat=True))
        )
        posts = [
            post
            for post in in_post(options)
            .filter(official=official)
            .select_related("position", "commune")
            if everywhere or post.commune_id in communes
        ]
        found = [
            reason
            for reason in reasons(options, officials=[official.pk]).get(official.pk, [])
            if everywhere or reason.commune_id in communes
        ]
        # Each gap with the training that closes it, whose gap list the page links to.
        closing_of = Programme.objects.closer()
        closing = [(r, closing_of(r.dimension, rank(r.dimension, r.needed_level))) for r in found]
        standing["standing"] = {
            "options": options,
            "posts": posts,
            "reasons": found,
            "closing": closing,
        }
    standing["enrolments"] = (
        enrolments_visible_to(request.user)
        .filter(official=official)
        .select_related("run", "run__programme")
        .order_by("-run__starts_on")
    )
    return standing


def _form_page(request, form, *, title, official=None, cancel_url):
    context = {"form": form, "title": title, "official": official, "cancel_url": cancel_url}
    return render(request, "pages/form.html", context)


@login_required
def official_add(request):
    if not access.editable_communes(request.user).exists():
        raise PermissionDenied
    form = OfficialForm(request.POST or None)
    post_form = FirstPostForm(request.POST or None, user=request.user, prefix="post")
    if request.method == "POST" and form.is_valid() and post_form.is_valid():
        official = entries.official_create(
            data=model_changes(form), post=model_changes(post_form), actor=request.user
        )
        messages.success(request, _("The official was registered."))
        return redirect("pages:official_detail", pk=official.pk)
    context = {"form": form, "post_form": post_form, "title": _("Register an official")}
    context["cancel_url"] = reverse("pages:official_list")
    return render(request, "pages/form.html", context)


@login_required
def official_edit(request, pk):
    official = access.get_official_for_user_or_404(request.user, pk, write=True)
    with transaction.atomic():
        form = OfficialForm(request.POST or None, instance=official)
        if request.method == "POST" and form.is_valid():
            entries.official_update(
                official=official,
                data=model_changes(form),
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            )
            if entries.pending_identity(official) and entries.identity_waits(
                request.user, official
            ):
                messages.success(
                    request,
                    _(
                        "The changes were saved; the changes of name, date of birth, gender or "
                        "citizen ID wait for verification by district staff."
                    ),
                )
            else:
                messages.success(request, _("The changes were saved."))
            return redirect("pages:official_detail", pk=pk)
    detail = reverse("pages:official_detail", args=[pk])
    return _form_page(request, form, title=_("Edit personal data"), cancel_url=detail)


@login_required
def official_history_page(request, pk):
    official = access.get_official_for_user_or_404(request.user, pk)
    context = {
        "official": official,
        "entries": official_history(request.user, official),
        "can_restore": access.is_superuser(request.user) and official.is_removed,
    }
    return render(request, "pages/official_history.html", context)


@login_required
def official_remove(request, pk):
    official = access.get_official_for_user_or_404(request.user, pk)
    if not access.can_remove_official(request.user, official):
        access.refuse_write(request.user, official)
    if request.method == "POST":
        entries.official_remove(official=official, actor=request.user)
        messages.success(request, _("%(name)s was removed.") % {"name": official.full_name})
        return redirect("pages:official_list")
    return render(request, "pages/official_remove.html", {"official": official})


@login_required
@require_POST
def official_restore(request, pk):
    if not access.is_superuser(request.user):
        access.get_official_for_user_or_404(request.user, pk)  # 404 outside the scope
        raise PermissionDenied
    official = access.get_official_for_user_or_404(request.user, pk)
    entries.official_restore(official=official, actor=request.user)
    messages.success(request, _("%(name)s was restored.") % {"name": official.full_name})
    return redirect("pages:official_history", pk=pk)


def _is_htmx(request) -> bool:
    """Return whether htmx asked for a piece of the official page rather than a whole page."""
    return request.headers.get("HX-Request") == "true"


def _partial(request, name: str, context: dict):
    """Render one partial of the official page (a row or its inline form)."""
    response = render(request, f"{DETAIL}#{name}", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _form_partial(request, name: str, context: dict):
    """Render an inline form, the focus on its first field in error (or its first field)."""
    form = context["form"]
    names = [name for name in form.fields if name in form.errors] or list(form.fields)
    visible = [name for name in names if not form.fields[name].widget.is_hidden]
    if visible:
        form.fields[visible[0]].widget.attrs["autofocus"] = True
    return _partial(request, name, context)


def _post_row(request, post):
    editable = access.assignments_editable_by(request.user).filter(pk=post.pk).exists()
    return _partial(
        request, "post-row", {"post": post, "editable_posts": {post.pk} if editable else set()}
    )


def _credential_row(request, credential):
    can_edit = access.can_edit_official(request.user, credential.official)
    return _partial(request, "credential-row", {"credential": credential, "can_edit": can_edit})


def _saved(form, save):
    """Return what `save()` returns, or None when the service refused it (told on the form).

    A save over a newer version keeps the input and explains who saved meanwhile; a rule the
    form cannot see (a post held twice) is shown next to its field, or above the form.
    """
    try:
        return save()
    except StaleEdit as stale:
        form.refuse_stale(stale.current)
    except ValidationError as invalid:
        found = invalid.error_dict if hasattr(invalid, "error_dict") else {None: invalid.messages}
        for name, errors in found.items():
            form.add_error(name if name in form.fields else None, errors)
    return None


@login_required
def assignment_add(request, pk):
    official = access.get_official_for_user_or_404(request.user, pk, write=True)
    form = AssignmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        post = _saved(
            form,
            lambda: entries.assignment_create(
                official=official, data=model_changes(form), actor=request.user
            ),
        )
        if post and _is_htmx(request):
            return _post_row(request, post)
        if post:
            messages.success(request, _("The post was saved."))
            return redirect("pages:official_detail", pk=pk)
    if _is_htmx(request):
        return _form_partial(
            request, "post-form", {"form": form, "official": official, "post": None}
        )
    detail = reverse("pages:official_detail", args=[pk])
    return _form_page(request, form, title=_("Add a post"), official=official, cancel_url=detail)


@login_required
def assignment_edit(request, pk):
    assignment = access.get_assignment_for_user_or_404(request.user, pk, write=True)
    official = assignment.official
    with transaction.atomic():
        form = AssignmentForm(request.POST or None, instance=assignment, user=request.user)
        if request.method == "POST" and form.is_valid():
            saved = _saved(
                form,
                lambda: entries.assignment_update(
                    assignment=assignment,
                    data=model_changes(form),
                    expected_version=form.cleaned_data["version"],
                    actor=request.user,
                ),
            )
            if saved and _is_htmx(request):
                return _post_row(request, access.get_assignment_for_user_or_404(request.user, pk))
            if saved:
                messages.success(request, _("The post was saved."))
                return redirect("pages:official_detail", pk=official.pk)
    if _is_htmx(request):
        return _form_partial(
            request, "post-form", {"form": form, "official": official, "post": assignment}
        )
    detail = reverse("pages:official_detail", args=[official.pk])
    return _form_page(request, form, title=_("Edit a post"), official=official, cancel_url=detail)


@login_required
def assignment_row(request, pk):
    """The row of a post on the official page (what an inline form's Cancel puts back)."""
    return _post_row(request, access.get_assignment_for_user_or_404(request.user, pk))


@login_required
def credential_add(request, pk):
    official = access.get_official_for_user_or_404(request.user, pk, write=True)
    form = CredentialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        credential = _saved(
            form,
            lambda: entries.credential_create(
                official=official, data=model_changes(form), actor=request.user
            ),
        )
        if credential and _is_htmx(request):
            return _credential_row(request, credential)
        if credential:
            messages.success(request, _("The credential was saved."))
            return redirect("pages:official_detail", pk=pk)
    if _is_htmx(request):
        context = {"form": form, "official": official, "credential": None}
        return _form_partial(request, "credential-form", context)
    detail = reverse("pages:official_detail", args=[pk])
    title = _("Add a credential")
    return _form_page(request, form, title=title, official=official, cancel_url=detail)


@login_required
def credential_edit(request, pk):
    credential = access.get_credential_for_user_or_404(request.user, pk, write=True)
    official = credential.official
    with transaction.atomic():
        form = CredentialForm(request.POST or None, request.FILES or None, instance=credential)
        if request.method == "POST" and form.is_valid():
            saved = _saved(
                form,
                lambda: entries.credential_update(
                    credential=credential,
                    data=model_changes(form),
                    expected_version=form.cleaned_data["version"],
                    actor=request.user,
                ),
            )
            if saved and _is_htmx(request):
                return _credential_row(
                    request, access.get_credential_for_user_or_404(request.user, pk)
                )
            if saved:
                messages.success(request, _("The credential was saved."))
                return redirect("pages:official_detail", pk=official.pk)
    if _is_htmx(request):
        context = {"form": form, "official": official, "credential": credential}
        return _form_partial(request, "credential-form", context)
    detail = reverse("pages:official_detail", args=[official.pk])
    title = _("Edit a credential")
    return _form_page(request, form, title=title, official=official, cancel_url=detail)


@login_required
def credential_row(request, pk):
    """The row of a credential on the official page (what an inline form's Cancel puts back)."""
    return _credential_row(request, access.get_credential_for_user_or_404(request.user, pk))


@login_required
def credential_evidence(request, pk):
    """Open the evidence file in the browser for those who may read the credential (never a
    public URL); a file of a type not accepted for upload is only offered for download."""
    credential = access.get_credential_for_user_or_404(request.user, pk)
    if not credential.evidence:
        raise Http404
    try:
        handle = credential.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = Path(credential.evidence.name).name
    inline = Path(name).suffix.lower() in EVIDENCE_SIGNATURES
    return FileResponse(handle, as_attachment=not inline, filename=name)
