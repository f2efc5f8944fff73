"""Reads of DESIGN §7: the gap list of a programme, the forecast, and the training figures.

The gap list and the forecast are built on the compliance engine (standards.compliance), never on
a copy of its rule, so that they cannot drift from the figures of the dashboard.
"""

import csv
import datetime
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from accounts.access import units_in_scope
from cadre_registry.cells import csv_text
from officials.levels import LADDERS, level_label
from officials.models import Assignment, Credential
from standards.compliance import Question, Report, question_for, report, scope_filter, unmet_pairs
from training.models import SENT_STATES, Enrolment, EnrolmentState, Programme
from training.services import credentials_to_grant
from units.models import AdministrativeUnit

# Gap list -------------------------------------------------------------------------------------


@dataclass
class GapRow:
    """An official whose posts need at least the programme's level, who lacks it."""

    official_id: int
    full_name: str
    date_of_birth: datetime.date
    communes: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    needed: str = ""
    held: str = ""
    commune_codes: dict[str, str] = field(default_factory=dict)  # code: name
    position_codes: dict[str, str] = field(default_factory=dict)

    def matches(self, *, commune: str = "", position: str = "") -> bool:
        """Return whether the official holds a post in the commune and of the position given."""
        return (not commune or commune in self.commune_codes) and (
            not position or position in self.position_codes
        )


def _counting(options: Question, dimension: str):
    """Return the credentials of `dimension` that count on the date (as the engine counts them)."""
    return Credential.objects.counting_on(options.on, verified_only=options.verified_only).filter(
        dimension=dimension
    )


def gap_list(
    *, programme: Programme, scope: AdministrativeUnit | None, options: Question
) -> list[GapRow]:
    """Return the officials in post under `scope` whose posts require at least the programme's
    level, who lack it on the date and are not nominated or studying in a course granting it.

    A post needing a higher level (Cao cấp, when the programme is Trung cấp) lists the official
    only when they do not hold the programme's level yet (its field is not compared then).
    """
    if not programme.grants:
        return []
    dimension, rank = programme.dimension, programme.rank
    counting = _counting(options, dimension).filter(official=OuterRef("official"))
    holds_level = counting.filter(rank__gte=rank)
    in_course = Enrolment.objects.current().filter(
        official=OuterRef("official"),
        run__programme__dimension=dimension,
        run__programme__rank__gte=rank,
    )
    best = counting.order_by("-rank", "-awarded_on", "pk")
    rows = (
        unmet_pairs(options, scope_filter(scope, options.on))
        .filter(req_dimension=dimension, needed_rank__gte=rank)
        .exclude(Q(needed_rank__gt=rank) & Exists(holds_level))
        .exclude(Exists(in_course))
        .annotate(held_level=Subquery(best.values("level")[:1]))
        .values_list(
            "official",
            "official__full_name",
            "official__date_of_birth",
            "official__search_key",
            "commune__name",
            "position__name",
            "needed_rank",
            "held_level",
            "commune__code",
            "position__code",
        )
        .order_by()
    )
    found: dict[int, GapRow] = {}
    needed: dict[int, int] = defaultdict(int)
    keys: dict[int, str] = {}
    for pk, name, born, key, commune, position, needed_rank, held, commune_code, code in rows:
        row = found.setdefault(pk, GapRow(pk, name, born, held=level_label(dimension, held)))
        row.commune_codes[commune_code] = commune
        row.position_codes[code] = position
        keys[pk] = key
        if commune not in row.communes:
            row.communes.append(commune)
        if position not in row.positions:
            row.positions.append(position)
        needed[pk] = max(needed[pk], needed_rank)
    for pk, row in found.items():
        row.needed = str(LADDERS[dimension][needed[pk] - 1][1])
    return sorted(found.values(), key=lambda row: (row.communes, keys[row.official_id]))


# Forecast -------------------------------------------------------------------------------------


@dataclass
class Forecast:
    """Today's figures, the figures on the date as things stand, and with the courses done."""

    scope: AdministrativeUnit | None
    today: Report
    as_is: Report
    with_courses: Report
    enrolments: int
    credentials: int
    awaiting_results: int = 0  # nominated or studying in a class that has ended: not counted

    def rows(self):
        """Yield (unit, today, as is, with the courses) for the scope and each commune."""
        today = {item.unit.pk: item for item in self.today.rows()}
        as_is = {item.unit.pk: item for item in self.as_is.rows()}
        for item in self.with_courses.rows():
            yield item.unit, today.get(item.unit.pk), as_is.get(item.unit.pk), item


class _Rollback(Exception):
    def __init__(self, result):
        super().__init__("forecast computed")
        self.result = result


def _open_enrolments(scope: AdministrativeUnit | None, on: datetime.date):
    """Return the enrolments nominated or studying of officials who served under `scope`."""
    enrolments = Enrolment.objects.current().filter(official__removed_at__isnull=True)
    if scope is not None:
        communes = AdministrativeUnit.objects.filter(**scope_filter(scope, on))
        holders = Assignment.objects.filter(commune__in=communes).values("official")
        enrolments = enrolments.filter(official__in=holders)
    return enrolments.select_related("run__programme")


