"""The roster layout (DESIGN §8) as a django-import-export resource.

Its widgets clean the cells on import and render them on export, so that both directions read and
write one layout. The import writes in bulk (services.py) instead of the library's per-row
`import_data`, which reaches about 740 rows/s with its defaults on the project's machines.
"""

import datetime

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from officials.levels import Dimension
from spreadsheets import parsing
from spreadsheets.reader import COLUMNS

D = Dimension


class RosterDateWidget(widgets.DateWidget):
    """dd/mm/yyyy text, ISO text or a spreadsheet date in; a date (xlsx) or dd/mm/yyyy out."""

    def __init__(self):
        super().__init__(format="%d/%m/%Y")

    def clean(self, value, row=None, **kwargs):
        return None if parsing.is_blank(value) else parsing.parse_date(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return "" if not kwargs.get("force_native_type") else None
        if kwargs.get("force_native_type"):
            return value
        return value.strftime("%d/%m/%Y")


class BirthDateWidget(RosterDateWidget):
    def clean(self, value, row=None, **kwargs):
        today = kwargs.get("today") or datetime.date.today()
        return None if parsing.is_blank(value) else parsing.parse_birth_date(value, today)


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return parsing.text_of(value)


class CitizenIdWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return None if parsing.is_blank(value) else parsing.parse_citizen_id(value)


class GenderWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return None if parsing.is_blank(value) else parsing.parse_gender(value)

    def render(self, value, obj=None, **kwargs):
        return {"male": "Nam", "female": "Nữ"}.get(value, "")


class PartyWidget(widgets.Widget):
    """x / có / the date of joining in; the date (or x when it is unknown) out."""

    def clean(self, value, row=None, **kwargs):
        return None if parsing.is_blank(value) else parsing.parse_party(value)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None if kwargs.get("force_native_type") else ""
        if isinstance(value, str) or kwargs.get("force_native_type"):
            return value
        return value.strftime("%d/%m/%Y")


class CommuneCodeWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return None if parsing.is_blank(value) else parsing.parse_commune_code(value)


class PositionWidget(widgets.Widget):
    """A position code or its Vietnamese name in; the Vietnamese name out."""

    def __init__(self):
        super().__init__()
        self.parser = None

    def clean(self, value, row=None, **kwargs):
        return None if parsing.is_blank(value) else self.parser(value)

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class LevelWidget(widgets.Widget):
    """The §4 labels, abbreviations and long forms in; several entries joined by "; " out."""

    def __init__(self, dimension: str):
        super().__init__()
        self.dimension = dimension
        self.parser = parsing.LevelParser(dimension)

    def clean(self, value, row=None, **kwargs):
        return [] if parsing.is_blank(value) else self.parser(value)

    def render(self, value, obj=None, **kwargs):
        return "; ".join(render_entry(entry) for entry in value or [])


def render_entry(entry: parsing.LevelEntry) -> str:
    label = parsing.EXPORT_LABELS[entry.dimension][entry.level]
    if entry.dimension == D.FOREIGN_LANGUAGE:
        if entry.level == "bachelor":
            return f"{label} {entry.language}".strip()
        if not entry.language:
            return f"Chứng chỉ {label}" if entry.level.startswith("cert_") else label
        return f"{entry.language} {label}"
    if entry.dimension == D.ETHNIC_LANGUAGE:
        return entry.language or label
    if entry.dimension == D.PROFESSIONAL and entry.field:
        return f"{label} {entry.field}"  # "Đại học Luật", read back as bachelor in Luật
    return label


class FieldWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return [] if parsing.is_blank(value) else parsing.parse_field(value)

    def render(self, value, obj=None, **kwargs):
        return "; ".join(value or [])


class CommuneClassWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return None if parsing.is_blank(value) else parsing.parse_commune_class(value)


class FlagWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return None if parsing.is_blank(value) else parsing.parse_flag(value)

    def render(self, value, obj=None, **kwargs):
        return "x" if value else ""


class ReligionWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return None if parsing.is_blank(value) else parsing.parse_religion(value)

    def render(self, value, obj=None, **kwargs):
        return parsing.religion_label(value)


def _widget(key: str):
    if key in Dimension.values:
        return LevelWidget(key)
    return {
        "commune_code": CommuneCodeWidget,
        "full_name": TextWidget,
        "date_of_birth": BirthDateWidget,
        "gender": GenderWidget,
        "citizen_id": CitizenIdWidget,
        "ethnicity": TextWidget,
        "party_member": PartyWidget,
        "position": PositionWidget,
        "start_date": RosterDateWidget,
        "end_date": RosterDateWidget,
        "professional_field": FieldWidget,
        "commune_class": CommuneClassWidget,
        "special_area": FlagWidget,
        "religion": ReligionWidget,
        "from_district": FlagWidget,
    }[key]()


class RosterResource(resources.Resource):
    """One row per official per post, with the Vietnamese headers of the layout."""

    def __init__(self, positions=()):
        super().__init__()
        for column in COLUMNS:
            self.fields[column.key] = fields.Field(
                attribute=column.key, column_name=column.header, widget=_widget(column.key)
            )
        self.fields["position"].widget.parser = parsing.PositionParser(list(positions))

    class Meta:
        verbose_name = _("roster")

    def widget(self, key: str):
        return self.fields[key].widget

    def headers(self) -> list[str]:
        return [column.header for column in COLUMNS]

    def values(self, line, *, native: bool) -> list:
        """Return one export row; `native` keeps dates as dates (for .xlsx cells)."""
        return [
            self.fields[column.key].widget.render(
                getattr(line, column.key), force_native_type=native
            )
            for column in COLUMNS
        ]
