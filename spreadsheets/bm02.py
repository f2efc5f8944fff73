"""The official report BM02/BNV (TT 11/2012/TT-BNV): numbers and quality of commune officials.

One row per unit under the chosen one (districts of a province, communes of a district) and a total
row, on a date. Each person is counted once per row, at their highest level in each dimension,
from the posts in force and the credentials held on the date (not rejected). "Cử nhân chính trị" is
counted apart from "Cao cấp" (one rung for compliance, DESIGN §4); "Công chức luân chuyển từ cấp
huyện" counts the people holding a post marked as a rotation from the district. The layout is
`COLUMNS`, easy to adjust.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from cadre_registry.cells import inert
from cadre_registry.text import fold
from officials.levels import ladder_position, rank
from officials.models import Assignment, Credential, Official
from standards.models import PositionKind
from units.models import AdministrativeUnit, Level

# (header path, key): the path is one to three header rows, merged as in the form.
COLUMNS = [
    (("STT",), "stt"),
    (("Tên đơn vị",), "name"),
    (("Tổng số",), "total"),
    (("Trong đó", "Nữ"), "female"),
    (("Trong đó", "Đảng viên"), "party"),
    (("Trong đó", "Dân tộc thiểu số"), "minority"),
    (("Trong đó", "Tôn giáo"), "religion"),
    (("Chức danh", "Cán bộ cấp xã"), "cadre"),
    (("Chức danh", "Công chức chuyên môn"), "civil_servant"),
    (("Chuyên môn", "Tiến sĩ"), "professional:doctor"),
    (("Chuyên môn", "Thạc sĩ"), "professional:master"),
    (("Chuyên môn", "Đại học"), "professional:bachelor"),
    (("Chuyên môn", "Cao đẳng"), "professional:college"),
    (("Chuyên môn", "Trung cấp"), "professional:intermediate"),
    (("Chuyên môn", "Sơ cấp"), "professional:elementary"),
    (("Học vấn phổ thông", "THPT"), "general_education:upper_secondary"),
    (("Học vấn phổ thông", "THCS"), "general_education:lower_secondary"),
    (("Học vấn phổ thông", "Tiểu học"), "general_education:primary"),
    (("Chính trị", "Cử nhân"), "political_theory:bachelor"),
    (("Chính trị", "Cao cấp"), "political_theory:advanced"),
    (("Chính trị", "Trung cấp"), "political_theory:intermediate"),
    (("Chính trị", "Sơ cấp"), "political_theory:elementary"),
    (("Tin học", "Trung cấp trở lên"), "it_intermediate_up"),
    (("Tin học", "Chứng chỉ"), "it_certificate"),
    (("Ngoại ngữ", "Tiếng Anh", "Đại học trở lên"), "english_bachelor"),
    (("Ngoại ngữ", "Tiếng Anh", "Chứng chỉ"), "english_certificate"),
    (("Ngoại ngữ", "Ngoại ngữ khác", "Đại học trở lên"), "other_bachelor"),
    (("Ngoại ngữ", "Ngoại ngữ khác", "Chứng chỉ"), "other_certificate"),
    (("Chứng chỉ tiếng dân tộc",), "ethnic_language"),
    (("Quản lý nhà nước", "Chuyên viên chính & TĐ"), "state_principal"),
    (("Quản lý nhà nước", "Chuyên viên & TĐ"), "state_specialist"),
    (("Quản lý nhà nước", "Chưa qua đào tạo"), "state_none"),
    (("Độ tuổi", "Từ 30 trở xuống"), "age_30"),
    (("Độ tuổi", "Từ 31 đến 40"), "age_31_40"),
    (("Độ tuổi", "Từ 41 đến 50"), "age_41_50"),
    (("Độ tuổi", "Từ 51 đến 60", "Tổng số"), "age_51_60"),
    (("Độ tuổi", "Từ 51 đến 60", "Nữ từ 51 đến 55"), "age_female_51_55"),
    (("Độ tuổi", "Từ 51 đến 60", "Nam từ 56 đến 60"), "age_male_56_60"),
    (("Độ tuổi", "Trên tuổi nghỉ hưu"), "over_retirement"),
    (("Công chức luân chuyển từ cấp huyện",), "from_district"),
]
HEADER_ROWS = 3
TOTAL = "Tổng số"  # the name of the last row, everybody counted once


def retirement_age_months(gender: str, on: datetime.date) -> int:
    """Return the legal retirement age in months on `on` (Bộ luật Lao động 2019, NĐ 135/2020).

    From 2021 men gain 3 months a year from 60 to 62 (2028), women 4 months from 55 to 60 (2035).
    """
    years = max(0, on.year - 2020)
    if gender == "male":
        return 60 * 12 + min(24, 3 * years)
    return 55 * 12 + min(60, 4 * years)


def age_in_months(born: datetime.date, on: datetime.date) -> int:
    return (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)


@dataclass
class Person:
    gender: str
    born: datetime.date
    ethnicity: str
    party_joined_on: datetime.date | None
    party_member: bool = False
    religion: str = ""
    cadre: bool = False
    from_district: bool = False
    best: dict[str, str] = field(default_factory=dict)  # dimension -> highest level
    english: str = ""  # "bachelor" | "certificate"
    other_language: str = ""
    ethnic_language: bool = False


def _people(communes, on: datetime.date):
    """Return {official id: Person} and {commune id: official ids} for the posts held on `on`."""
    posts = (
        Assignment.objects.in_post_on(on)
        .filter(commune__in=communes)
        .counted()
        .values_list("official_id", "commune_id", "position__kind", "from_district")
    )
    by_commune = defaultdict(set)
    cadres, rotated = set(), set()
    for official_id, commune_id, kind, from_district in posts:
        by_commune[commune_id].add(official_id)
        if kind == PositionKind.CADRE:
            cadres.add(official_id)
        if from_district:
            rotated.add(official_id)
    ids = set().union(*by_commune.values()) if by_commune else set()
    people = {
        pk: Person(
            gender,
            born,
            ethnicity,
            party,
            member,
            religion,
            cadre=pk in cadres,
            from_district=pk in rotated,
        )
        for pk, gender, born, ethnicity, party, member, religion in Official.objects.filter(
            pk__in=ids
        ).values_list(
            "pk",
            "gender",
            "date_of_birth",
            "ethnicity",
            "party_joined_on",
            "party_member",
            "religion",
        )
    }
    credentials = (
        Credential.objects.counting_on(on)
        .filter(official_id__in=ids)
        .values_list("official_id", "dimension", "level", "language")
    )
    for official_id, dimension, level, language in credentials:
        person = people[official_id]
        if dimension == "foreign_language":
            grade = "bachelor" if level == "bachelor" else "certificate"
            slot = "english" if fold(language).replace("tieng ", "") in ("anh", "") else "other"
            attribute = "english" if slot == "english" else "other_language"
            if getattr(person, attribute) != "bachelor":
                setattr(person, attribute, grade)
        elif dimension == "ethnic_language":
            person.ethnic_language = True
        elif ladder_position(dimension, level) > ladder_position(
            dimension, person.best.get(dimension)
        ):
            person.best[dimension] = level
    return people, by_commune


def count(people: list[Person], on: datetime.date) -> dict[str, int]:
    """Return the BM02 counts of a group of people (each counted once)."""
    counts = defaultdict(int)
    for person in people:
        counts["total"] += 1
        female = person.gender == "female"
        counts["female"] += female
        # A member whose date of joining is unknown counts; a known date must be by then.
        joined = person.party_joined_on is None or person.party_joined_on <= on
        counts["party"] += bool(person.party_member and joined)
        counts["minority"] += bool(person.ethnicity and fold(person.ethnicity) != "kinh")
        counts["religion"] += bool(person.religion)
        counts["from_district"] += person.from_district
        counts["cadre" if person.cadre else "civil_servant"] += 1
        for dimension in ("professional", "general_education", "political_theory"):
            if dimension in person.best:
                counts[f"{dimension}:{person.best[dimension]}"] += 1
        it = rank("it", person.best.get("it"))
        if it >= rank("it", "intermediate"):
            counts["it_intermediate_up"] += 1
        elif it:
            counts["it_certificate"] += 1
        if person.english:
            counts[f"english_{person.english}"] += 1
        if person.other_language:
            counts[f"other_{person.other_language}"] += 1
        counts["ethnic_language"] += person.ethnic_language
        state = person.best.get("state_management")
        if state in ("principal", "senior"):
            counts["state_principal"] += 1
        elif state == "specialist":
            counts["state_specialist"] += 1
        elif state is None:
            counts["state_none"] += 1
        months = age_in_months(person.born, on)
        years = months // 12
        if years <= 30:
            counts["age_30"] += 1
        elif years <= 40:
            counts["age_31_40"] += 1
        elif years <= 50:
            counts["age_41_50"] += 1
        elif years <= 60:
            counts["age_51_60"] += 1
            if female and years <= 55:
                counts["age_female_51_55"] += 1
            if not female and years >= 56:
                counts["age_male_56_60"] += 1
        if months >= retirement_age_months(person.gender, on):
            counts["over_retirement"] += 1
    return dict(counts)


def _row_unit_of(unit, commune_rows):
    """Return a function giving, for a commune, the unit whose row counts it."""
    parents = {
        pk: (parent_id, grand)
        for pk, parent_id, grand in AdministrativeUnit.objects.filter(
            pk__in=[row[0] for row in commune_rows]
        ).values_list("pk", "parent_id", "parent__parent_id")
    }

    def row_unit(commune_id):
        parent_id, grand_id = parents[commune_id]
        if unit is None:
            return grand_id or parent_id
        if unit.level == Level.PROVINCE:
            return commune_id if parent_id == unit.pk else parent_id
        return commune_id

    return row_unit


def bm02_rows(*, unit, communes, on: datetime.date) -> list[tuple[str, dict[str, int]]]:
    """Return (unit name, counts) per row under `unit`, then (TOTAL, counts of everybody)."""
    people, by_commune = _people(communes, on)
    commune_rows = list(communes.values_list("pk", "code"))
    row_unit = _row_unit_of(unit, commune_rows)
    groups = defaultdict(set)
    for commune_id, _code in commune_rows:
        groups[row_unit(commune_id)].update(by_commune.get(commune_id, ()))
    names = dict(AdministrativeUnit.objects.filter(pk__in=groups).values_list("pk", "name"))
    codes = dict(AdministrativeUnit.objects.filter(pk__in=groups).values_list("pk", "code"))
    rows = [
        (names[pk], count([people[i] for i in groups[pk]], on))
        for pk in sorted(groups, key=lambda pk: codes[pk])
    ]
    everybody = set().union(*groups.values()) if groups else set()
    rows.append((TOTAL, count([people[i] for i in everybody], on)))
    return rows


TOP = 7  # the first header row of the table in the workbook


@dataclass
class HeaderCell:
    """One cell of the form's header: its label, first column (1-based), and how far it spans."""

    label: str
    column: int
    level: int
    colspan: int
    rowspan: int

    @property
    def counts(self) -> bool:
        """Whether it heads one count column (its label is printed upright, the column narrow)."""
        return self.colspan == 1 and COLUMNS[self.column - 1][1] not in ("stt", "name")


