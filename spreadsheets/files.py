"""The raw rows of a spreadsheet file, whatever program wrote it (DESIGN §8, issues 10 and 19).

Each reader yields `(row number, [cell values])`, the values being str, int, float, bool,
datetime or None, text normalised to NFC. Every reader is bounded against hostile files: the
uncompressed size of each part of a zip is checked before it is read, XML is streamed and each row
freed once read, cell references and row numbers beyond a sheet's limits (XFD, 1,048,576) are
refused, and so is a part that piles up elements or bytes without ending a row.

- .xlsx: ElementTree over the sheet XML (openpyxl's read-only mode is four times slower).
- .xls: xlrd with ragged rows (python-calamine fills a dense grid: 1 GB for a 6 KB file whose
  only cells are A1 and IV65536; xlrd reads it in 25 MB).
- .ods: ElementTree over content.xml (calamine expands repeated rows and columns the same way;
  odfpy builds a DOM of the whole document).
- .csv / .txt: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258 when the whole
  file decodes cleanly; the separator is sniffed among comma, semicolon and tab.
"""

import codecs
import contextlib
import csv
import datetime
import io
import re
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError, XMLPullParser

import xlrd
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import from_excel

from cadre_registry.cells import csv_unescaped

MAX_ROWS = 1_048_576  # the last row of a worksheet
MAX_COLUMNS = 16_384  # XFD, the last column
MAX_CELLS = 40_000_000  # cells read in all; a national roster has about 4 million
MAX_PART_BYTES = 256 * 2**20  # uncompressed size of a worksheet or shared strings part
MAX_SMALL_PART_BYTES = 16 * 2**20  # workbook, relationships, styles: kilobytes in real files
MAX_TEXT_MEMORY = 96 * 2**20  # memory held by the shared strings of a workbook
MAX_PENDING_ELEMENTS = 200_000  # XML elements read without a row ending
MAX_PENDING_BYTES = 16 * 2**20  # XML bytes read without a row ending
XML_CHUNK = 1 << 16

ROWS = Iterator[tuple[int, list]]
# A damaged or encrypted zip: bad headers, bad deflate data, an unknown method, a password.
BROKEN_ZIP = (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError)


class RosterFileError(Exception):
    """The file as a whole cannot be read: not a spreadsheet, empty, or a required column lacks."""


@dataclass(frozen=True)
class UnreadableCell:
    """A cell whose value cannot be taken: a formula with no saved result, an error value."""

    ref: str
    text: str
    problem: str

    def __str__(self) -> str:
        return self.text


@dataclass
class RawSheet:
    rows: ROWS
    source: str  # "Excel 97-2003 (.xls)", "CSV, Windows-1258, separated by semicolons"


def not_a_spreadsheet() -> RosterFileError:
    return RosterFileError(
        _(
            "The file is not a spreadsheet that can be read: save it from Excel as "
            "“Excel Workbook (.xlsx)” or “CSV UTF-8” and upload it again."
        )
    )


def _beyond_limits(ref: str) -> RosterFileError:
    return RosterFileError(
        _(
            "The file refers to cell %(ref)s, beyond the last cell a worksheet can have "
            "(XFD1048576); it was not read. Copy the roster into a new workbook and upload it "
            "again."
        )
        % {"ref": ref[:20]}
    )


def _too_large_part(name: str, size: int, limit: int) -> RosterFileError:
    return RosterFileError(
        _(
            "The part “%(part)s” of the file unpacks to %(size)s MB, above the %(limit)s MB "
            "a roster may take; it was not read. Copy the roster into a new workbook and upload "
            "it again."
        )
        % {"part": name[:80], "size": f"{size / 2**20:.0f}", "limit": f"{limit / 2**20:.0f}"}
    )


def _too_complex() -> RosterFileError:
    return RosterFileError(
        _(
            "The file holds more than a worksheet can: a row too long, too many rows or cells, "
            "or a part that never ends a row. It was not read."
        )
    )


