"""Compliance reports kept in the cache until a write under their unit makes them stale.

The key names the question (date, regime, verified only) and the versions of the unit and of the
catalogue (figures.versions), so that a write never lets a stale figure out: it bumps the
versions and the next request asks for another key. The whole country is the sum of its
provinces, each cached on its own: an edit in one province recomputes that province only.
"""

import datetime

from django.conf import settings
from django.core.cache import cache

from figures.versions import CATALOGUE, versions
from standards.compliance import Question, Report, report, trend
from units.models import AdministrativeUnit, Level, dataset_on


def cached_report(
    options: Question, scope: AdministrativeUnit | None, *, with_unmet=True
) -> Report:
    """Return `report(options, scope)`, from the cache when nothing under the scope changed."""
    if scope is not None:
        return _reports(options, [scope], with_unmet)[0]
    provinces = AdministrativeUnit.objects.filter(
        level=Level.PROVINCE, dataset=dataset_on(options.on)
    ).order_by("code")
    parts = _reports(options, list(provinces), with_unmet)

    def merged(name):
        return sorted((item for part in parts for item in getattr(part, name)), key=_code)

    return Report(
        options=options,
        scope=None,
        communes=merged("communes"),
        districts=merged("districts"),
        provinces=merged("provinces"),
    )


def cached_trend(scope, dates: list[datetime.date], question: Question | None = None):
    """Return `trend(...)` with each point's report taken from the cache."""
    return trend(scope, dates, question, reporter=cached_report)


def _code(figures) -> str:
    return figures.unit.code


def _key(options: Question, scope, with_unmet: bool, found: dict[int, int]) -> str:
    return ":".join(
        str(part)
        for part in (
            "report",
            scope.pk,
            options.on.isoformat(),
            options.regime.pk,
            int(options.verified_only),
            int(with_unmet),
            int(options.judging is not None),  # a trend's point judges across the reform
            found[scope.pk],
            found[CATALOGUE],
        )
    )


def _reports(options: Question, scopes: list, with_unmet: bool) -> list[Report]:
    found = versions(scope.pk for scope in scopes)
    keys = [_key(options, scope, with_unmet, found) for scope in scopes]
    hits = cache.get_many(keys)
    results, fresh = [], {}
    for scope, key in zip(scopes, keys, strict=True):
        result = hits.get(key)
        if result is None:
            result = fresh[key] = report(options, scope, with_unmet=with_unmet)
        result.options, result.scope = options, scope  # the caller's objects, not pickled copies
        results.append(result)
    if fresh:
        cache.set_many(fresh, timeout=settings.FIGURES_CACHE_SECONDS)
    return results
