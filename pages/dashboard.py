"""What the dashboard and the commune page show, read with a bounded number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from cadre_registry.text import vietnamese_name_key
from officials.levels import LADDERS, Dimension, level_label
from officials.models import Assignment, Credential
from standards.cached import cached_commune, cached_needs, cached_trend
from standards.compliance import (
    Figures,
    Question,
    Reason,
    counting_credentials,
    reasons,
    scope_filter,
)
from standards.models import Position
from training.models import Programme
from units.models import REFORM_DATE, Dataset

SHORT_DIMENSIONS = {
    Dimension.GENERAL_EDUCATION: "GDPT",
    Dimension.PROFESSIONAL: "CM",
    Dimension.POLITICAL_THEORY: "LLCT",
    Dimension.STATE_MANAGEMENT: "QLNN",
    Dimension.IT: "TH",
    Dimension.FOREIGN_LANGUAGE: "NN",
    Dimension.ETHNIC_LANGUAGE: "TDT",
}


def trend_dates(on: datetime.date, first_year: int = 2015) -> list[datetime.date]:
    """Return every 31/12 from `first_year` to the year before `on`, then `on` itself."""
    return [*(datetime.date(year, 12, 31) for year in range(first_year, on.year)), on]


@dataclass(frozen=True)
class UnmetLine:
    position: Position
    dimension: str
    count: int
    # The training that closes the gap: (programme, how many of the line's people it serves).
    programmes: tuple = ()

    @property
    def dimension_label(self) -> str:
        return Dimension(self.dimension).label


def unmet_lines(total: Figures, options: Question | None = None, scope=None) -> list[UnmetLine]:
    """Return the unmet requirements of a unit, most frequent first ("what holds us back").

    With the question (options and scope), each line names the lowest programme meeting what
    its people need on that date: the special-area minimum in a special area, so that the
    course suggested is the one the drill-down's reasons ask for.
    """
    positions = {p.code: p for p in Position.objects.all()}
    closing = _closing_programmes(options, scope) if options is not None and total.unmet else {}
    lines = [
        UnmetLine(
            position=positions[code],
            dimension=dimension,
            count=count,
            programmes=closing.get((code, dimension), ()),
        )
        for (code, dimension), count in total.unmet.items()
    ]
    return sorted(lines, key=lambda line: (-line.count, line.position.order, line.dimension))


def _closing_programmes(options: Question, scope) -> dict[tuple[str, str], tuple]:
    """Return, per (position, dimension) unmet on the date, the lowest programme reaching each
    level its people need, with how many people need that level."""
    closing = Programme.objects.closer()
    result = {}
    for (code, dimension), counted in cached_needs(options, scope).items():
        served: dict[object, int] = {}
        for ranks, people in counted.items():  # people needing those ranks: served once each
            fits = {closing(dimension, needed) for needed in ranks}
            for fit in fits - {None}:
                served[fit] = served.get(fit, 0) + people
        result[(code, dimension)] = tuple(sorted(served.items(), key=lambda item: item[0].rank))
    return result


def scope_trend(scope, options: Question):
    """Return the regime and (date, figures) points since 2015 under the chosen regime (§6.8)."""
    return cached_trend(scope, trend_dates(options.on), options)


@dataclass
class RosterLine:
    """An official in post in a commune on a date, with what they hold and lack."""

    official: object
    posts: list
    reasons: list[Reason]
    best: dict[str, Credential]
    came_from: object = None  # the legacy commune of a 2025 commune's official (§11.4)

    @property
    def compliant(self) -> bool:
        return not self.reasons

    @property
    def credentials_short(self) -> str:
        parts = []
        for dimension, credential in self.best.items():
            label = level_label(dimension, credential.level)
            if credential.field:
                label = f"{label} {credential.field}"
            parts.append(f"{SHORT_DIMENSIONS[dimension]}: {label}")
        return "; ".join(parts)


def roster(commune, options: Question) -> list[RosterLine]:
    """Return the officials in post in `commune` on the date, by post then Vietnamese name,
    from the cache while nothing in the commune changed."""
    return cached_commune("roster", commune, options, lambda: _roster(commune, options))


def _roster(commune, options: Question) -> list[RosterLine]:
    posts = list(
        Assignment.objects.in_post_on(options.on)
        .counted(verified_only=options.verified_only)
        .filter(commune=commune)
        .select_related("official", "position")
        .prefetch_related(
            Prefetch(
                "official__credentials",
                queryset=counting_credentials(options).order_by("-rank"),
                to_attr="counting",
            )
        )
    )
    found = reasons(options, where=scope_filter(commune, options.on))
    lines: dict[int, RosterLine] = {}
    for post in posts:
        line = lines.get(post.official_id)
        if line is None:
            best = {}
            order = list(LADDERS)
            for credential in post.official.counting:  # the ones the rule counts, best first
                best.setdefault(credential.dimension, credential)
            best = dict(sorted(best.items(), key=lambda item: order.index(item[0])))
            line = lines[post.official_id] = RosterLine(
                official=post.official,
                posts=[],
                reasons=found.get(post.official_id, []),
                best=best,
            )
        line.posts.append(post)
    if commune.dataset == Dataset.Y2025:
        for official, legacy in _legacy_communes(commune, lines).items():
            lines[official].came_from = legacy
    return sorted(
        lines.values(),
        key=lambda ln: (
            min(p.position.order for p in ln.posts),
            vietnamese_name_key(ln.official.full_name),
        ),
    )


def _legacy_communes(commune, lines) -> dict:
    """Return, per official of a 2025 commune, the legacy commune their post there ended in on
    01/07/2025 (one query)."""
    ended = (
        Assignment.objects.filter(
            official__in=list(lines),
            end_date=REFORM_DATE,
            commune__dataset=Dataset.LEGACY,
            commune__successors=commune,
        )
        .select_related("commune")
        .order_by("official", "start_date")
    )
    return {post.official_id: post.commune for post in ended}


def post_history(commune, limit: int = 200):
    """Return the posts of a commune over time, newest first."""
    return (
        Assignment.objects.filter(commune=commune)
        .select_related("official", "position")
        .order_by("-start_date", "pk")[:limit]
    )


def vacant_posts(lines: list[RosterLine], options: Question) -> list[Position]:
    """Return the posts the regime sets standards for, not abolished on the date, that nobody on
    the commune's roster holds (the posts a vacancy leaves empty)."""
    held = {post.position_id for line in lines for post in line.posts}
    regime_posts = (
        Position.objects.filter(requirements__regime=options.regime)
        .exclude(abolished_on__lte=options.on)
        .exclude(pk__in=held)
        .distinct()
        .order_by("order", "code")
    )
    return list(regime_posts)
