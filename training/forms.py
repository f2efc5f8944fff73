"""Forms of the training pages: the question (unit, date, period) and the writes."""

import datetime

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.widgets import UnitPicker
from cadre_registry.dates import DateField
from cadre_registry.text import vietnamese_name_key
from standards.forms import QuestionForm
from training import permissions
from training.models import CourseRun, Programme, Term
from units.models import AdministrativeUnit

# Django's own blank choice, which its Vietnamese catalogue does not translate yet.
BLANK_CHOICE = _("- Select an option -")

FILTER = forms.Select(choices=[("", _("All"))], attrs={"data-autosubmit": ""})


def date_field(label, **extra) -> DateField:
    return DateField(label=label, **extra)


class UnitField(forms.CharField):
    def __init__(self, **extra):
        super().__init__(
            label=_("Unit"),
            required=False,
            max_length=120,
            widget=UnitPicker(),
            help_text=_("Type part of its name or code; blank: your whole scope."),
            **extra,
        )


class GapQueryForm(QuestionForm):
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.exclude(dimension=""),
        to_field_name="code",
        empty_label=None,
    )
    unit = UnitField()
    # Filters of the list: a code, offered among the communes and posts the list holds.
    commune = forms.CharField(label=_("Commune"), required=False, max_length=10, widget=FILTER)
    position = forms.CharField(label=_("Post"), required=False, max_length=40, widget=FILTER)

    field_order = ["programme", "unit", "as_of", "regime", "commune", "position"]

    def set_filter_choices(self, rows) -> None:
        """Offer, in the commune and post filters, the communes and posts of the gap list."""
        for name, attribute in (("commune", "commune_codes"), ("position", "position_codes")):
            found = {}
            for row in rows:
                found.update(getattr(row, attribute))
            asked = self.data.get(name)
            if asked and asked not in found:
                found[asked] = asked  # asked for by a link, nobody there: keep it shown
            named = sorted(found.items(), key=lambda item: vietnamese_name_key(item[1]))
            self.fields[name].widget.choices = [("", _("All")), *named]


class ForecastQueryForm(QuestionForm):
    unit = UnitField()
    # Blank is not today here: the question's date is then the end of the last class.
    as_of = date_field(
        _("Forecast date"),
        required=False,
        help_text=_("Blank: the end of the last class under way."),
    )

    field_order = ["unit", "as_of", "regime"]


class ReportQueryForm(forms.Form):
    term = forms.ModelChoiceField(
        label=_("Term"),
        queryset=Term.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Dates below"),
    )
    date_from = date_field(_("From"), required=False)
    date_to = date_field(_("To"), required=False)
    unit = UnitField()

    def clean(self):
        cleaned = super().clean()
        term = cleaned.get("term")
        if term is not None:
            cleaned["date_from"], cleaned["date_to"] = term.starts_on, term.ends_on
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class ManagedUnitField(forms.CharField):
    """The district or province managing a class, typed by name or code with the unit picker
    and read among the units the user manages (a code in both data sets: the one that exists
    when the class starts)."""

    def __init__(self, **extra):
        super().__init__(
            max_length=120,
            widget=UnitPicker(),
            help_text=_("Type part of its name or code."),
            **extra,
        )
        self.managed = AdministrativeUnit.objects.none()

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        found = list(self.managed.filter(code=text) if text.isdigit() else self.managed.named(text))
        if not found:
            raise forms.ValidationError(
                _("You do not manage classes of a unit “%(unit)s”: pick one from the list.")
                % {"unit": text}
            )
        return found


class RunForm(forms.ModelForm):
    starts_on = date_field(capfirst(_("start date")))
    ends_on = date_field(capfirst(_("end date")))
    unit = ManagedUnitField(label=capfirst(_("managed by")))

    class Meta:
        model = CourseRun
        fields = [
            "programme",
            "name",
            "unit",
            "provider",
            "place",
            "starts_on",
            "ends_on",
            "capacity",
            "field",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = permissions.units_managed_by(user).order_by("dataset", "code")
        self.fields["unit"].managed = units
        self.fields["programme"].empty_label = BLANK_CHOICE
        if self.instance.pk and "unit" not in self.initial:
            self.initial["unit"] = self.instance.unit.code
        elif not self.is_bound and "unit" not in self.initial and len(units[:2]) == 1:
            self.initial["unit"] = units[0].code  # district staff manage one district: say so

    def clean(self):
        """Pick, among the units a code or name gives, the one that exists when the class starts."""
        cleaned = super().clean()
        found = cleaned.get("unit")
        if isinstance(found, list):
            starts = cleaned.get("starts_on") or datetime.date.today()
            valid = [unit for unit in found if unit.is_valid_on(starts)] or found
            if len(valid) > 1:
                self.add_error(
                    "unit",
                    _("Several units have this name: pick one (%(units)s).")
                    % {"units": "; ".join(str(unit) for unit in valid)},
                )
            else:
                cleaned["unit"] = valid[0]
                self.instance.unit = valid[0]
        return cleaned


class ResultsForm(forms.Form):
    """The results list of a class: completed or failed for each official studying in it."""

    CHOICES = [("", "—"), ("completed", _("Completed")), ("failed", _("Failed"))]

    completed_on = date_field(
        _("Completion date"), required=False, help_text=_("Blank: the class's end date.")
    )

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = list(enrolments)
        for enrolment in self.enrolments:
            self.fields[f"result_{enrolment.official_id}"] = forms.ChoiceField(
                label=enrolment.official.full_name, choices=self.CHOICES, required=False
            )

    def rows(self):
        for enrolment in self.enrolments:
            yield enrolment, self[f"result_{enrolment.official_id}"]

    def results(self) -> dict[int, str]:
        return {
            enrolment.official_id: self.cleaned_data[f"result_{enrolment.official_id}"]
            for enrolment in self.enrolments
            if self.cleaned_data.get(f"result_{enrolment.official_id}")
        }
