"""Compliance figures kept in the cache until a write under their unit makes them stale.

The key names the question (date, regime, verified only) and the versions of the unit and of the
catalogue (figures.versions), so that a write never lets a stale figure out: it bumps the
versions of its commune and of every unit above it, and the next request asks for other keys.

Wide units are sums of narrower ones, each cached on its own, so that an edit in one commune
recomputes that commune only: the whole country is the sum of its provinces, a legacy province
the sum of its districts, a district or a 2025 province the sum of its communes' figures (a
commune's figures do not depend on the other communes asked with it). What is kept per unit:
its whole report (the rows of a table or an export), its total (a row of the unit above, a
trend's point), each commune's figures, and who lacks what (the training that closes the
gaps). A page over a wide unit reads totals, and the commune rows under it only if it asks for
them. A whole trend is kept too, under the versions of every unit it reads.
"""

import datetime
import time

from django.conf import settings
from django.db.models import Q

from figures.store import cache, holding
from figures.versions import CATALOGUE, once, out_of_time, refreshing, token, versions
from standards.compliance import (
    Figures,
    Question,
    Report,
    UnitRef,
    also_elsewhere,
    assemble,
    commune_figures,
    judging_for,
    regime_for,
    scope_filter,
    trend,
    unmet_needs,
)
from standards.models import Regime
from units.models import AdministrativeUnit, Dataset, Level, dataset_on

EMPTY = "empty"  # a unit with no commune on the date: no row (as `report` gives none)
FEW_DISTRICTS = 2  # more districts changed than this: the province's needs are read at once


def cached_report(
    options: Question, scope: AdministrativeUnit | None, *, with_unmet=True
) -> Report:
    """Return `report(options, scope)`, from the cache when nothing under the scope changed.

    For the whole country and a legacy province, the rows one level down and the total come
    from the units' cached totals; the commune rows are read (from the cache) only when used.
    """
    _note("report", (None if scope is None else scope.pk, _asked(options), with_unmet))
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
    _note("needs", (None if scope is None else scope.pk, _asked(options)))
    units = [scope] if scope is not None else _provinces(options.on)
    found = versions((unit.pk for unit in units), verified_only=options.verified_only)
    key = _token_key("needcount", "country" if scope is None else scope.pk, options, found)
    if scope is not None:
        return _get_or_set(key, lambda: _counted(_needs_sets(options, units)[0]))
    return _get_or_set(key, lambda: _country_counts(options, units))


def _country_counts(options: Question, provinces: list) -> dict:
    """Return the whole country's counts: the sum of its provinces' (each cached), corrected
    for the people with unmet posts in several provinces (merged by identity)."""

    def part(province):
        return _counted(_needs_sets(options, [province])[0]), also_elsewhere(options, province)

    # Each province's counts, and its people holding a post in another province too: only
    # they may be counted twice, and only the provinces they are in are read again.
    parts = _each("needspread", options, provinces, False, part)
    shared = frozenset().union(*(spread for _counts, spread in parts))
    total: dict = {}
    _add_counts(total, (counts for counts, _spread in parts), 1)
    if shared:  # counted once per province: take them out, then count them merged
        involved = [unit for unit, (_c, spread) in zip(provinces, parts, strict=True) if spread]
        sets = [_only(needs, shared) for needs in _needs_sets(options, involved)]
        _add_counts(total, (_counted(needs) for needs in sets), -1)
        _add_counts(total, [_counted(_merged_needs(sets))], 1)
    return {
        pair: {ranks: n for ranks, n in counted.items() if n}
        for pair, counted in total.items()
        if any(counted.values())
    }


def _add_counts(total: dict, parts, sign: int) -> None:
    for counts in parts:
        for pair, counted in counts.items():
            into = total.setdefault(pair, {})
            for ranks, n in counted.items():
                into[ranks] = into.get(ranks, 0) + sign * n


def _only(needs: dict, people: set[int]) -> dict:
    """Return `needs` restricted to `people`."""
    return {
        pair: {rank: ps & people for rank, ps in by_rank.items() if ps & people}
        for pair, by_rank in needs.items()
    }


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


_MISSING = object()
COMPUTING_SECONDS = 300  # a claim to compute a figure lapses after this (a worker that died)
WAIT_SECONDS = 30  # a reader waits this long for the figure another one computes, at most


def _claim_of(key: str) -> str:
    """Return the key under which one process says it is computing the figure `key`."""
    return f"{key}:computing"