def header_cells() -> list[list[HeaderCell]]:
    """Return the header rows of the form, groups merged over their columns as in the form."""
    rows = []
    for level in range(HEADER_ROWS):
        cells, column = [], 1
        while column <= len(COLUMNS):
            path = COLUMNS[column - 1][0]
            if level >= len(path):
                column += 1
                continue
            end = column
            while (
                end < len(COLUMNS)
                and len(COLUMNS[end][0]) > level
                and COLUMNS[end][0][: level + 1] == path[: level + 1]
            ):
                end += 1
            rowspan = HEADER_ROWS - level if level == len(path) - 1 else 1
            cells.append(HeaderCell(path[level], column, level, end - column + 1, rowspan))
            column = end + 1
        rows.append(cells)
    return rows


@dataclass
class Bm02Table:
    """What the form shows: its header block and one line of values per row (zeros, no blanks)."""

    reporter: str
    receiver: str
    on: datetime.date
    lines: list[tuple[bool, list]]  # (is the total row, values in the order of COLUMNS)

    @property
    def title(self) -> str:
        return (
            f"BÁO CÁO SỐ LƯỢNG, CHẤT LƯỢNG CÁN BỘ, CÔNG CHỨC CẤP XÃ NĂM {self.on.year} "
            f"(tính đến ngày {self.on:%d/%m/%Y})"
        )

    @property
    def heading(self) -> list[str]:
        return [
            "BM02/BNV",
            f"Đơn vị báo cáo: {self.reporter}",
            f"Đơn vị nhận báo cáo: {self.receiver}",
            "Đơn vị tính: người",
        ]


