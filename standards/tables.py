"""The compliance figures as rows with the public columns of DESIGN §10 (command, API, export)."""

import csv
import io
import json

from cadre_registry.cells import csv_text
from standards.compliance import Figures, Report

COLUMNS = [
    "unit_code",
    "unit_name",
    "unit_level",
    "officials",
    "compliant",
    "percent",
    "quota",
    "vacancies",
    "in_grace",
]


def figures_row(item: Figures) -> dict:
    """Return one row; `percent` with a dot and two decimals, empty when nobody is in post."""
    pct = item.percent
    return {
        "unit_code": item.unit.code,
        "unit_name": item.unit.name,
        "unit_level": item.unit.level,
        "officials": item.officials,
        "compliant": item.compliant,
        "percent": "" if pct is None else f"{pct:.2f}",
        "quota": item.quota,
        "vacancies": item.vacancies,
        "in_grace": item.in_grace,
    }


def report_rows(report: Report) -> list[dict]:
    return [figures_row(item) for item in report.rows()]


def as_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {key: "" if value is None else csv_text(value) for key, value in row.items()}
        )
    return out.getvalue()


def as_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)