def _current_enrolments(scope: AdministrativeUnit | None, on: datetime.date, today: datetime.date):
    """Return the enrolments still to finish: in a class that has not ended by `today` (one that
    has ended waits for its results, which the forecast does not guess)."""
    return _open_enrolments(scope, on).filter(run__ends_on__gte=today)


def forecast(
    *, scope: AdministrativeUnit | None, options: Question, today: datetime.date | None = None
) -> Forecast:
    """Return the figures on `options.on` if every current enrolment completes on its run's end.

    The would-be credentials are written inside a transaction that is always rolled back, and the
    real engine computes the figures between, so the forecast applies the rule itself.
    """
    today = today or datetime.date.today()
    now = report(question_for(today, verified_only=options.verified_only), scope, with_unmet=False)
    as_is = report(options, scope, with_unmet=False)
    enrolments = list(_current_enrolments(scope, options.on, today))
    try:
        with transaction.atomic():
            drafts = credentials_to_grant((e, e.run.ends_on) for e in enrolments)
            drafts = list(drafts.values())
            Credential.objects.bulk_create(drafts)
            raise _Rollback(report(options, scope, with_unmet=False))
    except _Rollback as done:
        with_courses = done.result
    awaiting = _open_enrolments(scope, options.on).filter(run__ends_on__lt=today).count()
    return Forecast(scope, now, as_is, with_courses, len(enrolments), len(drafts), awaiting)


def forecast_date(scope: AdministrativeUnit | None, today: datetime.date) -> datetime.date:
    """Return the end of the last current class in scope, or today when there is none."""
    ends = [e.run.ends_on for e in _current_enrolments(scope, today, today)]
    return max([today, *ends])


# Training figures -----------------------------------------------------------------------------

COLUMNS = ["programme_code", "programme_name", "sent_to_study", "completed", "person_times"]


@dataclass
class ProgrammeFigures:
    """sent_to_study: enrolments enrolled, completed or failed whose run starts in the period;
    person_times: completed enrolments whose run ends in the period (one per person per run);
    completed: the distinct officials among those person-times."""

    programme: Programme
    sent_to_study: int = 0
    completed: int = 0
    person_times: int = 0

    def as_row(self) -> dict:
        return {
            "programme_code": self.programme.code,
            "programme_name": self.programme.name,
            "sent_to_study": self.sent_to_study,
            "completed": self.completed,
            "person_times": self.person_times,
        }


def _between(prefix: str, date_from, date_to) -> Q:
    condition = Q()
    if date_from:
        condition &= Q(**{f"{prefix}__gte": date_from})
    if date_to:
        condition &= Q(**{f"{prefix}__lte": date_to})
    return condition


def training_figures(
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    scope: AdministrativeUnit | None = None,
) -> list[ProgrammeFigures]:
    """Return the figures of every programme for the period (open ends: no bound) and scope.

    An enrolment is in the scope when its official held a post in a commune under the unit (or
    its successor or predecessor across the 2025 reform) at some time during the run.
    """
    enrolments = Enrolment.objects.filter(official__removed_at__isnull=True)
    if scope is not None:
        enrolments = enrolments.serving_in(units_in_scope([scope.pk]).communes())
    sent = Q(state__in=SENT_STATES) & _between("run__starts_on", date_from, date_to)
    trained = Q(state=EnrolmentState.COMPLETED) & _between("run__ends_on", date_from, date_to)
    counts = {
        row["run__programme"]: row
        for row in enrolments.values("run__programme")
        .annotate(
            sent=Count("pk", filter=sent),
            times=Count("pk", filter=trained),
            people=Count("official", filter=trained, distinct=True),
        )
        .order_by()
    }
    result = []
    for programme in Programme.objects.all():
        row = counts.get(programme.pk, {})
        result.append(
            ProgrammeFigures(
                programme,
                sent_to_study=row.get("sent", 0),
                completed=row.get("people", 0),
                person_times=row.get("times", 0),
            )
        )
    return result


def as_csv(figures: list[ProgrammeFigures]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in figures:
        writer.writerow({key: csv_text(value) for key, value in item.as_row().items()})
    return out.getvalue()


def as_json(figures: list[ProgrammeFigures]) -> str:
    return json.dumps([item.as_row() for item in figures], ensure_ascii=False, indent=1)


def period_label(date_from, date_to) -> str:
    if date_from and date_to:
        return _("from %(start)s to %(end)s") % {
            "start": f"{date_from:%d/%m/%Y}",
            "end": f"{date_to:%d/%m/%Y}",
        }
    if date_from:
        return _("from %(start)s") % {"start": f"{date_from:%d/%m/%Y}"}
    if date_to:
        return _("until %(end)s") % {"end": f"{date_to:%d/%m/%Y}"}
    return _("all time")