def open_rows(stream, name: str) -> RawSheet | None:
    """Return the raw rows of `stream` by what its bytes are; None when the name is not ours."""
    start = stream.read(8)
    stream.seek(0)
    if name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        if start.startswith(b"PK\x03\x04"):
            return _zip_rows(stream)
        if start == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            return RawSheet(_xls_rows(stream), _("Excel 97-2003 workbook (.xls)"))
        raise not_a_spreadsheet()
    if name.endswith((".csv", ".txt", ".tsv")):
        if start.startswith(b"PK\x03\x04"):
            raise not_a_spreadsheet()
        return text_rows(stream)
    return None


def nfc(text: str) -> str:
    """Return text in composed form, as typed (Windows-1258 writes tone marks apart)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# Zip packages (.xlsx, .ods) ------------------------------------------------------------------


def _zip_rows(stream) -> RawSheet:
    try:
        archive = zipfile.ZipFile(stream)
        names = set(archive.namelist())
    except (ValueError, *BROKEN_ZIP):
        raise not_a_spreadsheet() from None
    for info in archive.infolist():
        big = info.filename.startswith("xl/worksheets/") or info.filename in (
            "xl/sharedStrings.xml",
            "content.xml",
        )
        limit = MAX_PART_BYTES if big else MAX_SMALL_PART_BYTES
        if info.file_size > limit:
            raise _too_large_part(info.filename, info.file_size, limit)
    if "xl/workbook.xml" in names:
        return RawSheet(_xlsx_rows(archive), _("Excel workbook (.xlsx)"))
    if "content.xml" in names:
        return RawSheet(_ods_rows(archive), _("OpenDocument spreadsheet (.ods)"))
    raise not_a_spreadsheet()


def _events(archive, path, records: set[str], starts=frozenset(), ends=frozenset()):
    """Stream the XML part `path`; yield ("end", element) for the `records` and `ends` tags and
    ("start", element) for the `starts` tags.

    When a record has ended and been handed out, every open element drops its finished
    children, so memory holds one record at a time. A part that piles up elements or bytes
    without ending a record is refused.
    """
    parser = XMLPullParser(events=("start", "end"))
    stack: list = []
    push, pop = stack.append, stack.pop
    pending = fed = 0
    try:
        with archive.open(path) as member:
            while chunk := member.read(XML_CHUNK):
                parser.feed(chunk)
                fed += len(chunk)
                for event, element in parser.read_events():
                    if event == "start":
                        push(element)
                        if element.tag in starts:
                            yield event, element
                        continue
                    pop()
                    tag = element.tag
                    if tag in records:
                        yield event, element
                        for parent in stack:
                            del parent[:]
                        pending = fed = 0
                        continue
                    if tag in ends:
                        yield event, element
                    pending += 1
                    if pending > MAX_PENDING_ELEMENTS:
                        raise _too_complex()
                if fed > MAX_PENDING_BYTES:
                    raise _too_complex()
            parser.close()
    except (ParseError, KeyError, *BROKEN_ZIP):
        raise not_a_spreadsheet() from None


# XLSX ----------------------------------------------------------------------------------------

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_DIGITS = "0123456789"


def _xlsx_rows(archive) -> ROWS:
    try:
        sheet_path = _first_sheet_path(archive)
        strings = _shared_strings(archive)
        date_styles, epoch = _date_styles(archive)
    except (KeyError, ValueError, TypeError, AttributeError):
        raise not_a_spreadsheet() from None
    if sheet_path not in archive.namelist():
        raise not_a_spreadsheet()
    return _sheet_rows(archive, sheet_path, strings, date_styles, epoch)


def _first_sheet_path(archive) -> str:
    rels = {}
    relationship = f"{_PKG_REL_NS}Relationship"
    for _event, element in _events(archive, "xl/_rels/workbook.xml.rels", {relationship}):
        if element.tag == relationship:
            rels[element.get("Id")] = element.get("Target")
    for _event, element in _events(archive, "xl/workbook.xml", {f"{_NS}sheet"}):
        if element.get("state") not in ("hidden", "veryHidden"):
            target = rels[element.get(f"{_REL_NS}id")]
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError("no sheet")


def _shared_strings(archive) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings = []
    memory = 0
    si, text = f"{_NS}si", f"{_NS}t"
    for _event, element in _events(archive, "xl/sharedStrings.xml", {si}):
        value = nfc("".join(t.text or "" for t in element.iter(text)))
        memory += sys.getsizeof(value) + 8
        if memory > MAX_TEXT_MEMORY:
            raise _too_complex()
        strings.append(value)
    return strings


def _date_styles(archive) -> tuple[set[int], datetime.datetime]:
    """Return the indexes of the cell styles that show dates, and the workbook's date epoch."""
    epoch = datetime.datetime(1899, 12, 30)
    for _event, element in _events(archive, "xl/workbook.xml", set(), ends={f"{_NS}workbookPr"}):
        if element.get("date1904") in ("1", "true"):
            epoch = datetime.datetime(1904, 1, 1)
    if "xl/styles.xml" not in archive.namelist():
        return set(), epoch
    formats = dict(BUILTIN_FORMATS)
    styles: set[int] = set()
    index = 0
    in_cell_xfs = False
    num_fmt, xf, cell_xfs = f"{_NS}numFmt", f"{_NS}xf", f"{_NS}cellXfs"
    records = {num_fmt, xf}
    for event, element in _events(archive, "xl/styles.xml", records, {cell_xfs}, {cell_xfs}):
        if element.tag == cell_xfs:
            in_cell_xfs = event == "start"
        elif event != "end":
            continue
        elif element.tag == num_fmt:
            formats[int(element.get("numFmtId"))] = element.get("formatCode") or ""
        elif element.tag == xf and in_cell_xfs:
            if is_date_format(formats.get(int(element.get("numFmtId", 0)), "")):
                styles.add(index)
            index += 1
    return styles, epoch


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _sheet_rows(archive, path, strings, date_styles, epoch) -> ROWS:
    row_tag, cell_tag, value_tag = f"{_NS}row", f"{_NS}c", f"{_NS}v"
    inline_tag, formula_tag, text_tag = f"{_NS}is", f"{_NS}f", f"{_NS}t"
    sheet_data = f"{_NS}sheetData"
    columns: dict[str, int] = {}
    next_number = 1
    rows = cells = 0
    for _event, element in _events(archive, path, {row_tag}, ends={sheet_data}):
        if element.tag == sheet_data:
            return  # what follows the cells (merged ranges, print settings) is not read
        number = _row_number(element.get("r"), next_number)
        next_number = number + 1
        rows += 1
        if rows > MAX_ROWS or len(element) > MAX_COLUMNS:
            raise _too_complex()
        values: list = []
        for cell in element:
            if cell.tag != cell_tag:
                continue
            ref = cell.get("r")
            if ref:
                position = columns.get(ref.rstrip(_DIGITS))
                if position is None:
                    position = _cell_position(ref, columns)
            else:
                position = len(values)
                ref = f"{_column_letters(position)}{number}"
            if position >= MAX_COLUMNS:
                raise _beyond_limits(ref)
            # Text cells, most of a roster, are read here; other kinds by _xlsx_value.
            value = None
            if len(cell) == 1:
                kind, child = cell.get("t"), cell[0]
                if kind == "inlineStr" and child.tag == inline_tag and len(child) == 1:
                    if child[0].tag == text_tag:
                        value = child[0].text
                        if value and not value.isascii():
                            value = unicodedata.normalize("NFC", value)
                elif kind == "s" and child.tag == value_tag and child.text:
                    with contextlib.suppress(ValueError, IndexError):
                        value = strings[int(child.text)]
            if value is None:
                value = _xlsx_value(cell, ref, strings, date_styles, epoch, value_tag, inline_tag)
                if value is None and cell.find(formula_tag) is not None:
                    value = _formula_without_result(ref, cell.findtext(formula_tag) or "")
            if position == len(values):
                values.append(value)
                continue
            if position > len(values):
                values.extend([None] * (position - len(values) + 1))
            values[position] = value
        cells += len(values)
        if cells > MAX_CELLS:
            raise _too_complex()
        yield number, values


