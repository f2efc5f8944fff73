"""Forms of the roster pages: upload a roster, choose what to export."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from cadre_registry.dates import DateField
from spreadsheets.services import max_upload_bytes, too_large_message


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(too_large_message(upload.size))
        return upload


class ExportForm(forms.Form):
    unit = forms.CharField(
        label=_("Unit code"),
        required=False,
        help_text=_("A province, district or commune code; empty for everything you may see."),
    )
    as_of = DateField(
        label=_("Posts in force on"),
        required=False,
        help_text=_("dd/mm/yyyy; empty for today."),
    )
    all = forms.BooleanField(label=_("Every post, ended ones too"), required=False)
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (UTF-8)")],
        required=False,
    )

    def on(self) -> datetime.date:
        return self.cleaned_data.get("as_of") or datetime.date.today()
