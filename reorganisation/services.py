"""The 2025 reorganisation (sắp xếp, bố trí, DESIGN §11.4): the proposal for a province, the
apply service that writes a worksheet once, and the "nobody lost" report per new commune.

The 2025 position of a post is its position's counterpart (the mapping of §11.4, data in the
standards catalogue); whether a person meets it is the compliance engine's answer.
"""

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from cadre_registry.bulk import history_with, insert_with_history
from cadre_registry.db import ANALYZE_MIN_ROWS, advisory_xact_lock, analyze
from cadre_registry.text import fold
from figures.versions import catalogue_changed, units_changed
from officials.models import Assignment, EndReason, Official, Verification
from reorganisation.models import NotPlacedReason, Placement
from standards.compliance import NoRegime, question_for, reasons, report
from standards.models import Position, PositionGroup
from units.models import REFORM_DATE, AdministrativeUnit, Dataset, Level, normalise_code

LAST_LEGACY_DAY = REFORM_DATE - datetime.timedelta(days=1)
CHUNK = 5000
# Below this many touched communes their figures are marked stale one by one; above, all of them.
MANY_COMMUNES = 500
REORGANISATION_LOCK = 0x52656F72  # "Reor", with the province's id as the second key


class ReorganisationError(ValueError):
    """A worksheet or a question the reorganisation refuses whole: `problems`, one per line."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def _day(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class UnitName:
    pk: int
    code: str
    name: str

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass
class Row:
    """One line of the worksheet: a post open on 30/06/2025 and where its holder goes."""

    post_id: int
    official_id: int
    citizen_id: str
    full_name: str
    date_of_birth: datetime.date
    start_date: datetime.date
    legacy_commune: UnitName
    legacy_position_code: str
    legacy_position_name: str
    commune: UnitName | None
    choices: tuple[UnitName, ...] = ()  # the successors of a split commune: choose one
    position_code: str = ""
    position_name: str = ""
    reason: str = ""  # NotPlacedReason; blank: placed
    meets: bool | None = None  # None: not placed, or no regime in force
    lacks: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def is_split(self) -> bool:
        return len(self.choices) > 1

    @property
    def reason_label(self) -> str:
        return str(NotPlacedReason(self.reason).label) if self.reason else ""


@dataclass
class Proposal:
    province: AdministrativeUnit
    on: datetime.date
    rows: list[Row]
    regime: str = ""


# The province and where its people may go --------------------------------------------------


def legacy_province(code: str) -> AdministrativeUnit:
    """Return the legacy province `code` names (e.g. Lạng Sơn 20); refuse anything else."""
    try:
        unit = AdministrativeUnit.objects.resolve(code, on=LAST_LEGACY_DAY, dataset=Dataset.LEGACY)
    except ValueError as exc:
        raise ReorganisationError([str(exc)]) from None
    if unit.level != Level.PROVINCE:
        raise ReorganisationError(
            [_("%(unit)s is not a province: give a province's code.") % {"unit": unit}]
        )
    return unit


def legacy_communes(province: AdministrativeUnit):
    return AdministrativeUnit.objects.communes_under(province)


def _successors(province: AdministrativeUnit) -> dict[int, list[UnitName]]:
    """Return, per legacy commune of the province, its 2025 successors in code order."""
    links = AdministrativeUnit.successors.through.objects.filter(
        from_administrativeunit__in=legacy_communes(province)
    ).values_list("from_administrativeunit", "to_administrativeunit")
    links = list(links)
    names = {
        pk: UnitName(pk, code, name)
        for pk, code, name in AdministrativeUnit.objects.filter(
            pk__in={to for _from, to in links}
        ).values_list("pk", "code", "name")
    }
    found: dict[int, list[UnitName]] = defaultdict(list)
    for source, target in links:
        found[source].append(names[target])
    for units in found.values():
        units.sort(key=lambda unit: unit.code)
    return found


def target_communes(province: AdministrativeUnit):
    """Return the 2025 communes of the provinces that succeeded `province`'s communes."""
    successors = AdministrativeUnit.objects.filter(
        predecessors__in=legacy_communes(province)
    ).values("parent")
    return AdministrativeUnit.objects.filter(
        dataset=Dataset.Y2025, level=Level.COMMUNE, parent__in=successors
    )


