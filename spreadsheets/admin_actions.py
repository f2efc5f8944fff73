"""The admin action "export the selection" (DESIGN §9): the selected officials, posts or units in
the roster layout of §8, written by `spreadsheets.export`; citizen IDs masked where the user could
not see them in full (viewers' scope), as on every page.
"""

import dataclasses
import io

from django.contrib import admin
from django.db.models import Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from officials.models import Assignment, Official, Verification
from spreadsheets.export import roster_lines, write_roster
from spreadsheets.forms import ExportForm
from spreadsheets.views import CONTENT_TYPES
from units.models import AdministrativeUnit


class SelectionExportForm(ExportForm):
    unit = None  # the selection says what to export


class PostsExportForm(SelectionExportForm):
    as_of = None  # exactly the selected posts, ended or not
    all = None


def _line_key(line) -> tuple:
    return (line.citizen_id, line.position.pk, line.commune_code, line.start_date)


def _post_key(post: Assignment) -> tuple:
    return (post.official.citizen_id, post.position_id, post.commune.code, post.start_date)


def _selected_lines(user, model, queryset, *, on, all_posts):
    """Return the roster lines of the selection, as `roster_lines` writes them."""
    if model is AdministrativeUnit:
        selected = list(queryset.values_list("pk", flat=True))
        communes = access.visible_communes(user).filter(
            Q(pk__in=selected) | Q(parent__in=selected) | Q(parent__parent__in=selected)
        )
        return list(roster_lines(communes, as_of=on, all_posts=all_posts))
    posts = access.assignments_visible_to(user).exclude(verification=Verification.REJECTED)
    if model is Official:
        posts = posts.filter(official__in=queryset.values("pk"))
        if not all_posts:
            posts = posts.in_post_on(on)
    else:
        posts = posts.filter(pk__in=queryset.values("pk"))
        all_posts = True
    posts = list(posts.select_related("official", "commune"))
    keys = {_post_key(post) for post in posts}
    communes = AdministrativeUnit.objects.filter(pk__in={post.commune_id for post in posts})
    lines = roster_lines(communes, as_of=on, all_posts=all_posts)
    return [line for line in lines if _line_key(line) in keys]


def _masked(user, lines):
    """Mask the citizen IDs the user may not see in full, by the rule of the pages and exports."""
    ids = {line.citizen_id for line in lines}
    shown = set(
        access.officials_citizen_id_visible_to(user)
        .filter(citizen_id__in=ids)
        .values_list("citizen_id", flat=True)
    )
    return [
        line
        if line.citizen_id in shown
        else dataclasses.replace(line, citizen_id=access.mask_citizen_id(line.citizen_id))
        for line in lines
    ]


@admin.action(description=gettext_lazy("Export the selection (roster layout)"))
def export_selected(modeladmin, request, queryset):
    """Ask for the date and format, then download the selection as a roster (.xlsx or .csv)."""
    model = modeladmin.model
    form_class = PostsExportForm if model is Assignment else SelectionExportForm
    if "apply" in request.POST:
        form = form_class(request.POST)
        if form.is_valid():
            on, fmt = form.on(), form.cleaned_data["format"] or "xlsx"
            all_posts = bool(form.cleaned_data.get("all"))
            lines = _selected_lines(request.user, model, queryset, on=on, all_posts=all_posts)
            out = io.BytesIO()
            write_roster(_masked(request.user, lines), out, fmt)
            response = HttpResponse(out.getvalue(), content_type=CONTENT_TYPES[fmt])
            name = f"danh-sach-chon-{on:%Y%m%d}.{fmt}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    else:
        form = form_class(initial={"format": "xlsx"})
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Export the selection (roster layout)"),
        "entries": queryset,
        "form": form,
        "action": request.POST.get("action"),
        "opts": model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "accounts/admin/confirm_action.html", context)