def _row_number(text, default: int) -> int:
    if text is None:
        number = default
    elif text.isdigit() and len(text) <= 7:
        number = int(text)
    else:
        raise _beyond_limits(f"A{text}")
    if not 1 <= number <= MAX_ROWS:
        raise _beyond_limits(f"A{number}")
    return number


def _cell_position(ref: str, columns: dict[str, int]) -> int:
    letters = ref.rstrip("0123456789")
    position = columns.get(letters)
    if position is None:
        match = _CELL_REF.fullmatch(ref)
        if match is None or int(match.group(2)) > MAX_ROWS:
            raise _beyond_limits(ref)
        position = _column_index(letters)
        if position >= MAX_COLUMNS:
            raise _beyond_limits(ref)
        columns[letters] = position
    return position


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _formula_without_result(ref: str, formula: str) -> UnreadableCell:
    return UnreadableCell(
        ref,
        f"={formula}"[:200],
        _(
            "is a formula whose result was not saved (cell %(ref)s); open the file in Excel or "
            "LibreOffice, save it and upload it again, or type the value"
        )
        % {"ref": ref},
    )


def _error_value(ref: str, text: str) -> UnreadableCell:
    return UnreadableCell(
        ref,
        text[:200],
        _("is an error value (cell %(ref)s); correct the cell or type the value") % {"ref": ref},
    )