def positions_2025(on: datetime.date = REFORM_DATE):
    """Return the positions that exist from 01/07/2025: the job positions (with a group) and
    every position some post maps to (the cadres), none abolished by `on`."""
    return (
        Position.objects.filter(
            Q(group__in=PositionGroup.values) | Q(counterpart_of__isnull=False),
        )
        .filter(Q(abolished_on__isnull=True) | Q(abolished_on__gt=on))
        .distinct()
    )


def open_posts(province: AdministrativeUnit):
    """Return the posts open on 30/06/2025 in the province's legacy communes (not rejected)."""
    return (
        Assignment.objects.counted()
        .in_post_on(LAST_LEGACY_DAY)
        .filter(commune__in=legacy_communes(province))
    )


# The proposal ------------------------------------------------------------------------------


def proposal(*, province: AdministrativeUnit, on: datetime.date = REFORM_DATE) -> Proposal:
    """Return the worksheet the registry proposes for `province` on `on` (default 01/07/2025):
    every post open on 30/06/2025, its holder, the successor commune (a split commune's first,
    flagged), the mapped 2025 position (none: "left the commune's staff"), and whether the
    person meets that position's standard on `on`, with what they lack."""
    successors = _successors(province)
    allowed = set(positions_2025(on).values_list("pk", flat=True))
    positions = {
        p.pk: p for p in Position.objects.select_related("counterpart").order_by("order", "code")
    }
    placements = dict(
        Placement.objects.filter(legacy_post__in=open_posts(province).values("pk")).values_list(
            "legacy_post", "pk"
        )
    )
    posts = (
        open_posts(province)
        .order_by("commune__code", "position__order", "official__search_key", "pk")
        .values_list(
            "pk",
            "official_id",
            "official__citizen_id",
            "official__full_name",
            "official__date_of_birth",
            "start_date",
            "commune_id",
            "commune__code",
            "commune__name",
            "position_id",
        )
    )
    rows = []
    for pk, official, cid, name, born, start, commune, code, commune_name, position in posts:
        legacy = positions[position]
        target = legacy.counterpart
        choices = tuple(successors.get(commune, ()))
        row = Row(
            post_id=pk,
            official_id=official,
            citizen_id=cid,
            full_name=name,
            date_of_birth=born,
            start_date=start,
            legacy_commune=UnitName(commune, code, commune_name),
            legacy_position_code=legacy.code,
            legacy_position_name=legacy.name,
            commune=choices[0] if choices else None,
            choices=choices,
            applied=pk in placements,
        )
        if target is None or target.pk not in allowed or row.commune is None:
            row.reason = NotPlacedReason.LEFT_STAFF
        else:
            row.position_code, row.position_name = target.code, target.name
        rows.append(row)
    result = Proposal(province=province, on=on, rows=rows)
    result.regime = judge(rows, on=on, positions=positions)
    return result


def judge(rows: list[Row], *, on: datetime.date, positions: dict | None = None) -> str:
    """Set, on each placed row, whether its person meets the 2025 position's standard on `on`
    and what they lack; return the regime's code ("" when none is in force).

    The engine judges posts held: the proposed posts are written inside a savepoint, judged by
    `standards.compliance.reasons`, and rolled back.
    """
    try:
        options = question_for(on)
    except NoRegime:
        return ""
    if positions is None:
        positions = {p.code: p for p in Position.objects.all()}
    by_code = {p.code: p for p in positions.values()} if positions else {}
    placed = [row for row in rows if not row.reason and row.commune is not None]
    if not placed:
        return options.regime.code
    found: dict[int, list] = {}
    with transaction.atomic():
        proposed = [
            Assignment(
                official_id=row.official_id,
                position_id=by_code[row.position_code].pk,
                commune_id=row.commune.pk,
                start_date=on,
                verification=Verification.VERIFIED,
            )
            for row in placed
        ]
        for chunk in itertools.batched(proposed, CHUNK):
            Assignment.objects.bulk_create(chunk, ignore_conflicts=True)
        communes = sorted({row.commune.pk for row in placed})
        found = reasons(options, where={"pk__in": communes})
        transaction.set_rollback(True)
    for row in placed:
        lacking = [
            str(reason)
            for reason in found.get(row.official_id, ())
            if reason.commune_id == row.commune.pk and reason.position == row.position_name
        ]
        row.meets, row.lacks = not lacking, lacking
    return options.regime.code


