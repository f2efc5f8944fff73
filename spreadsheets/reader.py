"""Find the header row of a roster file and hand out its data rows (DESIGN §8).

The rows themselves come from `spreadsheets.files`, one reader per format (.xlsx, .xls, .ods,
.csv and tab-separated text).
"""

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cadre_registry.text import fold
from spreadsheets.files import RosterFileError, UnreadableCell, open_rows

__all__ = ["RosterFileError", "UnreadableCell", "Sheet", "read_roster", "read_sheet", "COLUMNS"]

HEADER_SEARCH_ROWS = 15


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Vietnamese header of the §8 layout
    required: bool = False
    aliases: tuple[str, ...] = ()


COLUMNS = [
    Column("commune_code", "Mã ĐVHC", True, ("Mã đơn vị hành chính", "Mã xã", "Mã đơn vị")),
    Column("full_name", "Họ và tên", True, ("Họ tên", "Họ và tên khai sinh")),
    Column("date_of_birth", "Ngày sinh", True, ("Ngày tháng năm sinh", "Sinh ngày")),
    Column("gender", "Giới tính", True),
    Column(
        "citizen_id",
        "Số định danh cá nhân",
        True,
        ("Số CCCD", "CCCD", "Số căn cước công dân", "Số căn cước", "Số định danh", "Mã định danh"),
    ),
    Column("ethnicity", "Dân tộc"),
    Column("party_member", "Đảng viên", aliases=("Ngày vào Đảng",)),
    Column("position", "Chức vụ, chức danh", True, ("Chức vụ", "Chức danh")),
    Column("start_date", "Ngày bắt đầu", True, ("Ngày bổ nhiệm", "Từ ngày")),
    Column("end_date", "Ngày kết thúc", aliases=("Đến ngày",)),
    Column(
        "general_education",
        "Giáo dục phổ thông",
        aliases=("Trình độ giáo dục phổ thông", "Trình độ văn hoá", "Văn hoá", "Học vấn"),
    ),
    Column("professional", "Chuyên môn", aliases=("Trình độ chuyên môn",)),
    Column("professional_field", "Chuyên ngành", aliases=("Chuyên ngành đào tạo", "Ngành")),
    Column("political_theory", "Lý luận chính trị", aliases=("LLCT", "Chính trị")),
    Column("state_management", "Quản lý nhà nước", aliases=("QLNN",)),
    Column("it", "Tin học"),
    Column("foreign_language", "Ngoại ngữ"),
    Column("ethnic_language", "Tiếng dân tộc", aliases=("Tiếng dân tộc thiểu số",)),
    Column("commune_class", "Loại xã", aliases=("Phân loại xã", "Phân loại ĐVHC")),
    Column("special_area", "Vùng đặc biệt", aliases=("Vùng đặc biệt khó khăn",)),
    Column("religion", "Tôn giáo"),
    Column(
        "from_district",
        "Luân chuyển từ cấp huyện",
        aliases=("Công chức luân chuyển từ cấp huyện", "Luân chuyển"),
    ),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
# "Ghi chú" is not ignored: like any column the layout does not know, it is reported once.
IGNORED_HEADERS = {"stt", "tt", "sott", "sothutu", "no"}


def header_key(text) -> str:
    """Return a header folded, without spaces or punctuation ("Mã ĐVHC" -> "madvhc")."""
    return re.sub(r"[^0-9a-z]", "", fold(str(text)))


_HEADER_KEYS: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.key, *_column.aliases):
        _HEADER_KEYS[header_key(_name)] = _column.key


def column_of_header(text) -> str | None:
    return _HEADER_KEYS.get(header_key(text))


@dataclass(frozen=True)
class Layout:
    """The columns of a kind of sheet, and the one every data row fills (a signature row not)."""

    columns: tuple[Column, ...]
    key: str

    @property
    def by_key(self) -> dict[str, Column]:
        return {column.key: column for column in self.columns}

    def column_of(self, text) -> str | None:
        if self.columns is ROSTER_COLUMNS:
            return column_of_header(text)
        wanted = header_key(text)
        for column in self.columns:
            names = (column.header, column.key, *column.aliases)
            if any(header_key(name) == wanted for name in names):
                return column.key
        return None


ROSTER_COLUMNS = tuple(COLUMNS)
ROSTER = Layout(ROSTER_COLUMNS, "citizen_id")


# Signature blocks and total rows after the last official.
_SIGNATURE = re.compile(
    r"^(nguoi lap|thu truong|ky,? ghi ro|\(ky|xac nhan|tong cong|tong so)"
    r"|ngay .{0,8}thang .{0,8}nam"
)
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class Sheet:
    """The header found in a file, and an iterator over its data rows."""

    columns: dict[str, int]  # column key -> index in a row
    headers: dict[str, str]  # column key -> header as written in the file
    extra_headers: list[str]
    duplicate_headers: list[str]
    rows: Iterator[tuple[int, list]] = field(repr=False)
    source: str = ""  # the format, and for text its encoding and separator, as read


def read_roster(data: bytes | io.BufferedIOBase, filename: str) -> Sheet:
    """Open a roster file and locate its header; raise RosterFileError with one clear message."""
    return read_sheet(data, filename, ROSTER)