def _xlsx_value(cell, ref, strings, date_styles, epoch, value_tag, inline_tag):
    kind = cell.get("t")
    if kind == "inlineStr":
        inline = cell.find(inline_tag)
        if inline is None:
            return None
        return nfc("".join(t.text or "" for t in inline.iter(f"{_NS}t")))
    raw = cell.findtext(value_tag)
    if not raw:  # no value, or the empty <v/> openpyxl writes under a formula
        return None
    try:
        if kind == "s":
            return strings[int(raw)]
        if kind == "str":
            return nfc(raw)
        if kind == "e":
            return _error_value(ref, raw)
        if kind == "b":
            return raw == "1"
        if kind == "d":
            return datetime.datetime.fromisoformat(raw)
        number = float(raw)
        style = cell.get("s")
        if style is not None and int(style) in date_styles:
            if epoch.year == 1904:
                return epoch + datetime.timedelta(days=number)
            return from_excel(number)
        return int(number) if number.is_integer() and "E" not in raw and "." not in raw else number
    except (ValueError, IndexError, OverflowError):
        return UnreadableCell(ref, raw[:200], _("cannot be read (cell %(ref)s)") % {"ref": ref})


# XLS -----------------------------------------------------------------------------------------


def _xls_rows(stream) -> ROWS:
    try:
        book = xlrd.open_workbook(
            file_contents=stream.read(), ragged_rows=True, on_demand=True, logfile=io.StringIO()
        )
        index = next(
            (i for i in range(book.nsheets) if book.sheet_by_index(i).visibility == 0), None
        )
        if index is None:
            raise not_a_spreadsheet()
        sheet = book.sheet_by_index(index)
    except Exception:  # xlrd fails on a damaged file with many kinds of error
        raise not_a_spreadsheet() from None
    return _xls_iter(book, sheet)