# Applying a worksheet ----------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """One worksheet row as written: the post, and where its holder goes or why not."""

    number: int  # the row in the file (or its order), named in messages
    post_id: int | str | None
    citizen_id: str = ""
    commune: str = ""  # a 2025 commune's code or name
    position: str = ""  # a 2025 position's code or name
    reason: str = ""  # why not placed (code or label); blank: placed
    commune_code: str = ""  # the code beside the name, which settles a name communes share


@dataclass
class Resolved:
    number: int
    post: Assignment
    commune: AdministrativeUnit | None
    position: Position | None
    reason: str


@dataclass
class Outcome:
    """What an apply did (or, in a dry run, would do)."""

    placed: int = 0
    not_placed: int = 0
    unchanged: int = 0
    posts_created: int = 0
    dry_run: bool = False
    waited: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.placed or self.not_placed)


def reason_labels() -> dict[str, str]:
    """Return each way of writing a reason (code, Vietnamese and English label), folded."""
    found = {}
    for choice in NotPlacedReason:
        found[fold(choice.value)] = choice.value
        for language in ("vi", "en"):
            with translation.override(language):
                found[fold(str(choice.label))] = choice.value
    return found


def _reason_list() -> str:
    return ", ".join(str(choice.label).lower() for choice in NotPlacedReason)


class _Reader:
    """Read the decisions of a worksheet against the registry, collecting every problem."""

    def __init__(self, province: AdministrativeUnit, on: datetime.date):
        self.province = province
        self.on = on
        self.problems: list[str] = []
        self.targets = {
            unit.pk: unit
            for unit in target_communes(province).only("pk", "code", "name", "search_key")
        }
        self.target_by_code = {unit.code: unit for unit in self.targets.values()}
        self.target_provinces = ", ".join(
            str(unit)
            for unit in AdministrativeUnit.objects.filter(
                pk__in=target_communes(province).values("parent")
            ).order_by("code")
        )
        self.positions = list(positions_2025(on))
        self.position_keys = {}
        for position in self.positions:
            self.position_keys[fold(position.code)] = position
            self.position_keys[fold(position.name)] = position
        self.reasons = reason_labels()

    def problem(self, number: int, text: str) -> None:
        self.problems.append(_("Row %(number)s: %(problem)s") % {"number": number, "problem": text})

    def read(self, decisions: list[Decision]) -> list[Resolved]:
        ids = {}
        for decision in decisions:
            try:
                pk = int(str(decision.post_id).strip())
                if not 0 < pk < 2**63:  # a database id; a larger number would overflow the query
                    raise ValueError(pk)
                ids[decision.number] = pk
            except (TypeError, ValueError):
                self.problem(
                    decision.number,
                    _("“%(value)s” is not the number of a post of the worksheet.")
                    % {"value": decision.post_id or ""},
                )
        posts = Assignment.objects.select_related("official", "commune", "position").in_bulk(
            set(ids.values())
        )
        open_ids = self._open_ids(set(posts))
        seen: dict[int, int] = {}
        resolved = []
        for decision in decisions:
            pk = ids.get(decision.number)
            if pk is None:
                continue
            post = posts.get(pk)
            if post is None:
                self.problem(decision.number, _("no post has the number %(pk)s.") % {"pk": pk})
                continue
            if not self._post_fits(decision, post, open_ids, seen):
                continue
            seen[pk] = decision.number
            found = self._destination(decision)
            if found is not None:
                resolved.append(Resolved(decision.number, post, *found))
        if not decisions:
            self.problems.append(_("The worksheet holds no rows."))
        return resolved

    def _open_ids(self, pks: set[int]) -> set[int]:
        found = set()
        for chunk in itertools.batched(sorted(pks), CHUNK):
            found |= set(
                open_posts(self.province).filter(pk__in=chunk).values_list("pk", flat=True)
            )
        return found

    def _post_fits(self, decision, post, open_ids, seen) -> bool:
        citizen_id = str(decision.citizen_id or "").strip()
        if citizen_id and citizen_id != post.official.citizen_id:
            self.problem(
                decision.number,
                _(
                    "post %(pk)s is held by %(name)s, not by the person with citizen ID "
                    "%(citizen_id)s."
                )
                % {"pk": post.pk, "name": post.official.full_name, "citizen_id": citizen_id},
            )
            return False
        if post.official.removed_at is not None:
            self.problem(decision.number, _("no post has the number %(pk)s.") % {"pk": post.pk})
            return False
        if post.pk not in open_ids:
            self.problem(
                decision.number,
                _("post %(pk)s (%(post)s) is not open on %(date)s in a commune of %(province)s.")
                % {
                    "pk": post.pk,
                    "post": str(post),
                    "date": _day(LAST_LEGACY_DAY),
                    "province": self.province,
                },
            )
            return False
        if post.pk in seen:
            self.problem(
                decision.number,
                _("post %(pk)s is already on row %(row)s.") % {"pk": post.pk, "row": seen[post.pk]},
            )
            return False
        return True

    def _destination(self, decision) -> tuple | None:
        reason_text = str(decision.reason or "").strip()
        if reason_text:
            reason = self.reasons.get(fold(reason_text))
            if reason is None:
                self.problem(
                    decision.number,
                    _("“%(value)s” is not a reason for not placing; write one of: %(reasons)s.")
                    % {"value": reason_text, "reasons": _reason_list()},
                )
                return None
            return None, None, reason
        commune_text = str(decision.commune or "").strip()
        position_text = str(decision.position or "").strip()
        if not commune_text or not position_text:
            self.problem(
                decision.number,
                _(
                    "a row without a new commune and a 2025 position needs a reason for not "
                    "placing (%(reasons)s)."
                )
                % {"reasons": _reason_list()},
            )
            return None
        commune = self._commune(decision.number, commune_text, str(decision.commune_code or ""))
        position = self.position_keys.get(fold(position_text))
        if position is None:
            self.problem(
                decision.number,
                _("“%(value)s” is not a position from %(date)s.")
                % {"value": position_text, "date": _day(self.on)},
            )
        if commune is None or position is None:
            return None
        return commune, position, ""

    def _commune(self, number: int, text: str, code: str = "") -> AdministrativeUnit | None:
        coded = self.target_by_code.get(normalise_code(code.strip(), Level.COMMUNE))
        if text.isdigit():
            found = [self.target_by_code.get(normalise_code(text, Level.COMMUNE))]
        else:
            key = fold(text)
            found = [
                unit
                for unit in self.targets.values()
                if unit.search_key == key or unit.search_key.endswith(f" {key}")
            ]
            exact = [unit for unit in found if unit.search_key == key]
            found = exact or found
            if len(found) > 1 and coded in found:  # "Văn Lang" and "Văn Lăng": the code says
                found = [coded]
            same = [unit for unit in found if unit.name.casefold() == text.casefold()]
            found = same if len(same) == 1 else found
        found = [unit for unit in found if unit is not None]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            self.problem(
                number,
                _("several communes are named “%(value)s”: write the code (%(units)s).")
                % {"value": text, "units": ", ".join(str(unit) for unit in found)},
            )
            return None
        self.problem(
            number,
            _("“%(value)s” is not a commune of %(provinces)s from %(date)s.")
            % {"value": text, "provinces": self.target_provinces, "date": _day(self.on)},
        )
        return None


