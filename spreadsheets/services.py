"""Roster import (DESIGN §8): preview, then all or nothing, written in bulk with history.

The file is read in chunks; each chunk is cleaned, compared with the registry and written inside
one transaction, so that later rows see what earlier rows wrote (the history rows of a chunk are
written while the next chunk is read). A preview (dry run) or any row error rolls the whole
transaction back: nothing is written.
"""

import contextlib
import datetime
import functools
import gc
import itertools
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts import access as accounts_access
from accounts.entries import identity_change_request
from cadre_registry.bulk import Pipelined, insert_with_history, reserve_ids, unsaved
from cadre_registry.db import ANALYZE_MIN_ROWS, advisory_xact_lock, analyze
from cadre_registry.text import fold
from figures.versions import catalogue_changed
from officials.levels import Dimension, level_label, rank
from officials.models import (
    Assignment,
    Credential,
    IdentityChange,
    Official,
    Verification,
    post_problems,
)
from spreadsheets import access
from spreadsheets.models import ConfirmedImport
from spreadsheets.parsing import (
    EXPORT_LABELS,
    CellError,
    LevelEntry,
    clean_field,
    language_key,
    read_by_folding,
    spoken_only,
    text_of,
)
from spreadsheets.reader import (
    COLUMN_BY_KEY,
    COLUMNS,
    RosterFileError,
    Sheet,
    UnreadableCell,
    read_roster,
)
from spreadsheets.resources import RosterResource, render_entry
from standards.compliance import CATALOGUE_MODELS
from standards.models import Position
from units.models import REFORM_DATE, AdministrativeUnit, Dataset, Level, dataset_on

CHUNK_SIZE = 2000
DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024  # a national roster (170,000 rows) is about 15 MB
PREVIEW_ROWS = 500
MAX_LISTED_ISSUES = 5000
REASON_LENGTH = 100  # simple_history's history_change_reason column
DIMENSIONS = list(Dimension.values)
CACHE_SIZE = 20_000
# Columns whose values repeat down a roster: their cleaning is cached within an import.
CACHED_COLUMNS = {
    "commune_code",
    "gender",
    "ethnicity",
    "party_member",
    "position",
    "start_date",
    "end_date",
    "professional_field",
    "commune_class",
    "special_area",
    "religion",
    "from_district",
    *DIMENSIONS,
}


class Status(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(slots=True)
class Issue:
    row: int
    column: str
    value: str
    text: str
    warning: bool = False


@dataclass(slots=True)
class Change:
    """One value a row changes: what, the value on record (blank when none) and the new one."""

    what: str
    old: str
    new: str

    def __str__(self) -> str:
        if self.old:
            return f"{self.what}: {self.old} → {self.new}"
        return f"{self.what}: {self.new}"


@dataclass(slots=True)
class RowSummary:
    number: int
    status: Status
    full_name: str
    citizen_id: str
    position: str
    commune: str
    changes: list[Change] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)  # values read only by folding
    official: Official | None = field(default=None, repr=False, compare=False)

    @property
    def official_id(self) -> int | None:
        """The person's id once written (links after the import)."""
        return self.official.pk if self.official is not None else None


# Rows that change something come first in the preview, errors first of all.
STATUS_ORDER = {Status.ERROR: 0, Status.NEW: 1, Status.UPDATED: 2, Status.UNCHANGED: 3}


@dataclass
class ImportReport:
    """What an import found (and, unless a preview or refused, wrote)."""

    filename: str = ""
    counts: Counter = field(default_factory=Counter)
    rows: list[RowSummary] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    file_error: str = ""
    committed: bool = False
    dry_run: bool = True
    seconds: float = 0.0
    rows_omitted: int = 0
    source: str = ""  # the format read, and for text its encoding and separator
    already: str = ""  # the preview was confirmed before: what that confirmation did

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def has_errors(self) -> bool:
        return bool(self.file_error or self.counts[Status.ERROR])

    @property
    def nothing_changes(self) -> bool:
        return not self.has_errors and self.total == self.counts[Status.UNCHANGED]

    def summary(self) -> str:
        if self.file_error:
            return self.file_error
        return _(
            "%(total)s rows: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
            "%(error)s with errors."
        ) % {
            "total": self.total,
            "new": self.counts[Status.NEW],
            "updated": self.counts[Status.UPDATED],
            "unchanged": self.counts[Status.UNCHANGED],
            "error": self.counts[Status.ERROR],
        }

    def changed_people(self) -> list[tuple[int, str]]:
        """Return (id, full name) of each person a committed import created or changed."""
        if not self.committed:
            return []
        people = {}
        for row in self.rows:
            if row.status in (Status.NEW, Status.UPDATED) and row.official_id is not None:
                people.setdefault(row.official_id, row.full_name)
        return list(people.items())

    @property
    def changes_omitted(self) -> int:
        """How many new or updated rows the report counts but does not list."""
        listed = sum(row.status in (Status.NEW, Status.UPDATED) for row in self.rows)
        return self.counts[Status.NEW] + self.counts[Status.UPDATED] - listed

    def outcome(self) -> str:
        if self.already:
            return self.already
        if self.has_errors:
            return _("Nothing was written: correct the rows above and import the file again.")
        if self.nothing_changes:
            return _("The file matches the registry: nothing changes.")
        if self.committed:
            return _("The roster was imported.")
        return _("Nothing has been written yet: confirm to import.")


def issue_text(row: int, column: str, value: str, problem: str, suggestion=None) -> str:
    text = _("Row %(row)s, column “%(column)s”, value “%(value)s”: %(problem)s.") % {
        "row": row,
        "column": column,
        "value": value,
        "problem": problem,
    }
    if suggestion:
        text += " " + _("Did you mean “%(suggestion)s”?") % {"suggestion": suggestion}
    return text