def bm02_table(*, unit, communes, on: datetime.date) -> Bm02Table:
    """Return the BM02/BNV of `unit` (None: every commune given) on `on`, as the file shows it."""
    lines = []
    for index, (name, counts) in enumerate(bm02_rows(unit=unit, communes=communes, on=on)):
        is_total = name == TOTAL
        values = []
        for _path, key in COLUMNS:
            if key == "stt":
                values.append(None if is_total else index + 1)
            elif key == "name":
                values.append(name)
            else:
                values.append(counts.get(key, 0))
        lines.append((is_total, values))
    return Bm02Table(
        reporter=unit.name if unit else "Cả nước",
        receiver=unit.parent.name if unit is not None and unit.parent else "Bộ Nội vụ",
        on=on,
        lines=lines,
    )


THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = {"stt": 5, "name": 26}
COUNT_WIDTH = 5.5
HEADER_HEIGHTS = (30, 36, 100)  # points: groups, subgroups, upright column labels


def write_bm02(out, *, unit, communes, on: datetime.date) -> None:
    """Write the BM02/BNV workbook for `unit` (None: every commune given) on `on` to `out`,
    ready to print: A4 landscape, one page wide, the header rows repeated on every page."""
    table = bm02_table(unit=unit, communes=communes, on=on)
    book = Workbook()
    sheet = book.active
    sheet.title = "BM02-BNV"
    bold = Font(bold=True)
    for line in table.heading:
        sheet.append([line])
    sheet.append([table.title])
    sheet["A1"].font = sheet["A5"].font = bold
    last_column = get_column_letter(len(COLUMNS))
    sheet.merge_cells(f"A5:{last_column}5")
    sheet["A5"].alignment = Alignment(horizontal="center")
    _header(sheet, TOP)
    number = Alignment(horizontal="center", vertical="center")
    for is_total, values in table.lines:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.border = BORDER
            if cell.column > 2:
                cell.alignment = number
            if is_total:
                cell.font = bold
    last_row = sheet.max_row
    sheet.cell(last_row + 2, 30, "Ngày … tháng … năm …").font = Font(italic=True)
    sheet.cell(last_row + 3, 3, "NGƯỜI LẬP BẢNG").font = bold
    sheet.cell(last_row + 3, 30, "THỦ TRƯỞNG ĐƠN VỊ").font = bold
    for row in sheet.iter_rows():
        for cell in row:
            inert(cell)  # unit names are text, never formulas
    _print_setup(sheet, last_row=last_row + 6)
    book.save(out)