def read_decisions(
    *, province: AdministrativeUnit, decisions: list[Decision], on: datetime.date = REFORM_DATE
) -> list[Resolved]:
    """Return the worksheet's rows read against the registry; raise ReorganisationError naming
    every bad row (unknown post or person, commune, position, missing reason)."""
    reader = _Reader(province, on)
    resolved = reader.read(decisions)
    if reader.problems:
        raise ReorganisationError(reader.problems)
    return resolved


def _lock(province: AdministrativeUnit, on_wait=None) -> bool:
    """Take the province's reorganisation lock for this transaction; return whether it waited."""
    return advisory_xact_lock(REORGANISATION_LOCK, province.pk, on_wait=on_wait)


def history_reason(on: datetime.date) -> str:
    return _("Reorganisation of %(date)s") % {"date": _day(on)}


def reorganisation_apply(
    *,
    province: AdministrativeUnit,
    decisions: list[Decision],
    actor=None,
    on: datetime.date = REFORM_DATE,
    dry_run: bool = False,
    on_wait=None,
    progress=None,
) -> Outcome:
    """Apply a worksheet in one transaction: every legacy post on it ends on `on` (reason:
    reorganisation), each placed person's new post starts on `on`, with history and `actor`.

    A post already reorganised is left as it is, so the same worksheet applied again (or twice
    at once: the second waits for the first) changes nothing. Bad input raises
    ReorganisationError and writes nothing. `progress(stage, done, total)`, when given, is told
    what is being done (stages "checking", "ending", "placing"; rows done of total).
    """
    progress = progress or _silent
    outcome = Outcome(dry_run=dry_run)
    with transaction.atomic():
        outcome.waited = _lock(province, on_wait)
        progress("checking", 0, len(decisions))
        resolved = read_decisions(province=province, decisions=decisions, on=on)
        done = set(
            Placement.objects.filter(
                legacy_post__in=[item.post.pk for item in resolved]
            ).values_list("legacy_post", flat=True)
        )
        todo = [item for item in resolved if item.post.pk not in done]
        outcome.unchanged = len(resolved) - len(todo)
        if todo:
            _write(province, todo, actor=actor, on=on, outcome=outcome, progress=progress)
        if dry_run:
            transaction.set_rollback(True)
    return outcome


