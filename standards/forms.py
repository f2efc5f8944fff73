import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.widgets import UnitPicker
from cadre_registry.dates import AsOfDateField
from standards.compliance import NoRegime, Question, regime_for
from standards.models import Regime


class QuestionForm(forms.Form):
    """The question behind every figure: on which date, under which regime (DESIGN §6). Pages
    read it here once and hand the Question whole to the engine, the trend and the reports."""

    as_of = AsOfDateField(initial=datetime.date.today)
    regime = forms.ModelChoiceField(
        label=_("Standards regime"),
        queryset=Regime.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("The one in force on that date"),
        error_messages={"invalid_choice": _("There is no such standards regime.")},
    )

    def question(self, on: datetime.date | None = None) -> tuple[Question | None, str | None]:
        """Return the question asked (an invalid field falls back to its default, the valid ones
        are kept) or the reason there is none (no regime in force on the date). `on` replaces
        a blank date (a forecast's default date)."""
        cleaned = {}
        if self.is_bound:
            self.is_valid()  # the valid fields stay in cleaned_data, the others go to errors
            cleaned = self.cleaned_data
        on = cleaned.get("as_of") or on or datetime.date.today()
        try:
            regime = cleaned.get("regime") or regime_for(on)
        except NoRegime as exc:
            return None, str(exc)
        verified_only = bool(cleaned.get("verified_only"))
        return Question(on=on, regime=regime, verified_only=verified_only), None


class ComplianceQueryForm(QuestionForm):
    """The question of the compliance pages: a date, a regime, a unit, verified credentials only."""

    unit = forms.CharField(label=_("Unit"), required=False, max_length=120, widget=UnitPicker())
    verified_only = forms.BooleanField(label=_("Verified credentials only"), required=False)

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
