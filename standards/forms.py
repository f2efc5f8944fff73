import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.widgets import UnitPicker
from cadre_registry.dates import DateField
from standards.compliance import NoRegime, Options, regime_for
from standards.models import Regime


class ComplianceQueryForm(forms.Form):
    """The question behind every figure: a date, a regime, a unit, verified credentials only."""

    as_of = DateField(label=_("As of"), required=False, initial=datetime.date.today)
    regime = forms.ModelChoiceField(
        label=_("Standards regime"),
        queryset=Regime.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("The one in force on that date"),
        error_messages={"invalid_choice": _("There is no such standards regime.")},
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=120, widget=UnitPicker())
    verified_only = forms.BooleanField(label=_("Verified credentials only"), required=False)

    def clean_as_of(self):
        return self.cleaned_data["as_of"] or datetime.date.today()

    def question(self) -> tuple[Options | None, str | None]:
        """Return the options asked (an invalid field falls back to its default, the valid ones
        are kept) or the reason there are none (no regime in force on the date)."""
        cleaned = {}
        if self.is_bound:
            self.is_valid()  # the valid fields stay in cleaned_data, the others go to errors
            cleaned = self.cleaned_data
        on = cleaned.get("as_of") or datetime.date.today()
        try:
            regime = cleaned.get("regime") or regime_for(on)
        except NoRegime as exc:
            return None, str(exc)
        return Options(on=on, regime=regime, verified_only=bool(cleaned.get("verified_only"))), None

    def asked_date(self) -> datetime.date:
        """Return the date asked, even when no regime is in force on it (today when unreadable)."""
        cleaned = self.cleaned_data if self.is_valid() else {}
        return cleaned.get("as_of") or datetime.date.today()


class CloseReportForm(ComplianceQueryForm):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Annual report"))


class StaffingNumberForm(forms.Form):
    """A 2025 commune's staffing number (biên chế); blank clears it (§11.3)."""

    staffing_number = forms.IntegerField(
        label=_("Staffing number"), required=False, min_value=0, max_value=32767
    )
