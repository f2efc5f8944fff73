"""Admin actions for bulk edits (DESIGN §9): a confirmation page asks for the parameters and lists
the selection as it is; applying calls `pages.bulk` and answers with what changed, or with every
refused row and why (then nothing was changed).
"""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from cadre_registry.dates import DateField
from officials.models import Assignment, EndReason, Verification
from pages import bulk
from standards.models import Position
from units.models import AdministrativeUnit, CommuneClass, UnknownUnit

DAY_HELP = gettext_lazy("dd/mm/yyyy")


def _date_field(label, *, required=True, help_text=DAY_HELP):
    return DateField(label=label, required=required, help_text=help_text)


class EndPostsForm(forms.Form):
    on = _date_field(
        gettext_lazy("End date"),
        help_text=gettext_lazy(
            "dd/mm/yyyy: the first day out of post (thôi giữ chức vụ kể từ ngày)."
        ),
    )
    reason = forms.ChoiceField(label=gettext_lazy("End reason"), choices=EndReason.choices)


class MoveForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Kind of move"),
        choices=[(r.value, r.label) for r in bulk.MOVE_REASONS],
    )
    on = _date_field(
        gettext_lazy("Date of the move"),
        help_text=gettext_lazy("dd/mm/yyyy: the old posts end and the new one starts on this day."),
    )
    commune = forms.CharField(
        label=gettext_lazy("Code of the new commune"),
        max_length=5,
        help_text=gettext_lazy("e.g. 06466; read among the units valid on the date of the move."),
    )
    position = forms.ModelChoiceField(
        label=gettext_lazy("Position in the new commune"),
        queryset=Position.objects.all(),
        required=False,
        empty_label=gettext_lazy("the position they hold"),
    )
    return_on = _date_field(
        gettext_lazy("Planned return date (rotation)"),
        required=False,
        help_text=gettext_lazy("dd/mm/yyyy, optional."),
    )

    def clean(self):
        data = super().clean()
        code, on = data.get("commune"), data.get("on")
        if code and on:
            try:
                data["commune"] = AdministrativeUnit.objects.resolve(code, on=on)
            except UnknownUnit as error:
                self.add_error("commune", str(error))
        return data

    def move(self) -> bulk.Move:
        data = self.cleaned_data
        return bulk.Move(
            commune=data["commune"],
            on=data["on"],
            reason=data["reason"],
            position=data["position"],
            return_on=data["return_on"],
        )