@dataclass(slots=True)
class CleanRow:
    number: int
    citizen_id: str
    full_name: str
    date_of_birth: datetime.date
    gender: str
    ethnicity: str
    party_member: bool | None  # None: the cell is blank
    party_joined_on: datetime.date | None
    position: Position
    commune: "CommuneInfo"
    start_date: datetime.date
    end_date: datetime.date | None
    entries: list[LevelEntry]
    commune_class: str | None
    special_area: bool | None
    religion: str | None = None  # None: the cell is blank; "": none ("Không")
    from_district: bool | None = None
    corrections: list[str] = field(default_factory=list)


@dataclass(slots=True)
class CommuneInfo:
    pk: int
    code: str
    name: str
    level: str
    commune_class: str
    special_area: bool
    changed: bool = False
    dataset: str = ""


class CommuneIndex:
    """Every unit of both data sets by (data set, code), read once per import."""

    def __init__(self):
        self.units: dict[tuple[str, str], CommuneInfo] = {}
        fields_ = ("pk", "dataset", "code", "name", "level", "commune_class", "special_area")
        for (
            pk,
            dataset,
            code,
            name,
            level,
            klass,
            special,
        ) in AdministrativeUnit.objects.values_list(*fields_):
            self.units[(dataset, code)] = CommuneInfo(
                pk, code, name, level, klass, special, dataset=dataset
            )

    def get(self, dataset: str, code: str) -> CommuneInfo | None:
        return self.units.get((dataset, code))


