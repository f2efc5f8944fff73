"""Write `data/roster_spellings.csv`: every spelling of issue 13 in a roster as offices keep it.

Run from the repository root: python -m tests.spreadsheets.make_spellings_sheet
"""

import csv
from pathlib import Path

from tests.spreadsheets.conftest import GOOD, HEADERS, KEYS
from tests.spreadsheets.spellings import FIELDS, POSITIONS, SPELLINGS

PATH = Path(__file__).parent / "data" / "roster_spellings.csv"
LEVEL_COLUMNS = [
    "general_education",
    "professional",
    "professional_field",
    "political_theory",
    "state_management",
    "it",
    "foreign_language",
    "ethnic_language",
]


def rows() -> list[dict]:
    """One official per spelling, each in a post named in a legal wording; a note on each."""
    cells = [{column: written} for column, written, _expected in SPELLINGS]
    cells += [{"professional": "Đại học", "professional_field": written} for written, _ in FIELDS]
    result = []
    for number, cell in enumerate(cells, start=1):
        row = dict(GOOD, **dict.fromkeys(LEVEL_COLUMNS, ""))
        row.update(
            full_name=f"Lương Văn Mẫu {number}",
            citizen_id=f"{20090000000 + number:012d}",
            position=POSITIONS[(number - 1) % len(POSITIONS)][0],
            note="đang học" if number % 2 else "",
            **cell,
        )
        result.append(row)
    return result


def main():
    PATH.parent.mkdir(exist_ok=True)
    with open(PATH, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*HEADERS, "Ghi chú"])
        for row in rows():
            writer.writerow([row[key] for key in KEYS] + [row["note"]])


if __name__ == "__main__":
    main()