def _silent(stage: str, done: int, total: int | None) -> None:
    """The progress of a run nobody watches."""


def _write(province, todo: list[Resolved], *, actor, on, outcome: Outcome, progress) -> None:
    reason = history_reason(on)
    ending = [item.post.pk for item in todo if item.post.end_date is None]
    progress("ending", 0, len(ending))
    for number, chunk in enumerate(itertools.batched(ending, CHUNK), start=1):
        Assignment.all_objects.filter(pk__in=chunk, end_date__isnull=True).update(
            end_date=on, end_reason=EndReason.REORGANISATION
        )
        history_with(
            Assignment, list(Assignment.all_objects.filter(pk__in=chunk)), user=actor, reason=reason
        )
        progress("ending", min(number * CHUNK, len(ending)), len(ending))
    progress("placing", 0, len(todo))
    new_posts, outcome.posts_created = _new_posts(todo, actor=actor, on=on, reason=reason)
    placements = []
    for item in todo:
        placed = item.commune is not None
        key = (item.post.official_id, item.position.pk, item.commune.pk) if placed else None
        placements.append(
            Placement(
                legacy_post=item.post,
                official_id=item.post.official_id,
                province=province,
                commune=item.commune,
                position=item.position,
                new_post=_existing_or_new(new_posts, key) if placed else None,
                reason=item.reason,
                applied_by=actor,
            )
        )
        if placed:
            outcome.placed += 1
        else:
            outcome.not_placed += 1
    for number, chunk in enumerate(itertools.batched(placements, CHUNK), start=1):
        Placement.objects.bulk_create(chunk)
        progress("placing", min(number * CHUNK, len(placements)), len(placements))
    communes = {item.post.commune_id for item in todo} | {
        item.commune.pk for item in todo if item.commune is not None
    }
    if len(communes) > MANY_COMMUNES:
        catalogue_changed()  # bulk writes send no signal: every cached figure is stale
    else:
        units_changed(communes)
    if len(todo) >= ANALYZE_MIN_ROWS:
        analyze(Assignment, Placement)


def _existing_or_new(posts: dict, key):
    post = posts.get(key)
    return post if post is not None and post.pk else None


def _new_posts(todo, *, actor, on, reason) -> tuple[dict[tuple, Assignment], int]:
    """Return the post in force from `on` for each (official, position, commune) placed: the
    one already recorded, or a new one (written here, with history)."""
    wanted = {
        (item.post.official_id, item.position.pk, item.commune.pk): item
        for item in todo
        if item.commune is not None
    }
    existing = {}
    if wanted:
        rows = Assignment.all_objects.filter(
            Q(end_date__isnull=True) | Q(start_date=on),
            commune__in={key[2] for key in wanted},
            start_date__gte=on,
        ).order_by("start_date")
        for post in rows:
            existing.setdefault((post.official_id, post.position_id, post.commune_id), post)
    created = []
    for key, item in wanted.items():
        if key in existing:
            continue
        post = Assignment(
            official_id=key[0],
            position=item.position,
            commune=item.commune,
            start_date=on,
            verification=Verification.VERIFIED,
            note=(
                _("Placed by the reorganisation from %(commune)s")
                % {"commune": item.post.commune.name}
            )[:255],
        )
        existing[key] = post
        created.append(post)
    insert_with_history(Assignment, created, user=actor, reason=reason)
    return existing, len(created)


# The report: nobody lost -------------------------------------------------------------------