def _print_setup(sheet, *, last_row: int) -> None:
    """Set the column widths and print on A4 landscape, one page wide, header rows repeated."""
    for index, (_path, key) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(key, COUNT_WIDTH)
    for offset, height in enumerate(HEADER_HEIGHTS):
        sheet.row_dimensions[TOP + offset].height = height
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.print_options.horizontalCentered = True
    sheet.print_title_rows = f"{TOP}:{TOP + HEADER_ROWS - 1}"
    sheet.print_area = f"A1:{get_column_letter(len(COLUMNS))}{last_row}"


def _header(sheet, top: int) -> None:
    """Write the header rows, merged as in the form, every cell and merged range bordered."""
    for cells in header_cells():
        for cell in cells:
            row = top + cell.level
            written = sheet.cell(row, cell.column, cell.label)
            written.alignment = Alignment(
                horizontal="center",
                vertical="center",
                wrap_text=True,
                text_rotation=90 if cell.counts else 0,
            )
            written.font = Font(bold=True, size=10)
            written.border = BORDER  # merging gives the range's edges the first cell's border
            last_row, last_column = row + cell.rowspan - 1, cell.column + cell.colspan - 1
            if (last_row, last_column) != (row, cell.column):
                sheet.merge_cells(
                    start_row=row,
                    start_column=cell.column,
                    end_row=last_row,
                    end_column=last_column,
                )
