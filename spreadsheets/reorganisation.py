"""The reorganisation worksheet (bảng sắp xếp, bố trí, DESIGN §11.4) as a spreadsheet.

It keeps the §8 conventions: Vietnamese headers found among the first rows (title rows above,
an STT column, blank rows and a signature block ignored), a preview, all or nothing. The rows a
province edits: the new commune (code or name), the 2025 position, and the reason for not placing
(nghỉ hưu, thôi việc, chuyển công tác khác, chưa bố trí). The other columns are for reading.
"""

import datetime
import io

from django.utils.translation import gettext as _

from cadre_registry.xlsx import write_xlsx
from reorganisation.services import (
    Decision,
    Outcome,
    Proposal,
    ReorganisationError,
    reorganisation_apply,
)
from spreadsheets.parsing import CellError, parse_citizen_id, text_of
from spreadsheets.reader import Column, Layout, RosterFileError, UnreadableCell, read_sheet
from units.models import REFORM_DATE

COLUMNS = (
    Column("post_id", "Số quá trình công tác", True, ("Mã quá trình công tác", "Số QTCT")),
    Column("full_name", "Họ và tên", False, ("Họ tên",)),
    Column("date_of_birth", "Ngày sinh"),
    Column("citizen_id", "Số định danh cá nhân", True, ("Số CCCD", "CCCD", "Số định danh")),
    Column("legacy_code", "Mã xã cũ"),
    Column("legacy_commune", "Xã cũ"),
    Column("legacy_position", "Chức vụ, chức danh đến 30/06/2025", aliases=("Chức vụ cũ",)),
    Column("start_date", "Ngày bắt đầu"),
    Column("commune", "Xã mới", True, ("Xã, phường mới", "Đơn vị mới")),
    Column("commune_code", "Mã xã mới"),
    Column("position", "Chức vụ, chức danh từ 01/07/2025", True, ("Chức vụ mới", "Vị trí mới")),
    Column("reason", "Không bố trí (lý do)", True, ("Lý do không bố trí", "Không bố trí")),
    Column("meets", "Đạt chuẩn 2025", aliases=("Đạt chuẩn",)),
    Column("lacks", "Còn thiếu"),
    Column("note", "Ghi chú"),
)
LAYOUT = Layout(COLUMNS, "post_id")
HEADERS = [column.header for column in COLUMNS]
WIDTHS = [6, 12, 26, 12, 16, 9, 22, 30, 12, 22, 10, 34, 22, 10, 50, 40]


def worksheet_name(proposal: Proposal) -> str:
    return f"sap-xep-{proposal.province.code}-{proposal.on:%Y%m%d}.xlsx"


def _values(row) -> list:
    note = ""
    if row.is_split:
        note = _("Split commune: choose one of %(units)s") % {
            "units": ", ".join(str(unit) for unit in row.choices)
        }
    elif row.applied:
        note = _("Already applied")
    meets = "" if row.meets is None else (_("Yes") if row.meets else _("No"))
    return [
        row.post_id,
        row.full_name,
        row.date_of_birth,
        row.citizen_id,
        row.legacy_commune.code,
        row.legacy_commune.name,
        row.legacy_position_name,
        row.start_date,
        row.commune.name if row.commune and not row.reason else "",
        row.commune.code if row.commune and not row.reason else "",
        row.position_name,
        row.reason_label,
        meets,
        "; ".join(row.lacks),
        note,
    ]


def write_worksheet(proposal: Proposal, out) -> int:
    """Write the proposal to the binary stream `out` as .xlsx (text cells never formulas);
    return the rows written."""
    title = _("Reorganisation of commune officials: %(province)s, on %(date)s") % {
        "province": proposal.province,
        "date": proposal.on.strftime("%d/%m/%Y"),
    }
    advice = _(
        "Edit only the columns “Xã mới”, “Chức vụ, chức danh từ 01/07/2025” and "
        "“Không bố trí (lý do)” (nghỉ hưu, thôi việc, chuyển công tác khác, "
        "chưa bố trí); standard under regime %(regime)s."
    ) % {"regime": proposal.regime or "—"}
    count = len(proposal.rows)

    def rows():
        yield [title.upper()]
        yield [advice]
        yield []
        yield ["STT", *HEADERS]
        for number, row in enumerate(proposal.rows, start=1):
            yield [number, *_values(row)]

    write_xlsx(out, rows(), sheet_name=_("Reorganisation"), widths=WIDTHS, bold_rows=(1, 4))
    return count


def worksheet_bytes(proposal: Proposal) -> bytes:
    out = io.BytesIO()
    write_worksheet(proposal, out)
    return out.getvalue()


def _citizen_id(value) -> str:
    """Read a citizen ID as the roster import does (a number cell that lost its leading zero
    gets it back); anything else is kept as typed, for the row's own message."""
    try:
        return parse_citizen_id(value)
    except CellError:
        return text_of(value)


def read_worksheet(data: bytes, filename: str) -> list[Decision]:
    """Return the decisions of an uploaded worksheet; raise ReorganisationError when the file
    cannot be read as one, or a cell cannot be read (the message says why)."""
    try:
        sheet = read_sheet(data, filename, LAYOUT)
        decisions, problems = [], []
        for number, values in sheet.rows:
            texts = {}
            for key, index in sheet.columns.items():
                value = values[index] if index < len(values) else None
                if isinstance(value, UnreadableCell):
                    problems.append(
                        _("Row %(number)s, column “%(column)s”: %(problem)s")
                        % {"number": number, "column": sheet.headers[key], "problem": value.problem}
                    )
                    value = None
                texts[key] = _citizen_id(value) if key == "citizen_id" else text_of(value)
            decisions.append(
                Decision(
                    number=number,
                    post_id=texts.get("post_id", ""),
                    citizen_id=texts.get("citizen_id", ""),
                    commune=texts.get("commune") or texts.get("commune_code", ""),
                    commune_code=texts.get("commune_code", ""),
                    position=texts.get("position", ""),
                    reason=texts.get("reason", ""),
                )
            )
    except RosterFileError as exc:
        raise ReorganisationError([str(exc)]) from None
    if problems:
        raise ReorganisationError(problems)
    return decisions


def apply_worksheet(
    data: bytes,
    filename: str,
    *,
    province,
    actor,
    dry_run: bool,
    on: datetime.date = REFORM_DATE,
    on_wait=None,
    progress=None,
) -> Outcome:
    """Read an uploaded worksheet and apply it (a preview when `dry_run`): all rows or none.

    `progress(stage, done, total)` is told what is being done (see reorganisation_apply)."""
    if progress is not None:
        progress("reading", 0, None)
    decisions = read_worksheet(data, filename)
    return reorganisation_apply(
        province=province,
        decisions=decisions,
        actor=actor,
        on=on,
        dry_run=dry_run,
        on_wait=on_wait,
        progress=progress,
    )


def outcome_text(outcome) -> str:
    text = _(
        "%(placed)s placed, %(not_placed)s not placed, %(unchanged)s already reorganised "
        "(unchanged)."
    ) % {
        "placed": outcome.placed,
        "not_placed": outcome.not_placed,
        "unchanged": outcome.unchanged,
    }
    if outcome.dry_run:
        return _("Preview, nothing written: %(text)s") % {"text": text}
    return text


def report_summary(report) -> str:
    return _(
        "In post on 30/06/2025: %(before)s people; still waiting to be placed: %(waiting)s; "
        "lost: %(lost)s."
    ) % {"before": report.in_post_before, "waiting": report.waiting, "lost": len(report.lost)}
