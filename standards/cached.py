"""Compliance figures kept in the cache until a write under their unit makes them stale.

The key names the question (date, regime, verified only) and the versions of the unit and of the
catalogue (figures.versions), so that a write never lets a stale figure out: it bumps the
versions of its commune and of every unit above it, and the next request asks for other keys.

Wide units are sums of narrower ones, each cached on its own, so that an edit in one commune
recomputes its district only: the whole country is the sum of its provinces, a legacy province
the sum of its districts. What is kept per unit: its whole report (the rows of a table or an
export), its total (a row of the unit above, a trend's point), and who lacks what (the training
that closes the gaps). A page over a wide unit reads totals, and the commune rows under it only
if it asks for them. A whole trend is kept too, under the versions of every unit it reads.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache

from figures.versions import CATALOGUE, versions
from standards.compliance import (
    Figures,
    Question,
    Report,
    UnitRef,
    regime_for,
    report,
    trend,
    unmet_needs,
)
from units.models import AdministrativeUnit, Dataset, Level, dataset_on

EMPTY = "empty"  # a unit with no commune on the date: no row (as `report` gives none)
FEW_DISTRICTS = 2  # more districts changed than this: the province is read at once


def cached_report(
    options: Question, scope: AdministrativeUnit | None, *, with_unmet=True
) -> Report:
    """Return `report(options, scope)`, from the cache when nothing under the scope changed.

    For the whole country and a legacy province, the rows one level down and the total come
    from the units' cached totals; the commune rows are read (from the cache) only when used.
    """
    if scope is None or _composed(scope):
        return _WideReport(options, scope, with_unmet)
    return _reports(options, [scope], with_unmet)[0]


def cached_needs(options: Question, scope) -> dict[tuple[str, str], dict[frozenset[int], int]]:
    """Return, per (position code, dimension) unmet on the date under `scope`, how many officials
    need each set of ranks (the ranks their posts there ask for: usually one), from the cache
    while nothing under the scope changed.

    Counts, not people: the whole country's are a few numbers to read. They are exact: the
    officials are merged by identity (from `unmet_needs`) before they are counted.
    """
    units = [scope] if scope is not None else _provinces(options.on)
    found = versions((unit.pk for unit in units), verified_only=options.verified_only)
    key = _token_key("needcount", "country" if scope is None else scope.pk, options, found)
    return _get_or_set(key, lambda: _counted(_merged_needs(_needs_sets(options, units))))


def _needs_sets(options: Question, units: list) -> list[dict[tuple[str, str], dict[int, set]]]:
    """Return `unmet_needs(options, unit)` for each unit, from the cache when nothing under the
    unit changed; a legacy province merges its districts'."""

    def compute(unit):
        return (_province_needs if _composed(unit) else unmet_needs)(options, unit)

    return _each("needs", options, units, False, compute)


def _counted(needs: dict[tuple[str, str], dict[int, set[int]]]) -> dict:
    counts = {}
    for pair, by_rank in needs.items():
        ranks_of: dict[int, set[int]] = {}
        for rank, people in by_rank.items():
            for person in people:
                ranks_of.setdefault(person, set()).add(rank)
        counted: dict[frozenset[int], int] = {}
        for ranks in ranks_of.values():
            counted[frozenset(ranks)] = counted.get(frozenset(ranks), 0) + 1
        counts[pair] = counted
    return counts


def _get_or_set(key: str, compute):
    return cache.get_or_set(key, compute, timeout=settings.FIGURES_CACHE_SECONDS)


def _each(kind: str, options: Question, units: list, flag: bool, compute) -> list:
    """Return `compute(unit)` for each unit, from the cache while nothing under it changed."""
    found = versions((unit.pk for unit in units), verified_only=options.verified_only)
    keys = [_key(kind, options, unit, flag, found) for unit in units]
    hits = cache.get_many(keys)
    fresh = {key: compute(unit) for unit, key in zip(units, keys, strict=True) if key not in hits}
    if fresh:
        cache.set_many(fresh, timeout=settings.FIGURES_CACHE_SECONDS)
    return [hits[key] if key in hits else fresh[key] for key in keys]


def _token(found: dict[int, int]) -> str:
    """Fold the versions of several units into one short token for a cache key."""
    return hashlib.sha1(repr(sorted(found.items())).encode()).hexdigest()  # noqa: S324


def _token_key(kind: str, name, options: Question, found: dict[int, int]) -> str:
    """Return the key of a figure over several units: their versions folded into a token."""
    token = _token(found)
    return ":".join(
        str(part)
        for part in (
            kind,
            name,
            options.on.isoformat(),
            options.regime.pk,
            int(options.verified_only),
            int(options.judging is not None),
            token,
        )
    )