def _xls_iter(book, sheet) -> ROWS:
    cells = 0
    for row in range(min(sheet.nrows, MAX_ROWS)):
        values: list = []
        for column, (kind, value) in enumerate(
            zip(sheet.row_types(row), sheet.row_values(row), strict=True)
        ):
            if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                value = None
            elif kind == xlrd.XL_CELL_TEXT:
                value = nfc(value)
            elif kind == xlrd.XL_CELL_NUMBER:
                value = int(value) if float(value).is_integer() else value
            elif kind == xlrd.XL_CELL_DATE:
                try:
                    value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                except (ValueError, OverflowError):
                    value = UnreadableCell(
                        f"{_column_letters(column)}{row + 1}",
                        str(value),
                        _("cannot be read (cell %(ref)s)")
                        % {"ref": f"{_column_letters(column)}{row + 1}"},
                    )
            elif kind == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            elif kind == xlrd.XL_CELL_ERROR:
                text = xlrd.error_text_from_code.get(value, "#?")
                value = _error_value(f"{_column_letters(column)}{row + 1}", text)
            values.append(value)
        while values and values[-1] is None:
            values.pop()
        cells += len(values)
        if cells > MAX_CELLS:
            raise _too_complex()
        yield row + 1, values


# ODS -----------------------------------------------------------------------------------------

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _ods_rows(archive) -> ROWS:
    table, row_tag = f"{_TABLE}table", f"{_TABLE}table-row"
    number = 0
    cells = 0
    for _event, element in _events(archive, "content.xml", {row_tag}, ends={table}):
        if element.tag == table:
            return  # the first sheet only
        repeat = _repeat(element, f"{_TABLE}number-rows-repeated")
        values = _ods_cells(element, number + 1)
        if not values:
            number += repeat  # LibreOffice writes the empty rows below a sheet as one element
            if number > MAX_ROWS:
                return
            continue
        for _copy in range(repeat):
            number += 1
            if number > MAX_ROWS:
                raise _beyond_limits(f"A{number}")
            cells += len(values)
            if cells > MAX_CELLS:
                raise _too_complex()
            yield number, list(values)


def _repeat(element, attribute: str) -> int:
    text = element.get(attribute) or "1"
    if not text.isdigit() or len(text) > 8:
        raise _too_complex()
    return max(int(text), 1)


_CELL = f"{_TABLE}table-cell"
_COVERED = f"{_TABLE}covered-table-cell"
_COLUMNS_REPEATED = f"{_TABLE}number-columns-repeated"
_VALUE_TYPE, _FORMULA = f"{_OFFICE}value-type", f"{_TABLE}formula"
_PARAGRAPH = f"{_TEXT}p"


def _ods_cells(row, number: int) -> list:
    values: list = []
    position = 0
    for cell in row:
        tag = cell.tag
        if tag != _CELL and tag != _COVERED:
            continue
        repeat = _repeat(cell, _COLUMNS_REPEATED) if cell.get(_COLUMNS_REPEATED) else 1
        value = _ods_value(cell, position, number) if tag == _CELL else None
        if value is not None:
            if position + repeat > MAX_COLUMNS:
                raise _beyond_limits(f"{_column_letters(MAX_COLUMNS)}{number}")
            values.extend([None] * (position - len(values)))
            values.extend([value] * repeat)
        position += repeat
    return values


_VALUE, _DATE_VALUE = f"{_OFFICE}value", f"{_OFFICE}date-value"
_BOOLEAN_VALUE, _STRING_VALUE = f"{_OFFICE}boolean-value", f"{_OFFICE}string-value"


