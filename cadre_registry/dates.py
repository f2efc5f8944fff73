"""One date input for every form: dd/mm/yyyy as offices write it, with a calendar beside it.

Chromium's native date input shows dates month first (11/30/2026) whatever the page's language,
so forms use a text input that reads what people type (24/5/2022, 24-05-2022, 24.05.2022,
24052022, and the ISO 2022-05-24 of links) and static/js/datepicker.js adds the calendar.
"""

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DIGITS = re.compile(r"^(\d{2})(\d{2})(\d{4})$")

EXAMPLE = "24/05/2022"
INVALID = _("Enter a real date as dd/mm/yyyy, e.g. 24/05/2022.")
AS_OF = _("As of")


def read_date(text: str) -> datetime.date:
    """Return the date `text` names, day first (or ISO); raise ValueError for anything else."""
    text = (text or "").strip()
    if found := _ISO.match(text):
        year, month, day = found.groups()
    elif found := _DAY_FIRST.match(text) or _DIGITS.match(text):
        day, month, year = found.groups()
    else:
        raise ValueError(text)
    if not 1900 <= int(year) <= 2100:
        raise ValueError(text)  # 24/05/0222: a slip of the keyboard, not a date of the registry
    return datetime.date(int(year), int(month), int(day))


class DateInput(forms.TextInput):
    """A text input showing dd/mm/yyyy, which the page's script gives a calendar."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "size": 10,
            "data-datepicker": "",
            "data-calendar-label": _("Choose on a calendar"),
            "data-previous-label": _("Previous month"),
            "data-next-label": _("Next month"),
            "data-today-label": _("Today"),
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        """Show a date (or a readable date string, as links carry them) as dd/mm/yyyy."""
        if isinstance(value, str):
            try:
                value = read_date(value)
            except ValueError:
                return value or None
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return super().format_value(value)


class DateField(forms.DateField):
    """A date read by read_date, shown with DateInput; a wrong one says how to write it."""

    widget = DateInput
    default_error_messages = {"invalid": INVALID}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return read_date(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class AsOfDateField(DateField):
    """The date a question is asked on (“Tính đến ngày”): blank is today."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", AS_OF)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        return super().clean(value) or datetime.date.today()