def _get_or_set(key: str, compute):
    """Return the value kept under `key`, or compute and keep it. One request computes it
    while the others asking at the same time wait for it (no stampede after an edit), up to
    WAIT_SECONDS, after which they compute it themselves."""
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    claim = _claim_of(key)
    claimed = cache.add(claim, 1, timeout=COMPUTING_SECONDS)
    if not claimed:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.05)
            value = cache.get(key, _MISSING)
            if value is not _MISSING:
                return value
            if cache.get(claim) is None:  # the other one is done (or failed: compute it here)
                value = cache.get(key, _MISSING)
                if value is not _MISSING:
                    return value
                break
    try:
        value = compute()
        cache.set(key, value, timeout=settings.FIGURES_CACHE_SECONDS)
    finally:
        if claimed:
            cache.delete(claim)
    return value


def _each(kind: str, options: Question, units: list, flag: bool, compute) -> list:
    """Return `compute(unit)` for each unit, from the cache while nothing under it changed."""
    return _each_missing(kind, options, units, flag, lambda missing: [compute(u) for u in missing])


def _each_missing(kind: str, options: Question, units: list, flag: bool, compute) -> list:
    """As `_each`, the missing units computed together: `compute(units)` returns their values."""
    found = versions((unit.pk for unit in units), verified_only=options.verified_only)
    keys = [_key(kind, options, unit.pk, flag, found) for unit in units]
    hits = cache.get_many(keys)
    missing = [(unit, key) for unit, key in zip(units, keys, strict=True) if key not in hits]
    fresh = {}
    if missing:
        values = compute([unit for unit, _key in missing])
        fresh = {key: value for (_unit, key), value in zip(missing, values, strict=True)}
        cache.set_many(fresh, timeout=settings.FIGURES_CACHE_SECONDS)
    return [hits[key] if key in hits else fresh[key] for key in keys]


def _token_key(kind: str, name, options: Question, found: dict[int, int], *more) -> str:
    """Return the key of a figure over several units: their versions folded into a token."""
    return _question_key(kind, name, options, *more, token(found.items()))


def _question_key(kind: str, name, options: Question, *more) -> str:
    """Return a cache key: what is kept, of what, the question asked, then `more`."""
    asked = (
        options.on.isoformat(),
        options.regime.pk,
        int(options.verified_only),
        int(options.judging is not None),  # a trend's point judges across the reform
    )
    return ":".join(str(part) for part in (kind, name, *asked, *more))


def cached_trend(scope, dates: list[datetime.date], question: Question | None = None):
    """Return `trend(...)`, kept whole in the cache under the versions of every unit its
    points read; on a miss each point's total comes from the cached totals."""
    dates = sorted(dates)
    chosen = question.regime if question is not None else regime_for(dates[-1])
    verified_only = question.verified_only if question is not None else False
    latest = Question(on=dates[-1], regime=chosen, verified_only=verified_only)
    on_dates = tuple(on.isoformat() for on in dates)
    _note("trend", (None if scope is None else scope.pk, _asked(latest), on_dates))
    found = versions(_trend_units(scope, dates), verified_only=verified_only)
    name = "country" if scope is None else scope.pk
    key = _token_key("trend", name, latest, found, ",".join(on_dates))
    points = _get_or_set(
        key, lambda: trend(scope, dates, question, reporter=_total_report, rows=_rows_where)[1]
    )
    return chosen, points


_page_computers: dict = {}


def keep_pages(name: str, compute) -> None:
    """Let `refresh` compute again, after a write, the pages recently kept by `cached_page`
    under a kind `name:…`: `compute(kind, scope, question)` returns what the page keeps."""
    _page_computers[name] = compute


def cached_page(kind: str, scope, question: Question, dates: list[datetime.date], compute):
    """Return `compute()`, what a page shows of the figures of `scope` on the question and its
    trend's `dates` (rendered, or whatever the page keeps), from the cache while nothing under
    the scope, nor under the units its trend reads, changed. The caller names in `kind` what
    else the result depends on (the language it is written in)."""
    on_dates = tuple(on.isoformat() for on in sorted(dates))
    _note("page", (None if scope is None else scope.pk, _asked(question), kind, on_dates))
    return _get_or_set(_page_key(kind, scope, question, dates), compute)


def _page_key(kind: str, scope, question: Question, dates: list[datetime.date]) -> str:
    found = versions(_trend_units(scope, sorted(dates)), verified_only=question.verified_only)
    name = "country" if scope is None else scope.pk
    return _token_key(f"page:{kind}", name, question, found)