def cached_trend(scope, dates: list[datetime.date], question: Question | None = None):
    """Return `trend(...)`, kept whole in the cache under the versions of every unit its
    points read; on a miss each point's total comes from the cached totals."""
    dates = sorted(dates)
    chosen = question.regime if question is not None else regime_for(dates[-1])
    verified_only = question.verified_only if question is not None else False
    found = versions(_trend_units(scope, dates), verified_only=verified_only)
    token = _token(found)
    key = ":".join(
        str(part)
        for part in (
            "trend",
            "country" if scope is None else scope.pk,
            ",".join(on.isoformat() for on in dates),
            chosen.pk,
            int(verified_only),
            token,
        )
    )
    points = _get_or_set(key, lambda: trend(scope, dates, question, reporter=_total_report)[1])
    return chosen, points


def cached_commune(kind: str, commune, options: Question, compute):
    """Return `compute()`, what a page shows of one commune on the question `options` (its
    roster), from the cache while nothing in the commune, or in the legacy communes a 2025
    commune was formed from (where its people came from), changed."""
    units = [commune.pk]
    if commune.dataset == Dataset.Y2025:
        units += sorted(commune.predecessors.order_by().values_list("pk", flat=True))
    found = versions(units, verified_only=options.verified_only)
    return _get_or_set(_token_key(kind, commune.pk, options, found), compute)


def cached_totals(options: Question, scopes: list, *, with_unmet=True) -> list[Figures | None]:
    """Return the total figures of each unit of `scopes` (None: no commune under it on the
    date), from the cache when nothing under the unit changed."""
    totals = _each(
        "total", options, scopes, with_unmet, lambda unit: _compute_total(options, unit, with_unmet)
    )
    return [None if total == EMPTY else total for total in totals]


class _WideReport(Report):
    """A report over the whole country or a legacy province: the total and the rows one level
    down from the cached totals; the other rows, from the cached reports, once asked for."""

    def __init__(self, options: Question, scope, with_unmet: bool):  # noqa: D107
        self.options, self.scope, self._with_unmet = options, scope, with_unmet
        self._full = None
        if scope is None:
            below = [
                t
                for t in cached_totals(options, _provinces(options.on), with_unmet=with_unmet)
                if t
            ]
            self._own, self._below = None, below
        else:
            # The province first: on a miss it reads its districts' totals at once.
            own = cached_totals(options, [scope], with_unmet=with_unmet)[0]
            below = cached_totals(options, _districts(scope), with_unmet=with_unmet)
            self._own, self._below = own, [total for total in below if total]

    @property
    def provinces(self) -> list[Figures]:
        if self.scope is None:
            return self._below
        return [self._own] if self._own is not None else []

    @property
    def districts(self) -> list[Figures]:
        if self.scope is not None:
            return self._below
        return self._full_report().districts

    @property
    def communes(self) -> list[Figures]:
        return self._full_report().communes

    @property
    def total(self) -> Figures:
        if self.scope is not None:
            return self._own if self._own is not None else Figures(unit=None)
        country = Figures(unit=None)
        for item in self._below:
            country.add(item)
        return country

    def _full_report(self) -> Report:
        if self._full is None:
            if self.scope is None:
                parts = _reports(self.options, _provinces(self.options.on), self._with_unmet)
            else:
                parts = _reports(self.options, [self.scope], self._with_unmet)

            def merged(name):
                return sorted((item for part in parts for item in getattr(part, name)), key=_code)

            self._full = Report(
                options=self.options,
                scope=self.scope,
                communes=merged("communes"),
                districts=merged("districts"),
                provinces=merged("provinces"),
            )
        return self._full


class _Totals:
    """What a trend's point reads of a report: its total."""

    def __init__(self, total: Figures):
        self.total = total


def _total_report(options: Question, scope, *, with_unmet=False) -> _Totals:
    """Return a report's total for a trend's point (the country: the sum of its provinces)."""
    if scope is not None:
        total = cached_totals(options, [scope], with_unmet=with_unmet)[0]
        return _Totals(total if total is not None else Figures(unit=None))
    country = Figures(unit=None)
    for total in cached_totals(options, _provinces(options.on), with_unmet=with_unmet):
        if total is not None:
            country.add(total)
    return _Totals(country)