class RosterImport:
    """One import run: clean, compare and write the rows of a sheet."""

    IDENTITY_COLUMNS = ("full_name", "date_of_birth", "gender", "ethnicity", "party_member")

    def __init__(
        self,
        *,
        user=None,
        today: datetime.date | None = None,
        chunk_size=CHUNK_SIZE,
        confirmation: str = "",
        previewed_at: datetime.datetime | None = None,
        on_wait=None,
        progress=None,
    ):
        self.user = user
        self.progress = progress  # progress(stage, rows done, total or None), when given
        self.confirmation = confirmation
        self.previewed_at = previewed_at
        self.on_wait = on_wait
        self.started_at = timezone.now()
        self.today = today or datetime.date.today()
        self.chunk_size = chunk_size
        self.positions = list(Position.objects.all())
        self.resource = RosterResource(self.positions)
        self.communes = CommuneIndex()
        self.editable = access.editable_commune_ids(user)
        self.verified_communes = access.verified_commune_ids(user)
        self.entry_states = accounts_access.entry_states(user, communes=self.editable or ())[
            "communes"
        ]
        self.people: dict[str, tuple] = {}
        self.posts: dict[int, int] = {}
        self.commune_rows: dict[int, tuple] = {}
        self.cache: dict[str, dict] = {}  # per column: raw value -> (clean value, error)
        self.later = Pipelined()  # the history rows of a chunk, written while the next is read
        self.plan: tuple | None = None  # (sheet, cleaning per column, ignored columns)
        self.report = ImportReport()
        self.changed_rows: list[RowSummary] = []  # new and updated rows, listed after errors
        self.unchanged_rows: list[RowSummary] = []
        # Commune class and special area: district or province staff only (DESIGN §8 table).
        self.sets_commune_facts = self.verified_communes is None or bool(self.verified_communes)
        self.ignored_commune_facts = False

    # The run ----------------------------------------------------------------------------------

    def run(self, data, filename: str, *, dry_run: bool) -> ImportReport:
        with fewer_collections():
            return self._run(data, filename, dry_run=dry_run)

    def _run(self, data, filename: str, *, dry_run: bool) -> ImportReport:
        report = self.report
        report.filename, report.dry_run = filename, dry_run
        started = time.perf_counter()
        try:
            sheet = read_roster(data, filename)
            report.source = sheet.source
            self._notes(sheet)
            with transaction.atomic():
                if hold_import_lock(on_wait=self.on_wait):
                    report.notes.append(waited_message())
                self.started_at = timezone.now()
                if self._already_confirmed():
                    return report
                done = 0
                try:
                    for chunk in itertools.batched(sheet.rows, self.chunk_size):
                        self._chunk(sheet, chunk)
                        done += len(chunk)
                        if self.progress is not None:
                            self.progress("importing", done, None)
                finally:
                    self.later.wait()
                if not report.total and not report.file_error:
                    report.file_error = _("The file holds a header but no rows of officials.")
                if self.ignored_commune_facts:
                    report.notes.append(ignored_commune_facts_note(sheet))
                self._write_communes()
                if dry_run or report.has_errors:
                    transaction.set_rollback(True)
                else:
                    report.committed = True
                    self._record_confirmation(filename)
        except RosterFileError as exc:
            report.file_error = str(exc)
        except (IntegrityError, DatabaseError) as exc:
            report.file_error = _(
                "The registry changed while the file was being imported (%(problem)s); nothing "
                "was written. Import the file again."
            ) % {"problem": str(exc).splitlines()[0]}
            report.committed = False
        room = PREVIEW_ROWS - len(self.changed_rows)
        report.rows_omitted += max(0, len(self.unchanged_rows) - room)
        report.rows += self.changed_rows + self.unchanged_rows[:room]
        report.rows.sort(key=lambda row: (STATUS_ORDER[row.status], row.number))
        report.seconds = time.perf_counter() - started
        return report

    def _already_confirmed(self) -> bool:
        """Tell whether this preview was confirmed before (two tabs, a double click)."""
        if not self.confirmation:
            return False
        done = ConfirmedImport.objects.filter(token=self.confirmation).first()
        if done is None:
            return False
        self.report.already = already_imported_message(done)
        return True

    def _record_confirmation(self, filename: str) -> None:
        if self.confirmation and self.user is not None:
            ConfirmedImport.objects.create(
                token=self.confirmation,
                user=self.user,
                filename=filename[:255],
                summary=self.report.summary(),
            )

    def _notes(self, sheet: Sheet):
        if sheet.extra_headers:
            self.report.notes.append(
                _("Columns not in the roster layout were ignored: %(columns)s.")
                % {"columns": ", ".join(f"“{name}”" for name in sheet.extra_headers)}
            )
        if sheet.duplicate_headers:
            self.report.notes.append(
                _("Columns given twice; the first of each was read: %(columns)s.")
                % {"columns": ", ".join(f"“{name}”" for name in sheet.duplicate_headers)}
            )

    # One chunk --------------------------------------------------------------------------------

    def _chunk(self, sheet: Sheet, chunk):
        cleaned = []
        for number, values in chunk:
            row = self._clean(sheet, number, values)
            if row is not None:
                cleaned.append(row)
        state = _ChunkState(
            {row.citizen_id for row in cleaned},
            user=self.user,
            changed_between=(self.previewed_at, self.started_at) if self.previewed_at else None,
        )
        for row in cleaned:
            self._apply(sheet, row, state)
        state.write(self.user, self.report.filename, self.later)

    def _add_issue(self, number, column_key, sheet, raw, problem, suggestion=None, warning=False):
        header = sheet.headers.get(column_key) or COLUMN_BY_KEY[column_key].header
        value = text_of(raw)
        issue = Issue(
            number, header, value, issue_text(number, header, value, problem, suggestion), warning
        )
        target = self.report.warnings if warning else self.report.errors
        if len(target) < MAX_LISTED_ISSUES:
            target.append(issue)

    def _plan(self, sheet: Sheet) -> tuple[list, list]:
        """Return, per column of the layout, what cleaning a row's cell takes (the column, its
        index in the row or None, the cell's cleaner, the cache of its repeated values), and the
        (key, index) of the columns read only to say they are ignored."""
        if self.plan is None or self.plan[0] is not sheet:
            plan = [
                (
                    column,
                    sheet.columns.get(column.key),
                    functools.partial(self.resource.widget(column.key).clean, today=self.today),
                    self.cache.setdefault(column.key, {}) if column.key in CACHED_COLUMNS else None,
                )
                for column in COLUMNS
                if self.sets_commune_facts or column.key not in COMMUNE_FACTS
            ]
            # Read only to say they are ignored.
            ignored = (
                []
                if self.sets_commune_facts
                else [(key, sheet.columns.get(key)) for key in COMMUNE_FACTS]
            )
            self.plan = (sheet, plan, ignored)
        return self.plan[1:]

    def _clean(self, sheet: Sheet, number: int, values: list) -> CleanRow | None:
        cells = {}
        raws = {}
        failed = False
        length = len(values)
        plan, ignored = self._plan(sheet)
        for key, index in ignored:
            raws[key] = raw = values[index] if index is not None and index < length else None
            self.ignored_commune_facts |= bool(text_of(raw))
        for column, index, clean, cache in plan:
            key = column.key
            raw = values[index] if index is not None and index < length else None
            raws[key] = raw
            if column.required and _blank(raw):
                self._add_issue(number, key, sheet, raw, _("is empty; this column is required"))
                failed = True
                continue
            try:
                cells[key] = self._clean_cell(clean, cache, raw)
            except CellError as exc:
                self._add_issue(number, key, sheet, raw, exc.problem, exc.suggestion)
                failed = True
        commune = self._commune(sheet, number, raws, cells)
        failed = failed or commune is None
        if not failed:
            failed = self._check_dates(sheet, number, raws, cells, commune)
        entries = self._entries(sheet, number, raws, cells)
        if entries is None or failed:
            self._summary(number, Status.ERROR, cells, raws)
            return None
        if not self._may_set_commune_facts(commune):
            for key in COMMUNE_FACTS:
                self.ignored_commune_facts |= cells.pop(key, None) is not None
        party = cells.get("party_member")
        return CleanRow(
            number=number,
            citizen_id=cells["citizen_id"],
            full_name=cells["full_name"],
            date_of_birth=cells["date_of_birth"],
            gender=cells["gender"],
            ethnicity=cells.get("ethnicity") or "",
            party_member=party.member if party is not None else None,
            party_joined_on=party.joined_on if party is not None else None,
            position=cells["position"],
            commune=commune,
            start_date=cells["start_date"],
            end_date=cells.get("end_date"),
            entries=entries,
            commune_class=cells.get("commune_class"),
            special_area=cells.get("special_area"),
            religion=cells.get("religion"),
            from_district=cells.get("from_district"),
            corrections=_corrections(raws, entries),
        )

    def _may_set_commune_facts(self, commune: CommuneInfo) -> bool:
        return self.verified_communes is None or commune.pk in self.verified_communes

    def _clean_cell(self, clean, cache: dict | None, raw):
        """Return the clean value of a cell; the values that repeat down a column are cached."""
        if isinstance(raw, UnreadableCell):
            raise CellError(raw.problem)
        if cache is None:
            return clean(raw)
        cache_key = raw if type(raw) is str else (type(raw), raw)  # 1, 1.0 and True differ
        found = cache.get(cache_key)
        if found is None:
            if len(cache) > CACHE_SIZE:
                cache.clear()
            try:
                found = (clean(raw), None)
            except CellError as exc:
                found = (None, exc)
            cache[cache_key] = found
        if found[1] is not None:
            raise found[1]
        return found[0]

    def _commune(self, sheet, number, raws, cells) -> CommuneInfo | None:
        code = cells.get("commune_code")
        if code is None:
            return None
        start = cells.get("start_date")
        dataset = dataset_on(start) if start else Dataset.LEGACY
        unit = self.communes.get(dataset, code.zfill(5)) or self.communes.get(dataset, code)
        if unit is None:
            other = Dataset.LEGACY if dataset == Dataset.Y2025 else Dataset.Y2025
            elsewhere = self.communes.get(other, code.zfill(5)) or self.communes.get(other, code)
            if start is None and elsewhere:
                return None  # the start date is wrong; its own message says so
            if elsewhere is not None and elsewhere.level == Level.COMMUNE:
                # A commune of the other side of the 2025 reform: name the one to use (§11.2).
                found = post_problems(position=None, commune=elsewhere, start=start, end=None)
                problem = found["commune"]
            elif dataset == Dataset.LEGACY:
                problem = _(
                    "no commune has this code among the units valid before %(date)s, when the "
                    "post starts"
                ) % {"date": REFORM_DATE.strftime("%d/%m/%Y")}
            else:
                problem = _(
                    "no commune has this code among the units valid from %(date)s, when the "
                    "post starts"
                ) % {"date": REFORM_DATE.strftime("%d/%m/%Y")}
            self._add_issue(number, "commune_code", sheet, raws["commune_code"], problem)
            return None
        if unit.level != Level.COMMUNE:
            self._add_issue(
                number,
                "commune_code",
                sheet,
                raws["commune_code"],
                _("names %(unit)s, which is not a commune, ward or township") % {"unit": unit.name},
            )
            return None
        if self.editable is not None and unit.pk not in self.editable:
            self._add_issue(
                number,
                "commune_code",
                sheet,
                raws["commune_code"],
                _("%(unit)s is outside the communes you may change") % {"unit": unit.name},
            )
            return None
        return unit

    def _check_dates(self, sheet, number, raws, cells, commune) -> bool:
        start, end = cells["start_date"], cells.get("end_date")
        position = cells["position"]
        failed = False
        if start <= cells["date_of_birth"]:
            problem = _("is not after the date of birth")
            self._add_issue(number, "start_date", sheet, raws["start_date"], problem)
            failed = True
        if end is not None and end < start:
            problem = _("is before the start date")
            self._add_issue(number, "end_date", sheet, raws["end_date"], problem)
            failed = True
        found = post_problems(position=position, commune=commune, start=start, end=end)
        for name, problem in found.items():
            column = {"commune": "commune_code"}.get(name, name)
            self._add_issue(number, column, sheet, raws[column], problem)
            failed = True
        return failed

    def _entries(self, sheet, number, raws, cells) -> list[LevelEntry] | None:
        """Return the credentials a row names, the fields of "Chuyên ngành" paired with levels."""
        entries = []
        for dimension in DIMENSIONS:
            found = cells.get(dimension)
            if found is None and raws.get(dimension) is not None and text_of(raws[dimension]):
                return None  # unreadable; already reported
            entries.extend(found or [])
        ethnic = raws.get(Dimension.ETHNIC_LANGUAGE)
        if ethnic is not None and spoken_only(text_of(ethnic)):
            self._add_issue(
                number,
                Dimension.ETHNIC_LANGUAGE,
                sheet,
                ethnic,
                _("names a spoken language without a certificate; recorded as none"),
                warning=True,
            )
        fields_ = cells.get("professional_field") or []
        if not fields_:
            return entries
        professional = [e for e in entries if e.dimension == Dimension.PROFESSIONAL]
        if not professional:
            self._add_issue(
                number,
                "professional_field",
                sheet,
                raws["professional_field"],
                _("gives a field but “%(column)s” gives no level; the field was ignored")
                % {"column": COLUMN_BY_KEY["professional"].header},
                warning=True,
            )
            return entries
        if len(professional) == 1:
            paired = [clean_field(text_of(raws["professional_field"]))]
        elif len(fields_) == len(professional):
            paired = fields_
        else:
            self._add_issue(
                number,
                "professional_field",
                sheet,
                raws["professional_field"],
                _(
                    "gives %(fields)s fields for %(levels)s levels; give one field per level, "
                    "separated by “;”"
                )
                % {"fields": len(fields_), "levels": len(professional)},
            )
            return None
        by_position = iter(paired)
        return [
            LevelEntry(e.dimension, e.level, field=next(by_position) or e.field)
            if e.dimension == Dimension.PROFESSIONAL
            else e
            for e in entries
        ]

    def _summary(self, number, status, cells, raws, changes=None, *, row=None, official=None):
        self.report.counts[status] += 1
        # Errors are all listed (up to the issue limit); of the others, the first PREVIEW_ROWS,
        # changes before unchanged rows (the unchanged ones are kept aside until the end).
        listed = {Status.ERROR: self.report.rows, Status.UNCHANGED: self.unchanged_rows}.get(
            status, self.changed_rows
        )
        if status != Status.ERROR and len(listed) >= PREVIEW_ROWS:
            self.report.rows_omitted += 1
            return
        if len(self.report.rows) >= MAX_LISTED_ISSUES:
            self.report.rows_omitted += 1
            return
        position = cells.get("position")
        listed.append(
            RowSummary(
                number,
                status,
                cells.get("full_name") or text_of(raws.get("full_name")),
                cells.get("citizen_id") or text_of(raws.get("citizen_id")),
                position.name if isinstance(position, Position) else text_of(raws.get("position")),
                cells.get("commune_code") or text_of(raws.get("commune_code")),
                changes or [],
                row.corrections if row is not None else [],
                official,
            )
        )

    # Compare and plan -------------------------------------------------------------------------

    def _apply(self, sheet: Sheet, row: CleanRow, state: "_ChunkState"):
        cells = {
            "full_name": row.full_name,
            "citizen_id": row.citizen_id,
            "position": row.position,
            "commune_code": row.commune.code,
        }
        if not self._consistent(sheet, row, state):
            self._summary(row.number, Status.ERROR, cells, {}, row=row)
            return
        if row.citizen_id in state.history_only:
            self._summary(row.number, Status.UNCHANGED, cells, {}, row=row)
            return
        changes: list[Change] = []
        official = state.official(row, changes, self._verification(row))
        post_new = state.post(row, official, changes, self._verification(row))
        self._credentials(sheet, row, official, state, changes)
        self._commune_changes(row, changes)
        status = Status.NEW if post_new else Status.UPDATED if changes else Status.UNCHANGED
        if status != Status.UNCHANGED and official.pk in state.changed_after_preview:
            when, who = state.changed_after_preview[official.pk]
            problem = _(
                "this person was changed by %(who)s at %(when)s, after the preview; nothing was "
                "written: preview the file again to see the record as it is now"
            ) % {
                "who": who or _("someone else"),
                "when": formats.date_format(timezone.localtime(when), "d/m/Y H:i:s"),
            }
            self._add_issue(row.number, "citizen_id", sheet, row.citizen_id, problem)
            status, changes = Status.ERROR, []
        self._summary(row.number, status, cells, {}, changes, row=row, official=official)

    def _consistent(self, sheet: Sheet, row: CleanRow, state: "_ChunkState") -> bool:
        """Check a row against the earlier rows of the file and the posts on record."""
        ok = True
        identity = (
            row.number,
            row.full_name,
            row.date_of_birth,
            row.gender,
            row.ethnicity,
            row.party_joined_on,
        )
        earlier = self.people.setdefault(row.citizen_id, identity)
        if earlier is not identity:
            for index, column in enumerate(self.IDENTITY_COLUMNS, start=1):
                if earlier[index] != identity[index] and earlier[index] and identity[index]:
                    problem = _(
                        "differs from row %(row)s for the same citizen ID; one person has one "
                        "%(what)s"
                    ) % {"row": earlier[0], "what": COLUMN_BY_KEY[column].header}
                    self._add_issue(row.number, column, sheet, identity[index], problem)
                    ok = False
        official = state.officials.get(row.citizen_id)
        if official is not None and official.pk is not None and not state.may_edit(official):
            if not (state.may_read(official) and _on_record(row, official, state)):
                problem = _(
                    "this citizen ID is registered in a unit outside the communes you manage; a "
                    "transfer is entered by the staff of a unit covering both communes"
                )
                self._add_issue(row.number, "citizen_id", sheet, row.citizen_id, problem)
                return False
            state.history_only.add(row.citizen_id)  # read-only history: it must match the record
        if official is not None and official.removed_at is not None:
            problem = _(
                "belongs to an official who was removed from the registry; a superuser can "
                "restore them before the import"
            )
            self._add_issue(row.number, "citizen_id", sheet, row.citizen_id, problem)
            ok = False
        post_key = hash((row.citizen_id, row.position.pk, row.commune.pk, row.start_date))
        first = self.posts.setdefault(post_key, row.number)
        if first != row.number:
            problem = _(
                "the same post (position, commune and start date) is already on row %(row)s"
            )
            self._add_issue(
                row.number, "start_date", sheet, row.start_date, problem % {"row": first}
            )
            ok = False
        elif row.end_date is None:
            held = state.open_post(row)
            if held is not None and held.start_date != row.start_date:
                problem = _(
                    "this official already holds this post in this commune since %(date)s; use "
                    "that start date, or end that post first"
                ) % {"date": held.start_date.strftime("%d/%m/%Y")}
                self._add_issue(row.number, "start_date", sheet, row.start_date, problem)
                ok = False
        for column, value in (
            ("commune_class", row.commune_class),
            ("special_area", row.special_area),
        ):
            if value is None:
                continue
            seen = self.commune_rows.setdefault((row.commune.pk, column), (row.number, value))
            if seen[1] != value:
                problem = _("differs from row %(row)s for the same commune") % {"row": seen[0]}
                self._add_issue(row.number, column, sheet, "x" if value is True else value, problem)
                ok = False
        return ok

    def _verification(self, row: CleanRow) -> str:
        """Entries of a commune secretary wait for verification; district staff's do not."""
        commune = row.commune.pk
        if commune not in self.entry_states:
            found = accounts_access.entry_states(self.user, communes=[commune])["communes"]
            self.entry_states.update(found)
        return self.entry_states[commune]

    def _credentials(self, sheet, row: CleanRow, official, state, changes):
        held = state.credentials[row.citizen_id]
        before = list(held)
        for entry in row.entries:
            same = [c for c in before if _same_kind(c, entry)]
            exact = [c for c in same if c.level == entry.level]
            if exact:
                if (
                    entry.dimension == Dimension.PROFESSIONAL
                    and entry.field
                    and len(exact) == 1
                    and fold(exact[0].field) != fold(entry.field)
                ):
                    what = _("%(column)s, field") % {
                        "column": COLUMN_BY_KEY[entry.dimension].header
                    }
                    changes.append(Change(what, exact[0].field or "–", entry.field))
                    exact[0].field = entry.field
                    state.changed_credentials.append(exact[0])
                continue
            top = max(same, key=lambda c: rank(c.dimension, c.level), default=None)
            if top is not None and rank(top.dimension, top.level) > rank(
                entry.dimension, entry.level
            ):
                problem = _("is lower than the level on record (%(level)s), which is kept") % {
                    "level": level_label(top.dimension, top.level)
                }
                self._add_issue(
                    row.number, entry.dimension, sheet, render_entry(entry), problem, warning=True
                )
                continue
            credential = unsaved(
                Credential,
                official=official,
                dimension=entry.dimension,
                level=entry.level,
                field=entry.field,
                language=entry.language,
                verification=self._verification(row),
            )
            held.append(credential)
            state.new_credentials.append(credential)
            old = level_label(top.dimension, top.level) if top is not None else ""
            changes.append(Change(COLUMN_BY_KEY[entry.dimension].header, old, render_entry(entry)))

    def _commune_changes(self, row: CleanRow, changes):
        commune = row.commune
        if row.commune_class is not None and row.commune_class != commune.commune_class:
            changes.append(
                Change(_("commune class"), commune.commune_class or "–", row.commune_class)
            )
            commune.commune_class = row.commune_class
            commune.changed = True
        if row.special_area is not None and row.special_area != commune.special_area:
            old, new = _shown(commune.special_area), _shown(row.special_area)
            changes.append(Change(_("special area"), old, new))
            commune.special_area = row.special_area
            commune.changed = True

    def _write_communes(self):
        changed = {info.pk: info for info in self.communes.units.values() if info.changed}
        if not changed:
            return
        units = list(AdministrativeUnit.objects.filter(pk__in=changed))
        for unit in units:
            unit.commune_class = changed[unit.pk].commune_class
            unit.special_area = changed[unit.pk].special_area
        bulk_update_with_history(
            units,
            AdministrativeUnit,
            ["commune_class", "special_area"],
            default_user=self.user,
            default_change_reason=import_reason(self.report.filename),
        )