def cached_commune(kind: str, commune, options: Question, compute):
    """Return `compute()`, what a page shows of one commune on the question `options` (its
    roster), from the cache while nothing in the commune, or in the legacy communes a 2025
    commune was formed from (where its people came from), changed."""
    _note(f"commune:{commune.pk}", (commune.pk, _asked(options), kind))
    return _get_or_set(_commune_key(kind, commune, options), compute)


def _commune_key(kind: str, commune, options: Question) -> str:
    units = [commune.pk]
    if commune.dataset == Dataset.Y2025:
        units += sorted(commune.predecessors.order_by().values_list("pk", flat=True))
    found = versions(units, verified_only=options.verified_only)
    return _token_key(kind, commune.pk, options, found)


def cached_totals(options: Question, scopes: list, *, with_unmet=True) -> list[Figures | None]:
    """Return the total figures of each unit of `scopes` (None: no commune under it on the
    date), from the cache when nothing under the unit changed."""

    def compute(units):
        return _compute_totals(options, units, with_unmet)

    totals = _each_missing("total", options, scopes, with_unmet, compute)
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


def _compute_totals(options: Question, units: list, with_unmet: bool) -> list:
    """Return the totals of `units`: a legacy province sums its districts' (cached) totals,
    any other unit its communes' (cached) figures; EMPTY for a unit with no commune."""
    composed = [unit for unit in units if _composed(unit)]
    totals = _sums(options, [unit for unit in units if not _composed(unit)], with_unmet)
    if composed:
        # Every district of these provinces at once: on a cold cache, one computation.
        districts = _districts(*composed)
        parts: dict[int, list] = {province.pk: [] for province in composed}
        for district, total in zip(
            districts, cached_totals(options, districts, with_unmet=with_unmet), strict=True
        ):
            if total is not None:
                parts[district.parent_id].append(total)
        for province in composed:
            totals[province.pk] = _summed(province, parts[province.pk]) or EMPTY
    return [totals[unit.pk] for unit in units]


def _sums(options: Question, units: list, with_unmet: bool) -> dict:
    """Return, per unit of `units` (communes, districts, 2025 provinces), its total made of
    its communes' figures on the date (EMPTY for a unit with no commune then)."""
    if not units:
        return {}
    owners = _communes_of(units, options.on)
    rows = _rows(options, list(owners), with_unmet, _where_all(units, options.on))
    parts: dict[int, list] = {unit.pk: [] for unit in units}
    for item in rows:
        parts[owners[item.unit.pk]].append(item)
    result = {}
    for unit in units:
        if not parts[unit.pk]:
            result[unit.pk] = EMPTY
        elif unit.level == Level.COMMUNE:
            result[unit.pk] = parts[unit.pk][0]
        else:
            result[unit.pk] = _summed(unit, parts[unit.pk])
    return result


def _summed(unit, parts: list[Figures]) -> Figures | None:
    if not parts:
        return None
    total = Figures(unit=UnitRef(**{name: getattr(unit, name) for name in UnitRef.FIELDS}))
    for part in parts:
        total.add(part)
    return total


def _communes_of(units: list, on: datetime.date) -> dict[int, int]:
    """Return, for each commune under `units` valid on `on` (in code order), the unit of
    `units` it is under (one query)."""

    def read():
        wanted = Q()
        for unit in units:
            wanted |= Q(**scope_filter(unit, on))
        asked = {unit.pk for unit in units}
        owners = {}
        rows = AdministrativeUnit.objects.filter(wanted).order_by("code")
        for pk, parent, grandparent in rows.values_list("pk", "parent_id", "parent__parent_id"):
            owners[pk] = next(owner for owner in (pk, parent, grandparent) if owner in asked)
        return owners

    return once(("communes of", dataset_on(on), *(unit.pk for unit in units)), read)


def _where_all(units: list, on: datetime.date) -> dict | None:
    """Return the conditions selecting every commune under `units` on `on` through the units
    above them (a join PostgreSQL runs faster than a long list of communes), or None."""
    if len(units) == 1:
        return scope_filter(units[0], on)
    if all(unit.level == Level.DISTRICT for unit in units):
        return {**scope_filter(None, on), "parent_id__in": [unit.pk for unit in units]}
    return None