def read_sheet(data: bytes | io.BufferedIOBase, filename: str, layout: Layout) -> Sheet:
    """Open a sheet of `layout` (.xlsx, .xls, .ods, .csv) and locate its header row among the
    first rows; raise RosterFileError with one clear message."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    raw = open_rows(stream, filename.lower())
    if raw is None:
        raise RosterFileError(
            _(
                "“%(name)s” is not a roster file: upload an Excel workbook (.xlsx, .xls), an "
                "OpenDocument spreadsheet (.ods) or a text file (.csv, .txt)."
            )
            % {"name": filename}
        )
    sheet = _locate_header(raw.rows, layout)
    sheet.source = raw.source
    return sheet


def _locate_header(raw_rows: Iterator[tuple[int, list]], layout: Layout = ROSTER) -> Sheet:
    column_of = layout.column_of
    head: list[tuple[int, list]] = []
    for item in raw_rows:
        head.append(item)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    if not any(any(_filled(v) for v in values) for _n, values in head):
        raise RosterFileError(_("The file is empty: it holds no rows."))
    scores = [sum(1 for v in values if column_of(v)) for _n, values in head]
    best = max(range(len(head)), key=lambda i: scores[i])
    if scores[best] < 2:
        raise _missing_columns([c.key for c in layout.columns if c.required], head, layout=layout)
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    extra: list[str] = []
    duplicates: list[str] = []
    header_rows = [head[best][1]]
    # A second header row under merged group cells ("Trình độ" over "Chuyên môn", ...).
    if best + 1 < len(head) and _is_sub_header(head[best][1], head[best + 1][1], column_of):
        header_rows.append(head[best + 1][1])
    for values in header_rows:
        for index, value in enumerate(values):
            if not _filled(value):
                continue
            key = column_of(value)
            text = str(value).strip()
            if key is None:
                if header_key(text) not in IGNORED_HEADERS and len(header_rows) == 1:
                    extra.append(text)
                continue
            if key in columns and columns[key] != index:
                duplicates.append(text)
                continue
            columns[key] = index
            headers[key] = text
    if len(header_rows) == 2:  # a header of the upper row over known sub-headers is a group name
        extra = [
            str(v).strip()
            for i, v in enumerate(header_rows[0])
            if _filled(v)
            and column_of(v) is None
            and header_key(v) not in IGNORED_HEADERS
            and not _covers_known(i, header_rows[1], column_of)
        ]
    missing = [
        key for key, column in layout.by_key.items() if column.required and key not in columns
    ]
    if missing:
        raise _missing_columns(missing, head, found=list(headers.values()), layout=layout)
    skip_to = best + len(header_rows)
    rest_of_head = head[skip_to:]
    rows = _data_rows(rest_of_head, raw_rows, columns, layout.key)
    return Sheet(columns, headers, extra, duplicates, rows)


def _covers_known(index: int, lower: list, column_of=column_of_header) -> bool:
    """Tell whether a group header at `index` sits over known sub-headers (merged cells)."""
    return index < len(lower) and column_of(lower[index]) is not None


def _is_sub_header(upper: list, lower: list, column_of_header=column_of_header) -> bool:
    """Tell whether `lower` is the second row of a merged header, never a row of data.

    Every filled cell of such a row is a header, and sits under a blank cell or a group name
    ("Trình độ" over "Chuyên môn"), never under a header of its own column.
    """
    filled = [(i, v) for i, v in enumerate(lower) if _filled(v)]
    if not any(column_of_header(v) for _i, v in filled):
        return False
    for index, value in filled:
        if not isinstance(value, str):
            return False
        if column_of_header(value) is None and header_key(value) not in IGNORED_HEADERS:
            return False
        if index < len(upper) and column_of_header(upper[index]) is not None:
            return False
    return True


def _missing_columns(missing, head, found=None, *, layout=ROSTER) -> RosterFileError:
    names = ", ".join(f"“{layout.by_key[key].header}”" for key in missing)
    if found is None:
        return RosterFileError(
            _(
                "No header row was found in the first %(count)s rows. The roster needs the "
                "columns %(names)s (see the roster layout)."
            )
            % {"count": HEADER_SEARCH_ROWS, "names": names}
        )
    return RosterFileError(
        _("The file lacks the required columns %(names)s. Columns found: %(found)s.")
        % {"names": names, "found": ", ".join(f"“{name}”" for name in found)}
    )


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _data_rows(head_rest, raw_rows, columns, key="citizen_id") -> Iterator[tuple[int, list]]:
    first = True
    id_index = columns[key]
    for number, values in _chain(head_rest, raw_rows):
        if not any(_filled(v) for v in values):
            continue
        if first:
            first = False
            if all(_NUMBERING.match(str(v).strip()) for v in values if _filled(v)):
                continue  # the "(1) (2) (3)" row under the header
        without_id = id_index >= len(values) or not _filled(values[id_index])
        if without_id and any(isinstance(v, str) and _SIGNATURE.search(fold(v)) for v in values):
            return  # the signature block or a total row: the list has ended
        yield number, values


def _chain(first, rest):
    yield from first
    yield from rest