COMMUNE_FACTS = ("commune_class", "special_area")


def _blank(raw) -> bool:
    """Tell whether a cell shows nothing (numbers and dates always show something)."""
    if raw is None:
        return True
    if type(raw) is str:
        return not raw.strip()
    if isinstance(raw, int | float | datetime.date):
        return False
    return not text_of(raw)


def import_reason(filename: str) -> str:
    """The change reason of every history row an import writes: "from import <file name>"."""
    reason = _("from import %(file)s") % {"file": filename}
    return reason[:REASON_LENGTH]


def _shown(value, model_field=None) -> str:
    """Return a value as the preview shows it: dates dd/mm/yyyy, yes/no, choice labels."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _corrections(raws: dict, entries: list[LevelEntry]) -> list[str]:
    """Name the levels read only by folding diacritics, e.g. "“Đại hoc” read as “Đại học”"."""
    found = []
    for entry in entries:
        label = EXPORT_LABELS[entry.dimension][entry.level]
        written = raws.get(entry.dimension)
        if read_by_folding(written, label):
            found.append(
                _("%(column)s: “%(written)s” read as “%(label)s”")
                % {
                    "column": COLUMN_BY_KEY[entry.dimension].header,
                    "written": text_of(written),
                    "label": label,
                }
            )
    return found


def ignored_commune_facts_note(sheet: Sheet) -> str:
    columns = ", ".join(
        f"“{sheet.headers.get(key) or COLUMN_BY_KEY[key].header}”" for key in COMMUNE_FACTS
    )
    return _(
        "The columns %(columns)s were ignored: a commune's class and special area are changed "
        "by district or province staff."
    ) % {"columns": columns}


def _changed_between(official_ids, start, end) -> dict[int, tuple]:
    """Return, per official, the last (time, user name) their record, a post or a credential was
    saved between `start` (the preview) and `end` (this run's start: not its own writes)."""
    found: dict[int, tuple] = {}
    for model, key in ((Official, "id"), (Assignment, "official_id"), (Credential, "official_id")):
        records = model.history.filter(
            **{f"{key}__in": official_ids}, history_date__gt=start, history_date__lt=end
        ).values_list(key, "history_date", "history_user__username")
        for official_id, when, who in records:
            if official_id not in found or found[official_id][0] < when:
                found[official_id] = (when, who)
    return found


def _on_record(row: CleanRow, official: Official, state: "_ChunkState") -> bool:
    """Return whether a row only repeats the record (of a person read as history only)."""
    for name in ("full_name", "date_of_birth", "gender"):
        if getattr(official, name) != getattr(row, name):
            return False
    if not any(
        post.position_id == row.position.pk
        and post.commune_id == row.commune.pk
        and post.start_date == row.start_date
        and (row.end_date is None or post.end_date == row.end_date)
        for post in state.posts[row.citizen_id]
    ):
        return False
    held = state.credentials[row.citizen_id]
    return all(
        any(
            _same_kind(c, entry)
            and rank(c.dimension, c.level) >= rank(entry.dimension, entry.level)
            for c in held
        )
        for entry in row.entries
    )


def _same_kind(credential, entry: LevelEntry) -> bool:
    if credential.dimension != entry.dimension:
        return False
    if entry.dimension in (Dimension.FOREIGN_LANGUAGE, Dimension.ETHNIC_LANGUAGE):
        return language_key(credential.language) == language_key(entry.language)
    return True


@dataclass(slots=True)
class _Post:
    pk: int
    position_id: int
    commune_id: int
    start_date: datetime.date
    end_date: datetime.date | None
    from_district: bool = False


@dataclass(slots=True)
class _Credential:
    pk: int
    dimension: str
    level: str
    field: str
    language: str
    field_key: str = ""


class _ChunkState:
    """The officials, posts and credentials on record for the people of one chunk."""

    OFFICIAL_FIELDS = (
        "full_name",
        "date_of_birth",
        "gender",
        "ethnicity",
        "party_member",
        "party_joined_on",
    )

    def __init__(self, citizen_ids, *, user=None, changed_between=None):
        self.officials = {
            o.citizen_id: o for o in Official.all_objects.filter(citizen_id__in=citizen_ids)
        }
        by_pk = {o.pk: o.citizen_id for o in self.officials.values()}
        # Who the importer may change (DESIGN §9): current posts in their communes; whom they
        # read only as history (ended posts there); nobody else is theirs to touch or compare.
        self.editable_ids = access.editable_official_ids(user, by_pk)
        self.readable_ids = access.readable_official_ids(user, by_pk)
        self.history_only: set[str] = set()
        self.waiting_identity = {
            change.official_id: change.changes()
            for change in IdentityChange.objects.filter(
                official_id__in=by_pk, verification=Verification.PENDING
            )
        }
        self.identity_requests: dict[int, tuple[Official, dict]] = {}
        self.changed_after_preview = (
            _changed_between(by_pk, *changed_between) if changed_between else {}
        )
        # Plain records, not model instances: building 30,000 instances costs more than the query.
        self.posts = defaultdict(list)
        for official_id, *values in Assignment.all_objects.filter(
            official_id__in=by_pk
        ).values_list(
            "official_id",
            "pk",
            "position_id",
            "commune_id",
            "start_date",
            "end_date",
            "from_district",
        ):
            self.posts[by_pk[official_id]].append(_Post(*values))
        self.credentials = defaultdict(list)
        for official_id, *values in (
            Credential.all_objects.filter(official_id__in=by_pk)
            .exclude(verification=Verification.REJECTED)
            .values_list("official_id", "pk", "dimension", "level", "field", "language")
        ):
            self.credentials[by_pk[official_id]].append(_Credential(*values))
        self.new_officials = []
        self.changed_officials = {}
        self.new_posts = []
        self.changed_posts = []
        self.new_credentials = []
        self.changed_credentials = []

    def may_edit(self, official: Official) -> bool:
        return official.pk in self.editable_ids

    def may_read(self, official: Official) -> bool:
        return official.pk in self.readable_ids or official.pk in self.editable_ids

    def _identity_waits(self, official, name, value, verification, changes) -> bool:
        """Hold a secretary's change of name, date of birth or gender for verification."""
        if verification != Verification.PENDING or official.pk is None:
            return False
        if name not in IdentityChange.IDENTITY_FIELDS:
            return False
        if self.waiting_identity.get(official.pk, {}).get(name) != value:
            self.waiting_identity.setdefault(official.pk, {})[name] = value
            self.identity_requests.setdefault(official.pk, (official, {}))[1][name] = value
            what = _("%(what)s (waiting for verification)") % {
                "what": Official._meta.get_field(name).verbose_name
            }
            changes.append(Change(what, _shown(getattr(official, name)), _shown(value)))
        return True

    def official(self, row: CleanRow, changes, verification=Verification.VERIFIED) -> Official:
        official = self.officials.get(row.citizen_id)
        values = {
            "full_name": row.full_name,
            "date_of_birth": row.date_of_birth,
            "gender": row.gender,
            "ethnicity": row.ethnicity,
            "party_member": row.party_member,
            "party_joined_on": row.party_joined_on,
            "religion": row.religion,
        }
        if row.party_member is False:
            values["party_joined_on"] = ""  # "không": no longer a member, no date either
        if official is None:
            fresh = {name: value for name, value in values.items() if value not in (None, "")}
            fresh["party_member"] = bool(row.party_member)
            official = unsaved(
                Official, citizen_id=row.citizen_id, search_key=fold(row.full_name), **fresh
            )
            self.officials[row.citizen_id] = official
            self.new_officials.append(official)
            return official
        for name, value in values.items():
            if value is None or (value == "" and name == "ethnicity"):
                continue  # a blank optional cell leaves the record as it is
            if name == "party_joined_on" and value == "":
                value = None
            old = getattr(official, name)
            if old != value:
                if self._identity_waits(official, name, value, verification, changes):
                    continue
                setattr(official, name, value)
                if official.pk is not None:
                    self.changed_officials.setdefault(official.pk, (official, set()))[1].add(name)
                model_field = Official._meta.get_field(name)
                changes.append(
                    Change(
                        str(model_field.verbose_name),
                        _shown(old, model_field) or "–",
                        _shown(value, model_field) or "–",
                    )
                )
        return official

    def open_post(self, row: CleanRow):
        for post in self.posts[row.citizen_id]:
            if (
                post.position_id == row.position.pk
                and post.commune_id == row.commune.pk
                and post.end_date is None
            ):
                return post
        return None

    def post(self, row: CleanRow, official, changes, verification: str) -> bool:
        """Plan the post of a row; return whether it is new."""
        for post in self.posts[row.citizen_id]:
            if (
                post.position_id == row.position.pk
                and post.commune_id == row.commune.pk
                and post.start_date == row.start_date
            ):
                if row.end_date is not None and post.end_date != row.end_date:
                    old = _shown(post.end_date) or "–"
                    changes.append(Change(_("end date"), old, _shown(row.end_date)))
                    post.end_date = row.end_date
                    if isinstance(post, _Post):
                        self.changed_posts.append(post)
                if row.from_district is not None and post.from_district != row.from_district:
                    what = str(Assignment._meta.get_field("from_district").verbose_name)
                    old, new = _shown(post.from_district), _shown(row.from_district)
                    changes.append(Change(what, old, new))
                    post.from_district = row.from_district
                    if isinstance(post, _Post):
                        self.changed_posts.append(post)
                return False
        post = unsaved(
            Assignment,
            official=official,
            position_id=row.position.pk,
            commune_id=row.commune.pk,
            start_date=row.start_date,
            end_date=row.end_date,
            from_district=bool(row.from_district),
            verification=verification,
        )
        self.posts[row.citizen_id].append(post)
        self.new_posts.append(post)
        return True

    def write(self, user, filename: str = "", later: Pipelined | None = None):
        reason = import_reason(filename)
        history = {"default_user": user, "default_change_reason": reason}
        new = {"user": user, "reason": reason, "later": later}
        if connection.vendor == "postgresql":  # the ids of all three in one query
            reserve_ids(
                (Official, self.new_officials),
                (Assignment, self.new_posts),
                (Credential, self.new_credentials),
            )
        insert_with_history(Official, self.new_officials, **new)
        if self.changed_officials:
            fields_ = set().union(*(names for _o, names in self.changed_officials.values()))
            objs = [o for o, _names in self.changed_officials.values()]
            for official in objs:
                official.search_key = fold(official.full_name)
                official.version += 1  # forms loaded before the import can tell (bump_version)
            names = sorted(fields_ | {"search_key", "version"})
            bulk_update_with_history(objs, Official, names, **history)
        for post in self.new_posts:
            post.official_id = post.official.pk
        insert_with_history(Assignment, self.new_posts, **new)
        if self.changed_posts:
            _update(Assignment, self.changed_posts, ["end_date", "from_district"], history)
        for credential in self.new_credentials:
            credential.official_id = credential.official.pk
        Credential.fold_fields(self.new_credentials)
        insert_with_history(Credential, self.new_credentials, **new)
        changed = [c for c in self.changed_credentials if isinstance(c, _Credential)]
        Credential.fold_fields(changed)
        if changed:
            _update(Credential, changed, ["field", "field_key"], history)
        for official, values in self.identity_requests.values():
            identity_change_request(official=official, changes=values, actor=user)
        if later is not None:
            later.send()  # the history rows, written while the next chunk is read


def _update(model, records, fields_, history):
    """Write the changed `fields_` of plain records to their rows, with history."""
    by_pk = {record.pk: record for record in records}
    objs = list(model.all_objects.filter(pk__in=by_pk))
    for obj in objs:
        for name in fields_:
            setattr(obj, name, getattr(by_pk[obj.pk], name))
        obj.version += 1
    bulk_update_with_history(objs, model, [*fields_, "version"], **history)


_COLLECTING = threading.Lock()
IMPORT_GC_THRESHOLD = 100_000


@contextlib.contextmanager
def fewer_collections():
    """Look for garbage cycles every 100,000 new objects instead of 2,000 during an import.

    An import makes millions of small objects, almost none in cycles; the collector took a tenth
    of its time. The threshold is the process's: one import at a time changes it, and puts it back.
    """
    if not _COLLECTING.acquire(blocking=False):
        yield
        return
    threshold = gc.get_threshold()
    try:
        gc.set_threshold(max(threshold[0], IMPORT_GC_THRESHOLD), *threshold[1:])
        yield
    finally:
        gc.set_threshold(*threshold)
        _COLLECTING.release()


# One lock for every roster import, previews included: a citizen ID may sit in any commune, so
# two imports of any units may touch the same person (issue 15). The second waits its turn.
IMPORT_LOCK_KEY = 0x526F7374  # "Rost"


def waited_message() -> str:
    return _("Another import was running; this one waited for it to finish, then ran.")


def hold_import_lock(*, on_wait=None) -> bool:
    """Take the roster import lock for the current transaction; return whether it had to wait.

    `on_wait()` is called before waiting (a command says so at once).
    """
    return advisory_xact_lock(IMPORT_LOCK_KEY, on_wait=on_wait)


def already_imported_message(done: ConfirmedImport) -> str:
    return _(
        "This preview was already imported at %(when)s by %(who)s (%(summary)s); nothing was "
        "written again."
    ) % {
        "when": formats.date_format(timezone.localtime(done.confirmed_at), "d/m/Y H:i:s"),
        "who": done.user.get_username(),
        "summary": done.summary,
    }


def max_upload_bytes() -> int:
    return getattr(settings, "ROSTER_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def too_large_message(size: int) -> str:
    return _(
        "The file is %(size)s MB; files above %(limit)s MB are refused. Split the roster into "
        "several files (for example one per district) and import them one after the other."
    ) % {"size": f"{size / 1e6:.1f}", "limit": f"{max_upload_bytes() / 1e6:.0f}"}


def import_roster(
    data,
    filename: str,
    *,
    user=None,
    dry_run: bool,
    today=None,
    confirmation: str = "",
    previewed_at: datetime.datetime | None = None,
    on_wait=None,
    progress=None,
) -> ImportReport:
    """Import a roster file (bytes or a binary file): a preview when `dry_run`, else all or none.

    `confirmation` names the preview being confirmed (written once however often it is sent);
    rows of people saved by someone after `previewed_at` are refused; `progress(stage, done,
    total)` is told the rows read so far.
    """
    size = len(data) if isinstance(data, bytes) else data.seek(0, 2)
    if not isinstance(data, bytes):
        data.seek(0)
    if size > max_upload_bytes():
        return ImportReport(filename=filename, file_error=too_large_message(size), dry_run=dry_run)
    report = RosterImport(
        user=user,
        today=today,
        confirmation=confirmation,
        previewed_at=previewed_at,
        on_wait=on_wait,
        progress=progress,
    ).run(data, filename, dry_run=dry_run)
    written = report.total - report.counts[Status.UNCHANGED] if report.committed else 0
    if written:
        catalogue_changed()  # bulk writes send no signal: every cached figure is stale
    if written >= ANALYZE_MIN_ROWS:
        analyze(Official, Assignment, Credential, AdministrativeUnit, *CATALOGUE_MODELS)
    return report
