"""Writes of the standards app: closing a reporting period."""

from dataclasses import dataclass

from django.db import transaction

from standards.compliance import Figures, Question, report
from standards.models import ClosedReport, ClosedReportRow
from units.models import AdministrativeUnit

COMPARED = ("officials", "compliant", "quota", "vacancies", "in_grace")


def _unmet_key(position: str, dimension: str) -> str:
    return f"{position}|{dimension}"


@transaction.atomic
def report_close(
    *, title: str, scope: AdministrativeUnit | None, options: Question, actor
) -> ClosedReport:
    """Store the figures of `scope` as reported today, with the date and regime used."""
    figures = report(options, scope)
    closed = ClosedReport.objects.create(
        title=title,
        scope=scope,
        as_of=options.on,
        regime=options.regime,
        verified_only=options.verified_only,
        closed_by=actor,
    )
    ClosedReportRow.objects.bulk_create(
        ClosedReportRow(
            report=closed,
            unit_id=item.unit.pk,
            officials=item.officials,
            compliant=item.compliant,
            quota=item.quota,
            vacancies=item.vacancies,
            in_grace=item.in_grace,
            unmet={_unmet_key(*key): count for key, count in item.unmet.items()},
            order=order,
        )
        for order, item in enumerate(figures.rows())
    )
    return closed


@dataclass
class RowComparison:
    """A unit's figures as reported beside today's recomputation of the same date."""

    reported: Figures
    current: Figures
    changed: tuple[str, ...]


def report_compare(closed: ClosedReport) -> list[RowComparison]:
    """Return each row of `closed` beside the figures recomputed now, naming what changed."""
    options = Question(on=closed.as_of, regime=closed.regime, verified_only=closed.verified_only)
    current = {item.unit.pk: item for item in report(options, closed.scope).rows()}
    comparisons = []
    for row in closed.rows.select_related("unit"):
        reported = Figures(
            unit=row.unit,
            officials=row.officials,
            compliant=row.compliant,
            quota=row.quota,
            vacancies=row.vacancies,
            in_grace=row.in_grace,
            unmet={tuple(key.split("|", 1)): count for key, count in row.unmet.items()},
        )
        now = current.get(row.unit.pk, Figures(unit=row.unit))
        changed = tuple(name for name in COMPARED if getattr(reported, name) != getattr(now, name))
        comparisons.append(RowComparison(reported=reported, current=now, changed=changed))
    return comparisons
