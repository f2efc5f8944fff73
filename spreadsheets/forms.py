"""Forms of the roster pages: upload a roster, choose what to export."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.widgets import UnitPicker
from cadre_registry.dates import AsOfDateField
from spreadsheets.services import max_upload_bytes, too_large_message
from units.models import UnknownUnit


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (.xlsx, .xls, .ods, .csv or .txt)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls,.ods,.csv,.txt,.tsv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(too_large_message(upload.size))
        return upload


class ExportForm(forms.Form):
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=120,
        widget=UnitPicker(),
        help_text=_("Type part of its name or code; empty for everything you may see."),
    )
    as_of = AsOfDateField(label=_("Posts in force on"), help_text=_("dd/mm/yyyy; empty for today."))
    all = forms.BooleanField(label=_("Every post, ended ones too"), required=False)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (UTF-8)")],
        required=False,
    )

    asked_unit = None  # a unit the code names but which did not exist on the date

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user  # whose units a name is read among

    def on(self) -> datetime.date:
        return self.cleaned_data.get("as_of") or datetime.date.today()

    def clean(self):
        """Read the unit code on the date asked (every post: a unit of any date will do)."""
        cleaned = super().clean()
        cleaned["scope"] = None
        if cleaned.get("unit") and "as_of" not in self.errors:
            since = datetime.date.min if cleaned.get("all") else None
            try:
                cleaned["scope"] = access.unit_asked(
                    self.user, cleaned["unit"], self.on(), since=since
                )
            except UnknownUnit as exc:
                self.asked_unit = getattr(exc, "unit", None)
                self.add_error("unit", str(exc))
        return cleaned


class Bm02Form(ExportForm):
    """The BM02/BNV question: a unit and the date the figures are counted on."""

    as_of = AsOfDateField(help_text=_("dd/mm/yyyy; empty for today."))
    all = None  # the posts in force on the date, nothing else
    format = None  # always .xlsx