def _compute_total(options: Question, unit, with_unmet: bool) -> Figures | str:
    """Return the total of `unit`: a legacy province sums its districts' (cached) totals."""
    if _composed(unit):
        parts = [t for t in _district_totals(options, unit, with_unmet) if t != EMPTY]
        if not parts:
            return EMPTY
        total = Figures(unit=UnitRef(**{name: getattr(unit, name) for name in UnitRef.FIELDS}))
        for part in parts:
            total.add(part)
        return total
    return _own_total(report(options, unit, with_unmet=with_unmet), unit)


def _district_totals(options: Question, province, with_unmet: bool) -> list:
    """Return the totals of the province's districts, from the cache; when more than a few
    changed, from one report over the province (a cold cache), else district by district."""
    districts = _districts(province)
    found = versions((district.pk for district in districts), verified_only=options.verified_only)
    keys = [_key("total", options, district, with_unmet, found) for district in districts]
    hits = cache.get_many(keys)
    missing = [(d, key) for d, key in zip(districts, keys, strict=True) if key not in hits]
    if len(missing) > FEW_DISTRICTS:
        rows = {
            item.unit.pk: item
            for item in report(options, province, with_unmet=with_unmet).districts
        }
        fresh = {key: rows.get(district.pk, EMPTY) for district, key in missing}
    else:
        fresh = {
            key: _own_total(report(options, district, with_unmet=with_unmet), district)
            for district, key in missing
        }
    if fresh:
        cache.set_many(fresh, timeout=settings.FIGURES_CACHE_SECONDS)
    return [hits[key] if key in hits else fresh[key] for key in keys]


def _own_total(result: Report, unit) -> Figures | str:
    own = [item for item in result.rows() if item.unit.pk == unit.pk]
    return own[0] if own else EMPTY


def _composed(unit) -> bool:
    """Return whether `unit`'s figures are the sum of its districts' (a legacy province)."""
    return unit.level == Level.PROVINCE and unit.dataset == Dataset.LEGACY


def _districts(province) -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(parent=province, level=Level.DISTRICT).order_by("code")
    )


def _province_needs(options: Question, province) -> dict:
    """Return the needs of a legacy province: its districts' (cached) needs merged; when more
    than a few districts changed, one query over the province."""
    districts = _districts(province)
    found = versions((district.pk for district in districts), verified_only=options.verified_only)
    keys = [_key("needs", options, district, False, found) for district in districts]
    hits = cache.get_many(keys)
    if len(districts) - len(hits) > FEW_DISTRICTS:
        return unmet_needs(options, province)
    return _merged_needs(_needs_sets(options, districts))


def _merged_needs(parts) -> dict[tuple[str, str], dict[int, set[int]]]:
    needs: dict[tuple[str, str], dict[int, set[int]]] = {}
    for part in parts:
        for pair, by_rank in part.items():
            for rank, people in by_rank.items():
                needs.setdefault(pair, {}).setdefault(rank, set()).update(people)
    return needs


def _trend_units(scope, dates: list[datetime.date]) -> list[int]:
    """Return the units whose versions cover every point of the trend of `scope`: the scope,
    the legacy communes a 2025 unit was formed from (its points before 01/07/2025), or every
    province of both data sets for the whole country."""
    if scope is None:
        provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE)
        return list(provinces.order_by().values_list("pk", flat=True))
    units = [scope.pk]
    if scope.dataset == Dataset.Y2025 and not all(scope.is_valid_on(on) for on in dates):
        sources = AdministrativeUnit.objects.filter(
            successors__in=AdministrativeUnit.objects.communes_under(scope)
        )
        units += sorted(sources.order_by().values_list("pk", flat=True))
    return units


def _provinces(on: datetime.date) -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(level=Level.PROVINCE, dataset=dataset_on(on)).order_by(
            "code"
        )
    )


def _code(figures) -> str:
    return figures.unit.code


def _key(kind: str, options: Question, scope, flag: bool, found: dict[int, int]) -> str:
    return ":".join(
        str(part)
        for part in (
            kind,
            scope.pk,
            options.on.isoformat(),
            options.regime.pk,
            int(options.verified_only),
            int(flag),
            int(options.judging is not None),  # a trend's point judges across the reform
            found[scope.pk],
            found[CATALOGUE],
        )
    )


def _reports(options: Question, scopes: list, with_unmet: bool) -> list[Report]:
    results = _each(
        "report", options, scopes, with_unmet, lambda u: report(options, u, with_unmet=with_unmet)
    )
    for scope, result in zip(scopes, results, strict=True):
        result.options, result.scope = options, scope  # the caller's objects, not pickled copies
    return results