@dataclass
class CommuneLine:
    commune: UnitName
    placed: int = 0
    staffing_number: int | None = None
    officials: int = 0
    compliant: int = 0
    percent: object = None  # Decimal, None when nobody is in post or no regime
    sources: list[str] = field(default_factory=list)


@dataclass
class NotPlacedLine:
    full_name: str
    citizen_id: str
    legacy_commune: str
    legacy_position: str
    reason: str


@dataclass
class PlacementReport:
    """Per new commune: people placed, staffing number, share meeting the standard; then who
    was not placed and why, who still waits, and anyone lost (in post on 30/06/2025, neither in
    post on 01/07/2025 nor listed as not placed: should be nobody)."""

    province: AdministrativeUnit
    on: datetime.date
    communes: list[CommuneLine]
    not_placed: list[NotPlacedLine]
    in_post_before: int
    waiting: int
    lost: list[str]
    regime: str = ""

    @property
    def placed(self) -> int:
        return sum(line.placed for line in self.communes)


def placement_report(
    *, province: AdministrativeUnit, on: datetime.date = REFORM_DATE
) -> PlacementReport:
    """Return the "nobody lost" report of `province`'s reorganisation on `on`."""
    successors = _successors(province)
    sources: dict[int, list[str]] = defaultdict(list)
    names = {}
    for commune_name, pk in legacy_communes(province).values_list("name", "pk"):
        for unit in successors.get(pk, ()):
            sources[unit.pk].append(commune_name)
            names[unit.pk] = unit
    placements = Placement.objects.filter(province=province)
    placed = defaultdict(set)
    for commune, official in placements.filter(reason="").values_list("commune", "official"):
        placed[commune].add(official)
        if commune not in names:
            names[commune] = UnitName(
                *AdministrativeUnit.objects.filter(pk=commune).values_list("pk", "code", "name")[0]
            )
    staffing = dict(
        AdministrativeUnit.objects.filter(pk__in=names).values_list("pk", "staffing_number")
    )
    figures, regime = _figures(province, on, set(names))
    lines = []
    for pk, unit in sorted(names.items(), key=lambda item: item[1].code):
        line = CommuneLine(
            commune=unit,
            placed=len(placed.get(pk, ())),
            staffing_number=staffing.get(pk),
            sources=sorted(set(sources.get(pk, ()))),
        )
        found = figures.get(pk)
        if found is not None:
            line.officials, line.compliant, line.percent = (
                found.officials,
                found.compliant,
                found.percent,
            )
        lines.append(line)
    before = set(open_posts(province).values_list("official", flat=True).distinct())
    after = set(
        Assignment.objects.counted()
        .in_post_on(on)
        .filter(official__in=before, commune__dataset=Dataset.Y2025)
        .values_list("official", flat=True)
    )
    left = set(placements.exclude(reason="").values_list("official", flat=True))
    waiting = set(
        open_posts(province)
        .filter(end_date__isnull=True, placement__isnull=True)
        .values_list("official", flat=True)
    )
    lost_ids = before - after - left - waiting
    lost = list(
        Official.all_objects.filter(pk__in=lost_ids)
        .order_by("search_key")
        .values_list("full_name", flat=True)
    )
    return PlacementReport(
        province=province,
        on=on,
        communes=lines,
        not_placed=_not_placed(placements),
        in_post_before=len(before),
        waiting=len(waiting),
        lost=lost,
        regime=regime,
    )


def _figures(province, on, commune_ids: set[int]) -> tuple[dict, str]:
    try:
        options = question_for(on)
    except NoRegime:
        return {}, ""
    found = {}
    provinces = AdministrativeUnit.objects.filter(
        pk__in=AdministrativeUnit.objects.filter(pk__in=commune_ids).values("parent")
    )
    for target in provinces:
        for item in report(options, target, with_unmet=False).communes:
            if item.unit.pk in commune_ids:
                found[item.unit.pk] = item
    return found, options.regime.code


def _not_placed(placements) -> list[NotPlacedLine]:
    rows = (
        placements.exclude(reason="")
        .order_by("legacy_post__commune__code", "official__search_key")
        .values_list(
            "official__full_name",
            "official__citizen_id",
            "legacy_post__commune__name",
            "legacy_post__position__name",
            "reason",
        )
    )
    return [
        NotPlacedLine(name, cid, commune, position, str(NotPlacedReason(reason).label))
        for name, cid, commune, position, reason in rows
    ]