def _rows(
    options: Question, ids: list[int], with_unmet: bool, where_all: dict | None = None
) -> list[Figures]:
    """Return the figures of the communes `ids` (their order), from the cache while nothing in
    a commune changed; the changed ones computed together (one set of queries): all of them,
    when `where_all` selects every commune of `ids`, through it."""
    found = versions(ids, verified_only=options.verified_only)
    keys = [_key("row", options, pk, with_unmet, found) for pk in ids]
    hits = cache.get_many(keys)
    if len(hits) < len(keys) and not with_unmet:  # the figures with the unmet requirements do
        fuller = {
            _key("row", options, pk, True, found): key
            for pk, key in zip(ids, keys, strict=True)
            if key not in hits
        }
        hits |= {fuller[key]: value for key, value in cache.get_many(list(fuller)).items()}
    missing = [pk for pk, key in zip(ids, keys, strict=True) if key not in hits]
    if missing and len(missing) <= WAIT_FOR_AT_MOST:
        hits |= _computed_by_another([key for key in keys if key not in hits])
        missing = [pk for pk, key in zip(ids, keys, strict=True) if key not in hits]
    fresh = {}
    if missing:
        _note("row", (with_unmet, _asked(options)))
        claims = _claim([key for key in keys if key not in hits])
        try:
            where = {**scope_filter(None, options.on), "pk__in": missing}
            if where_all is not None and len(missing) == len(ids):
                where = where_all
            computed = {
                item.unit.pk: item
                for item in commune_figures(options, where, with_unmet=with_unmet)
            }
            fresh = {key: computed[pk] for pk, key in zip(ids, keys, strict=True) if pk in computed}
            cache.set_many(fresh, timeout=settings.FIGURES_CACHE_SECONDS)
        finally:
            if claims:
                cache.delete_many(claims)
    return [hits[key] if key in hits else fresh[key] for key in keys if key in hits or key in fresh]


WAIT_FOR_AT_MOST = 5  # communes: a reader missing this few waits for a refresh computing them


def _claim(keys: list[str]) -> list[str]:
    """In a refresh, claim the figures it is about to compute, so that a reader missing them
    waits for them instead of computing them too (`_computed_by_another`); return the claims."""
    if not refreshing() or len(keys) > WAIT_FOR_AT_MOST:
        return []
    claims = [_claim_of(key) for key in keys]
    cache.set_many(dict.fromkeys(claims, 1), timeout=COMPUTING_SECONDS)
    return claims


def _computed_by_another(keys: list[str]) -> dict:
    """Return those of `keys` that a refresh computing them now has kept, once it has (up to
    WAIT_SECONDS); none when nobody is computing them."""
    if holding():  # a writer before its commit waits for nobody (figures.versions)
        return {}
    claims = [_claim_of(key) for key in keys]
    deadline = time.monotonic() + WAIT_SECONDS
    waited = False
    while cache.get_many(claims) and time.monotonic() < deadline:  # kept, then released
        waited = True
        time.sleep(0.02)
    return cache.get_many(keys) if waited else {}


HOT = "figures:hot:"  # what was recently computed, per kind: {what was asked: when}
HOT_AT_MOST = 16  # the writer refreshes this many of each kind at most (the most recent)
HOT_SECONDS = 24 * 60 * 60


_noted_here: dict[tuple, float] = {}  # what this process wrote down lately, and when
NOTE_EVERY = 60  # seconds: a question asked again and again is written down once a minute


def forget_asked() -> None:
    """Forget what this process wrote down as asked (a test starting on an empty cache)."""
    _noted_here.clear()


def _note(kind: str, asked: tuple) -> None:
    """Remember that `asked` was asked lately, for `refresh` (a dictionary lookup, mostly);
    not what a refresh asks itself, so that what readers stopped asking stops being refreshed."""
    if refreshing():
        return
    now = time.time()
    if now - _noted_here.get((kind, asked), 0) < NOTE_EVERY:
        return
    _noted_here[(kind, asked)] = now
    hot = {q: when for q, when in (cache.get(HOT + kind) or {}).items() if now - when < HOT_SECONDS}
    hot[asked] = now
    newest = sorted(hot.items(), key=lambda item: -item[1])[:HOT_AT_MOST]
    cache.set(HOT + kind, dict(newest), timeout=HOT_SECONDS)


def _asked(options: Question) -> tuple:
    return (
        options.on.isoformat(),
        options.regime.pk,
        options.verified_only,
        options.judging is not None,
    )


def refresh(unit_ids: set[int], verified_only: bool = False) -> None:
    """Compute again what was recently asked and a write to `unit_ids` has just made stale
    (figures.versions.after_change; with `verified_only`, only the figures counting verified
    entries only): the figures of those communes, then, unit by unit (`_urgency`), the totals,
    reports, trends and needs of the units above them and the parts of pages kept for them
    (`keep_pages`), so that the next readers only read."""

    def recent(kind):
        return [q for q in (cache.get(HOT + kind) or {}) if q[1][2] or not verified_only]

    kinds = ("row", "report", "trend", "needs", "page")
    rows, reports, trends, needs, pages = (recent(kind) for kind in kinds)
    rows.sort(key=lambda asked: not asked[0])  # with the unmet requirements first: they serve both
    if not (rows or reports or trends or needs or pages):
        return
    units = AdministrativeUnit.objects.filter(pk__in=unit_ids)
    communes = list(units.filter(level=Level.COMMUNE).values_list("pk", "dataset"))
    above = _scopes_above(units)
    questions = _Questions()
    # Unit by unit (its report, trend, needs, then the parts of pages kept for it), those most
    # often made stale first: a province by every edit in it, a district by a tenth of them;
    # the whole country last (slowest to compute, its page may take a second).
    work = [
        *((scope, asked, "report", with_unmet) for scope, asked, with_unmet in reports),
        *((scope, asked, "trend", dates) for scope, asked, dates in trends),
        *((scope, asked, "needs", None) for scope, asked in needs),
        *((scope, asked, "page", (kind, dates)) for scope, asked, kind, dates in pages),
        *(
            (scope, asked, "commune", kind)
            for pk, unit in above.items()
            if unit is not None and unit.level == Level.COMMUNE
            for scope, asked, kind in recent(f"commune:{pk}")
        ),
    ]
    work.sort(key=lambda item: _urgency(above.get(item[0], False)))
    # The parts of pages to render again are claimed first: their readers meanwhile wait for
    # them (`_get_or_set`) instead of computing them, and all they read, too (a refresh after
    # the commit; before it, figures.store keeps the claims, as everything, from the others).
    claimed = {}
    try:
        for scope, asked, kind, more in work:
            options = questions.get(asked)
            if _computer(_part(kind, more)) is None or options is None or scope not in above:
                continue
            key = _part_key(above[scope], options, kind, more)
            if cache.add(_claim_of(key), 1, timeout=COMPUTING_SECONDS):
                claimed[(scope, asked, kind, more)] = key
        for with_unmet, asked in rows:
            if out_of_time():
                break
            options = questions.get(asked)
            if options is None:
                continue
            ids = [pk for pk, dataset in communes if dataset == dataset_on(options.on)]
            if ids:
                _rows(options, ids, with_unmet)
        _refresh_work(work, above, questions, claimed)
    finally:
        cache.delete_many([_claim_of(key) for key in claimed.values()])


def _part(kind: str, more) -> str | None:
    """Return the kind of the part of a page a work item renders again (None: not a page's)."""
    if kind == "page":
        return more[0]
    return more if kind == "commune" else None


def _computer(part: str | None):
    """Return how `keep_pages` said to render `part` again, or None."""
    return _page_computers.get(part.split(":")[0]) if part else None


def _part_key(unit, options: Question, kind: str, more) -> str:
    if kind == "page":
        page_kind, dates = more
        return _page_key(page_kind, unit, options, [datetime.date.fromisoformat(d) for d in dates])
    return _commune_key(more, unit, options)


def _refresh_work(work: list, above: dict, questions, claimed: dict) -> None:
    for item in work:
        if out_of_time():  # the writer has waited long enough: readers compute the rest
            return
        scope, asked, kind, more = item
        options = questions.get(asked)
        if options is None or scope not in above:
            continue
        if item in claimed:
            _render_again(above[scope], options, _part(kind, more), claimed[item])
        elif kind == "report":
            cached_report(options, above[scope], with_unmet=more).total  # noqa: B018
        elif kind == "trend":
            cached_trend(above[scope], [datetime.date.fromisoformat(on) for on in more], options)
        elif kind == "needs":
            cached_needs(options, above[scope])


def _render_again(unit, options: Question, part: str, key: str) -> None:
    """Compute again the part of a page kept under `key` (claimed by this refresh)."""
    value = _computer(part)(part, unit, options)
    cache.set(key, value, timeout=settings.FIGURES_CACHE_SECONDS)


def _urgency(unit) -> int:
    """Order the units a refresh computes again: a province, a district, a commune, then the
    whole country."""
    if unit is False:  # not above the change: skipped
        return 0
    return 3 if unit is None else (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE).index(unit.level)


class _Questions:
    """The questions `_asked` wrote down, made again (a regime and its judging read once)."""

    def __init__(self):
        self._regimes, self._judging = {}, {}

    def get(self, asked: tuple) -> Question | None:
        on, regime, verified_only, judged = asked
        if regime not in self._regimes:
            self._regimes[regime] = Regime.objects.filter(pk=regime).first()
        if self._regimes[regime] is None:
            return None
        if judged and regime not in self._judging:
            self._judging[regime] = judging_for(self._regimes[regime])
        return Question(
            on=datetime.date.fromisoformat(on),
            regime=self._regimes[regime],
            verified_only=verified_only,
            judging=self._judging[regime] if judged else None,
        )


def _scopes_above(units) -> dict:
    """Return the scopes whose figures read `units`: the units, those above them, the 2025
    units formed from them (their trends before the reform) and those above, and the whole
    country (None)."""
    # Step by step: one query of joins OR-ed together scanned every unit (30 ms nationally).
    ids = set(units.values_list("pk", flat=True))
    successors = AdministrativeUnit.objects.filter(predecessors__in=ids).order_by()
    ids |= set(successors.values_list("pk", flat=True))
    above = AdministrativeUnit.objects.filter(pk__in=ids).order_by()
    ids |= {pk for pair in above.values_list("parent_id", "parent__parent_id") for pk in pair}
    found = AdministrativeUnit.objects.filter(pk__in=ids - {None})
    return {None: None, **{unit.pk: unit for unit in found}}


def _rows_where(options: Question, where: dict) -> list[Figures]:
    """Return the figures of the communes `where` selects (a trend's point before a 2025
    unit existed: the legacy communes it was formed from), from the cache."""
    ids = AdministrativeUnit.objects.filter(**where).order_by("code").values_list("pk", flat=True)
    return _rows(options, list(ids), False)


def _unit_report(options: Question, unit, with_unmet: bool) -> Report:
    """Return the report of `unit` made of its communes' (cached) figures."""
    ids = list(_communes_of([unit], options.on))
    rows = _rows(options, ids, with_unmet, scope_filter(unit, options.on))
    return assemble(options, unit, rows)


def _composed(unit) -> bool:
    """Return whether `unit`'s figures are the sum of its districts' (a legacy province)."""
    return unit.level == Level.PROVINCE and unit.dataset == Dataset.LEGACY


def _districts(*provinces) -> list[AdministrativeUnit]:
    districts = AdministrativeUnit.objects.filter(parent__in=provinces, level=Level.DISTRICT)
    return once(
        ("districts", *(province.pk for province in provinces)),
        lambda: list(districts.order_by("code")),
    )


def _province_needs(options: Question, province) -> dict:
    """Return the needs of a legacy province: its districts' (cached) needs merged; when more
    than a few districts changed, one query over the province."""
    districts = _districts(province)
    found = versions((district.pk for district in districts), verified_only=options.verified_only)
    keys = [_key("needs", options, district.pk, False, found) for district in districts]
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
        provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE).order_by()
        return once("every province", lambda: list(provinces.values_list("pk", flat=True)))
    units = [scope.pk]
    if scope.dataset == Dataset.Y2025 and not all(scope.is_valid_on(on) for on in dates):
        sources = AdministrativeUnit.objects.filter(
            successors__in=AdministrativeUnit.objects.communes_under(scope)
        )
        units += sorted(sources.order_by().values_list("pk", flat=True))
    return units


def _provinces(on: datetime.date) -> list[AdministrativeUnit]:
    provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE, dataset=dataset_on(on))
    return once(("provinces", dataset_on(on)), lambda: list(provinces.order_by("code")))


def _code(figures) -> str:
    return figures.unit.code


def _key(kind: str, options: Question, pk: int, flag: bool, found: dict[int, int]) -> str:
    return _question_key(kind, pk, options, int(flag), found[pk], found[CATALOGUE])


def _reports(options: Question, scopes: list, with_unmet: bool) -> list[Report]:
    results = _each(
        "report", options, scopes, with_unmet, lambda u: _unit_report(options, u, with_unmet)
    )
    for scope, result in zip(scopes, results, strict=True):
        result.options, result.scope = options, scope  # the caller's objects, not pickled copies
    return results
