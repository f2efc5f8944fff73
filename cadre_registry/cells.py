"""Spreadsheet cells that no spreadsheet program evaluates, and that read back as written.

A text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and
LibreOffice when it arrives raw in a .csv, or as a formula cell in an .xlsx. In an .xlsx such a
text is written as a string cell, which no program evaluates, so it needs no prefix. In a .csv it
gets an apostrophe in front, the prefix spreadsheet programs show as text; the roster import takes
one apostrophe off a cell that the escaping would have produced (an apostrophe followed by more
apostrophes and one of those characters), so that every exported text reads back unchanged.
"""

import re

_FORMULA_START = "=+-@\t\r"
_NEEDS_ESCAPE = re.compile(f"^'*[{re.escape(_FORMULA_START)}]")
_ESCAPED = re.compile(f"^'+[{re.escape(_FORMULA_START)}]")


def csv_text(value):
    """Return `value` ready for a .csv cell: a text a program would evaluate gets a leading '."""
    if isinstance(value, str) and _NEEDS_ESCAPE.match(value):
        return "'" + value
    return value


def csv_unescaped(text: str) -> str:
    """Return a .csv cell as it was before `csv_text` (the inverse for every text)."""
    return text[1:] if _ESCAPED.match(text) else text


def inert(cell):
    """Make an openpyxl cell holding text a string cell, never a formula; return the cell."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell
