"""Roster export in the §8 layout (DESIGN §8), so that export then import is a round trip."""

import csv
import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from accounts import access
from cadre_registry.cells import csv_text, inert
from officials.levels import Dimension, ladder_position
from officials.models import Assignment, Credential
from spreadsheets.parsing import LevelEntry, language_key
from spreadsheets.resources import RosterResource
from standards.models import Position

D = Dimension
CHUNK = 2000
# Dimensions whose highest rung is all that matters; the others keep a field or a language.
HIGHEST_ONLY = (D.GENERAL_EDUCATION, D.POLITICAL_THEORY, D.STATE_MANAGEMENT, D.IT)


@dataclass
class RosterLine:
    """One exported row: an official in one post, with the credentials held on the date."""

    commune_code: str
    full_name: str
    date_of_birth: datetime.date
    gender: str
    citizen_id: str
    ethnicity: str
    party_member: datetime.date | str | None
    position: Position
    start_date: datetime.date
    end_date: datetime.date | None
    commune_class: str
    special_area: bool
    religion: str = ""
    from_district: bool = False
    professional_field: list[str] = field(default_factory=list)
    entries: dict[str, list[LevelEntry]] = field(default_factory=dict)

    def __getattr__(self, name):
        if name in Dimension.values:
            return self.entries.get(name, [])
        raise AttributeError(name)


def posts_for_export(communes, *, as_of: datetime.date, all_posts: bool):
    """Return the posts to export: those in force on `as_of`, or every post."""
    posts = Assignment.objects.filter(commune__in=communes).counted()
    if not all_posts:
        posts = posts.in_post_on(as_of)
    return posts.select_related("official", "position", "commune").order_by(
        "commune__code", "position__order", "official__search_key", "start_date", "pk"
    )


def _credentials_by_official(official_ids, as_of, all_posts):
    credentials = Credential.all_objects.filter(official_id__in=official_ids)
    credentials = credentials.counted() if all_posts else credentials.counting_on(as_of)
    found = defaultdict(list)
    for credential in credentials.order_by("pk"):
        found[credential.official_id].append(credential)
    return found


def _entries(credentials) -> tuple[dict[str, list[LevelEntry]], list[str]]:
    """Return the entries to write per dimension, and the professional field column."""
    by_dimension = defaultdict(list)
    for credential in credentials:
        by_dimension[credential.dimension].append(credential)
    entries: dict[str, list[LevelEntry]] = {}
    fields: list[str] = []
    for dimension, held in by_dimension.items():
        held.sort(key=lambda c: ladder_position(c.dimension, c.level), reverse=True)
        if dimension in HIGHEST_ONLY:
            chosen = held[:1]
        elif dimension in (D.FOREIGN_LANGUAGE, D.ETHNIC_LANGUAGE):
            chosen, seen = [], set()
            for credential in held:  # the highest of each language
                if language_key(credential.language) not in seen:
                    seen.add(language_key(credential.language))
                    chosen.append(credential)
        else:
            chosen, seen = [], set()
            for credential in held:
                if (credential.level, credential.field_key) not in seen:
                    seen.add((credential.level, credential.field_key))
                    chosen.append(credential)
        entries[dimension] = [
            LevelEntry(dimension, c.level, field=c.field, language=c.language) for c in chosen
        ]
    professional = entries.get(D.PROFESSIONAL, [])
    if len(professional) == 1 and professional[0].field:
        fields = [professional[0].field]  # the level in "Chuyên môn", its field in "Chuyên ngành"
        entries[D.PROFESSIONAL] = [LevelEntry(D.PROFESSIONAL, professional[0].level)]
    return entries, fields


def roster_lines(communes, *, as_of: datetime.date, all_posts: bool = False, user=None):
    """Yield the export rows of the posts in `communes`, a chunk of officials at a time.

    With a `user`, the citizen IDs they may not see in full are masked as on the pages.
    """
    posts = posts_for_export(communes, as_of=as_of, all_posts=all_posts)
    chunk = []
    for post in posts.iterator(chunk_size=CHUNK):
        chunk.append(post)
        if len(chunk) >= CHUNK:
            yield from _lines(chunk, as_of, all_posts, user)
            chunk = []
    if chunk:
        yield from _lines(chunk, as_of, all_posts, user)


def _lines(posts, as_of, all_posts, user):
    official_ids = {p.official_id for p in posts}
    credentials = _credentials_by_official(official_ids, as_of, all_posts)
    shown = None
    if user is not None:
        shown = set(
            access.officials_citizen_id_visible_to(user)
            .filter(pk__in=official_ids)
            .values_list("pk", flat=True)
        )
    for post in posts:
        official = post.official
        entries, fields = _entries(credentials.get(official.pk, []))
        citizen_id = official.citizen_id
        if shown is not None and official.pk not in shown:
            citizen_id = access.mask_citizen_id(citizen_id)
        yield RosterLine(
            commune_code=post.commune.code,
            full_name=official.full_name,
            date_of_birth=official.date_of_birth,
            gender=official.gender,
            citizen_id=citizen_id,
            ethnicity=official.ethnicity,
            party_member=official.party_joined_on or ("x" if official.party_member else None),
            position=post.position,
            start_date=post.start_date,
            end_date=post.end_date,
            commune_class=post.commune.commune_class,
            special_area=post.commune.special_area,
            religion=official.religion,
            from_district=post.from_district,
            professional_field=fields,
            entries=entries,
        )


def write_roster(lines, out, fmt: str) -> int:
    """Write `lines` to the binary stream `out` as "xlsx" or "csv"; return the rows written."""
    resource = RosterResource()
    count = 0
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(resource.headers())
        for line in lines:
            writer.writerow([csv_text(value) for value in resource.values(line, native=False)])
            count += 1
        text.flush()
        text.detach()
        return count
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    for index, width in enumerate([9, 28, 12, 9, 16, 10, 12, 32, 12, 12], start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    bold = Font(bold=True)
    header = []
    for name in resource.headers():
        cell = inert(WriteOnlyCell(sheet, value=name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for line in lines:
        row = []
        for value in resource.values(line, native=True):
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
                row.append(cell)
            elif isinstance(value, str) and value.startswith("="):  # else openpyxl writes text
                row.append(inert(WriteOnlyCell(sheet, value=value)))
            else:
                row.append(value if value != "" else None)
        sheet.append(row)
        count += 1
    book.save(out)
    return count