class CommuneClassForm(forms.Form):
    commune_class = forms.ChoiceField(
        label=gettext_lazy("Commune class"),
        choices=[("", gettext_lazy("leave as it is")), *CommuneClass.choices],
        required=False,
    )
    special_area = forms.ChoiceField(
        label=gettext_lazy("Special area"),
        choices=[
            ("", gettext_lazy("leave as it is")),
            ("yes", gettext_lazy("yes")),
            ("no", gettext_lazy("no")),
        ],
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not data.get("commune_class") and not data.get("special_area"):
            raise forms.ValidationError(_("Choose a class or a special area."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        area = data["special_area"]
        return {
            "commune_class": data["commune_class"] or None,
            "special_area": None if not area else area == "yes",
        }


def _seen(request) -> dict:
    """Return the versions the confirmation page showed, as `key:token` pairs (no lost update)."""
    seen = {}
    for pair in request.POST.getlist("seen"):
        key, _sep, token = pair.partition(":")
        if key.isdigit():
            seen[int(key)] = token
    return seen


def _int_versions(seen: dict) -> dict[int, int]:
    return {key: int(token) for key, token in seen.items() if token.isdigit()}


def run_bulk(modeladmin, request, queryset, *, title, form, headers, rows, seen, apply):
    """Show the confirmation page; once confirmed and valid, apply and show the result."""
    result = None
    if "apply" in request.POST and form.is_valid():
        result = apply(form, _seen(request))
        if result.applied:
            modeladmin.message_user(
                request,
                _("Changed: %(changed)d; unchanged: %(unchanged)d.")
                % {"changed": len(result.changed), "unchanged": len(result.unchanged)},
                messages.SUCCESS,
            )
            return _page(modeladmin, request, "pages/admin/bulk_result.html", title, result=result)
        modeladmin.message_user(
            request,
            _("Nothing was changed: %(count)d row(s) refused, listed below.")
            % {"count": len(result.refused)},
            messages.ERROR,
        )
    return _page(
        modeladmin,
        request,
        "pages/admin/bulk_confirm.html",
        title,
        form=form,
        headers=headers,
        rows=rows,
        selected=[entry.pk for entry in queryset],
        seen=[f"{key}:{token}" for key, token in seen.items()],
        result=result,
    )


def _page(modeladmin, request, template, title, **context):
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "action": request.POST.get("action"),
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        **context,
    }
    return TemplateResponse(request, template, context)


def _day(date) -> str:
    return date.strftime("%d/%m/%Y") if date else "–"


def _post_cells(post: Assignment) -> list[str]:
    return [
        post.official.full_name,
        str(post.position),
        post.commune.name,
        _day(post.start_date),
        _day(post.end_date),
        post.get_verification_display(),
    ]


POST_HEADERS = [
    gettext_lazy("Official"),
    gettext_lazy("Position"),
    gettext_lazy("Commune"),
    gettext_lazy("From"),
    gettext_lazy("To"),
    gettext_lazy("Verification"),
]


@admin.action(description=gettext_lazy("End the selected posts on a date, with a reason"))
def end_selected_posts(modeladmin, request, queryset):
    posts = list(queryset.select_related("official", "position", "commune"))
    form = EndPostsForm(request.POST if "apply" in request.POST else None)

    def apply(form, seen):
        data = form.cleaned_data
        return bulk.posts_end(
            posts=posts,
            on=data["on"],
            reason=data["reason"],
            actor=request.user,
            versions=_int_versions(seen),
        )

    return run_bulk(
        modeladmin,
        request,
        queryset,
        title=_("End the selected posts"),
        form=form,
        headers=POST_HEADERS,
        rows=[_post_cells(post) for post in posts],
        seen={post.pk: post.version for post in posts},
        apply=apply,
    )


def _official_rows(officials, posts) -> list[list[str]]:
    """Return each official's open posts, or one line saying they hold none."""
    rows = []
    for official in officials:
        held = [_post_cells(p) for p in posts if p.official_id == official.pk and not p.end_date]
        rows.extend(held or [[official.full_name, _("no open post"), "–", "–", "–", "–"]])
    return rows


@admin.action(description=gettext_lazy("Transfer or rotate the selected officials to a commune"))
def move_selected_officials(modeladmin, request, queryset):
    officials = list(queryset)
    posts = list(
        access.assignments_visible_to(request.user)
        .filter(official__in=[o.pk for o in officials])
        .exclude(verification=Verification.REJECTED)
        .select_related("official", "position", "commune")
        .order_by("official__search_key", "official", "-start_date")
    )
    form = MoveForm(request.POST if "apply" in request.POST else None)

    def apply(form, seen):
        return bulk.officials_move(
            officials=officials,
            move=form.move(),
            actor=request.user,
            versions=_int_versions(seen),
        )

    return run_bulk(
        modeladmin,
        request,
        queryset,
        title=_("Transfer or rotate the selected officials"),
        form=form,
        headers=POST_HEADERS,
        rows=_official_rows(officials, posts),
        seen={post.pk: post.version for post in posts},
        apply=apply,
    )


@admin.action(description=gettext_lazy("Set the class or special area of the selected communes"))
def set_commune_class(modeladmin, request, queryset):
    units = list(queryset.order_by("code"))
    form = CommuneClassForm(request.POST if "apply" in request.POST else None)

    def apply(form, seen):
        return bulk.communes_set(communes=units, actor=request.user, seen=seen, **form.values())

    return run_bulk(
        modeladmin,
        request,
        queryset,
        title=_("Set the class or special area of the selected communes"),
        form=form,
        headers=[
            gettext_lazy("Code"),
            gettext_lazy("Name"),
            gettext_lazy("Commune class"),
            gettext_lazy("Special area"),
        ],
        rows=[
            [
                unit.code,
                unit.name,
                unit.commune_class or "–",
                _("yes") if unit.special_area else _("no"),
            ]
            for unit in units
        ],
        seen={unit.pk: bulk.unit_state(unit) for unit in units},
        apply=apply,
    )