def _ods_value(cell, position: int, number: int):
    kind = cell.get(_VALUE_TYPE)
    formula = cell.get(_FORMULA)
    if kind is None and formula is None and not len(cell):
        return None  # an empty cell with a style
    try:
        if kind in ("float", "percentage", "currency"):
            raw = cell.get(_VALUE) or "0"
            value = float(raw)
            plain = "." not in raw and "E" not in raw.upper()
            return int(value) if value.is_integer() and plain else value
        if kind == "date":
            return datetime.datetime.fromisoformat(cell.get(_DATE_VALUE) or "")
        if kind == "boolean":
            return cell.get(_BOOLEAN_VALUE) == "true"
    except (ValueError, OverflowError):
        ref = _ods_ref(position, number)
        raw = cell.get(_VALUE) or cell.get(_DATE_VALUE) or "?"
        return UnreadableCell(ref, raw[:200], _("cannot be read (cell %(ref)s)") % {"ref": ref})
    if kind is None and formula:
        return _formula_without_result(_ods_ref(position, number), formula.split("=", 1)[-1])
    text = cell.get(_STRING_VALUE)
    if text is None:
        paragraphs = [_ods_text(p) for p in cell if p.tag == _PARAGRAPH]
        text = "\n".join(paragraphs) if paragraphs else None
    if not text:
        return None
    if formula and text.startswith(("#", "Err:")):
        return _error_value(_ods_ref(position, number), text)
    return nfc(text)


def _ods_ref(position: int, number: int) -> str:
    return f"{_column_letters(min(position, MAX_COLUMNS - 1))}{number}"


def _ods_text(element) -> str:
    """Return the text of a paragraph: spans, runs of spaces (text:s), tabs and line breaks."""
    if not len(element):
        return element.text or ""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_TEXT}s":
            parts.append(" " * min(_repeat(child, f"{_TEXT}c"), 1000))
        elif child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        else:
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# CSV and tab-separated text ------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_rows(stream) -> RawSheet:
    """Decode CSV or tab-separated text by what it is; refuse text in no known encoding."""
    encoding, label = _text_encoding(stream)
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    sample = text.read(65536)
    if _CONTROL.search(sample):
        text.detach()
        raise not_a_spreadsheet()
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = "\t" if "\t" in sample.split("\n", 1)[0] else ","
    text.seek(0)
    separator = {
        ",": _("separated by commas"),
        ";": _("separated by semicolons"),
        "\t": _("separated by tabs"),
    }[delimiter]
    source = _("text (%(encoding)s, %(separator)s)") % {
        "encoding": label,
        "separator": separator,
    }
    return RawSheet(_csv_iter(text, delimiter), source)


def _text_encoding(stream) -> tuple[str, str]:
    start = stream.read(4)
    stream.seek(0)
    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", _("UTF-8 with a byte-order mark")
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if _decodes(stream, "utf-16"):
            return "utf-16", _("UTF-16 (Excel “Unicode Text”)")
        raise _not_text()
    if _decodes(stream, "utf-8"):
        return "utf-8", "UTF-8"
    if _decodes(stream, "cp1258"):
        return "cp1258", _("Windows-1258 (Vietnamese Windows)")
    raise _not_text()


def _decodes(stream, encoding: str) -> bool:
    """Tell whether the whole stream decodes cleanly, without keeping the text."""
    decoder = codecs.getincrementaldecoder(encoding)()
    stream.seek(0)
    try:
        while chunk := stream.read(1 << 20):
            if b"\x00" in chunk and encoding != "utf-16":
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    return True


def _not_text() -> RosterFileError:
    return RosterFileError(
        _(
            "The text file is neither UTF-8, UTF-16 nor Windows-1258: in Excel choose “Save as” "
            "→ “CSV UTF-8 (Comma delimited)” and upload it again."
        )
    )


def _csv_iter(text, delimiter) -> ROWS:
    cells = 0
    try:
        for number, row in enumerate(csv.reader(text, delimiter=delimiter), start=1):
            if number > MAX_ROWS or len(row) > MAX_COLUMNS:
                raise _too_complex()
            cells += len(row)
            if cells > MAX_CELLS:
                raise _too_complex()
            yield number, [nfc(csv_unescaped(value)) for value in row]
    except UnicodeDecodeError:
        raise _not_text() from None
    except csv.Error as exc:
        raise RosterFileError(
            _("The CSV file cannot be read: %(problem)s") % {"problem": exc}
        ) from None
