"""Real roster files (.xlsx with openpyxl, .csv with csv) built the way offices keep them."""

import csv
import datetime

import pytest
from openpyxl import Workbook

from spreadsheets.reader import COLUMNS

HEADERS = [column.header for column in COLUMNS]
KEYS = [column.key for column in COLUMNS]

GOOD = {
    "commune_code": "06496",
    "full_name": "Hoàng Thị Lan",
    "date_of_birth": "25/07/1982",
    "gender": "Nữ",
    "citizen_id": "020082004567",
    "ethnicity": "Tày",
    "party_member": "",
    "position": "Tài chính - kế toán",
    "start_date": "15/02/2016",
    "end_date": "",
    "general_education": "12/12",
    "professional": "Đại học",
    "professional_field": "Kế toán",
    "political_theory": "Trung cấp",
    "state_management": "",
    "it": "CNTT cơ bản",
    "foreign_language": "",
    "ethnic_language": "",
    "commune_class": "",
    "special_area": "",
}


def person(n: int, **changes) -> dict:
    """Return a valid roster row for the n-th test official."""
    row = dict(GOOD, full_name=f"Nguyễn Văn Thử {n}", citizen_id=f"{20080000000 + n:012d}")
    row.update(changes)
    return row


def write_xlsx(path, rows, *, headers=None, keys=None, before=(), after=(), stt=False):
    """Write rows (dicts by key) under `headers`, with title rows before and a footer after."""
    headers = list(headers or HEADERS)
    keys = list(keys or KEYS)
    book = Workbook()
    sheet = book.active
    for line in before:
        sheet.append(list(line))
    sheet.append((["STT"] if stt else []) + headers)
    for number, row in enumerate(rows, start=1):
        values = [row.get(key, "") for key in keys]
        sheet.append(([number] if stt else []) + [None if v == "" else v for v in values])
    for line in after:
        sheet.append(list(line))
    book.save(path)
    return path


def write_csv(path, rows, *, headers=None, keys=None, bom=True, delimiter=","):
    headers = list(headers or HEADERS)
    keys = list(keys or KEYS)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(key, "") for key in keys])
    return path


def run_import(path, **kwargs):
    from spreadsheets.services import import_roster

    kwargs.setdefault("dry_run", False)
    kwargs.setdefault("today", datetime.date(2026, 11, 30))
    with open(path, "rb") as handle:
        return import_roster(handle.read(), path.name, **kwargs)


def table_counts():
    from officials.models import Assignment, Credential, Official
    from units.models import AdministrativeUnit

    return (
        Official.objects.count(),
        Assignment.objects.count(),
        Credential.objects.count(),
        Official.history.count(),
        list(
            AdministrativeUnit.objects.filter(commune_class__gt="").values_list(
                "code", "commune_class"
            )
        ),
    )


@pytest.fixture
def units(chi_lang):
    """Lạng Sơn's units of both data sets."""
    return chi_lang
