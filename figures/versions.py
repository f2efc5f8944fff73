"""Which figures a write makes stale: a version per unit, bumped once the write commits.

A figure cached under the versions of its scope and of the catalogue is never served after a
write under that scope: every write bumps the version of the communes it touches and of the
district and province above them (and the catalogue's, for national law), right after its
transaction commits and before the writer's response leaves. A reader that raced the commit may
store a figure under the old versions, which no later request asks for.
"""

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction

CATALOGUE = 0  # the standards catalogue: every figure depends on it
# The units' structure (parents, succession links): bumped by PostgreSQL itself on every write
# to those tables (units/migrations/0003_structure_version.py).
STRUCTURE = -(2**62)
# A write touching at most this many units has their figures computed again by the writer,
# right after the versions moved (the apps above register how: `after_change`), so that the
# next reader finds them; a larger write leaves them to the readers.
REFRESH_AT_MOST = 5
_refreshers: list[Callable[[set[int], bool], None]] = []
logger = logging.getLogger(__name__)
_local = threading.local()


def after_change(refresher: Callable[[set[int], bool], None]) -> None:
    """Call `refresher(unit_ids, verified_only)` after a small write made the figures of those
    units stale (with `verified_only`, only those counting verified entries only)."""
    if refresher not in _refreshers:
        _refreshers.append(refresher)


def units_changed(unit_ids: Iterable[int | None], *, verified_only: bool = False) -> None:
    """Mark the figures of `unit_ids` and of every unit above them as stale; with
    `verified_only`, only the figures that count verified entries only (a write that changed
    nothing but whether an entry waits for verification)."""
    ids = {pk for pk in unit_ids if pk}
    if ids:
        transaction.on_commit(
            lambda: _bump(_channels(_with_ancestors(ids), verified_only)), robust=True
        )
        if len(ids) <= REFRESH_AT_MOST and _refreshers:
            transaction.on_commit(lambda: _refresh(ids, verified_only), robust=True)


def _refresh(ids: set[int], verified_only: bool) -> None:
    pending = getattr(_local, "pending", None)
    if pending is not None:  # in a request: after its response (figures.middleware)
        pending.append((ids, verified_only))
        return
    _run(ids, verified_only)


def defer_refreshes() -> None:
    """Keep this thread's refreshes until `deferred_refreshes()` hands them over."""
    _local.pending = []


def deferred_refreshes() -> list[tuple[set[int], bool]]:
    """Stop keeping this thread's refreshes; return those kept."""
    pending, _local.pending = getattr(_local, "pending", None) or [], None
    return pending


def refresh_after_response(pending: list[tuple[set[int], bool]]) -> None:
    """Run `pending` once the response has left (request_finished: `run_after_response`)."""
    _local.after_response = pending


def run_after_response(**kwargs) -> None:
    """Run the refreshes the finished request left (a receiver of request_finished)."""
    pending, _local.after_response = getattr(_local, "after_response", None) or [], None
    for ids, verified_only in pending:
        _run(ids, verified_only)


def _run(ids: set[int], verified_only: bool) -> None:
    for refresher in _refreshers:
        try:
            with read_once():
                refresher(ids, verified_only)
        except Exception:  # a figure not refreshed is computed by its next reader
            logger.exception("refreshing the figures of %s failed", sorted(ids))


def officials_changed(official_ids: Iterable[int | None], *, verified_only: bool = False) -> None:
    """Mark as stale the figures of every commune where the officials ever held a post."""
    ids = {pk for pk in official_ids if pk}
    if not ids:
        return
    Assignment = apps.get_model("officials", "Assignment")
    communes = Assignment._default_manager.filter(official_id__in=ids).values_list(
        "commune_id", flat=True
    )
    units_changed(set(communes), verified_only=verified_only)


def catalogue_changed() -> None:
    """Mark every figure as stale (the catalogue, or a bulk write over many units)."""
    transaction.on_commit(lambda: _bump({CATALOGUE}), robust=True)


def versions(unit_ids: Iterable[int], *, verified_only: bool = False) -> dict[int, int]:
    """Return the version of each unit and of the catalogue (0 for a unit never changed): of
    the figures counting every entry not rejected, or with `verified_only` of those counting
    verified entries only."""
    FigureVersion = apps.get_model("figures", "FigureVersion")
    sign = -1 if verified_only else 1
    wanted = {CATALOGUE, *unit_ids}
    read = getattr(_local, "read", None)
    known = read if read is not None else {}
    unknown = sorted({sign * pk for pk in wanted} - known.keys())
    if unknown:
        rows = FigureVersion.objects.filter(scope__in=unknown).values_list("scope", "number")
        known.update(dict.fromkeys(unknown, 0))
        known.update(rows)
    result = {pk: known[sign * pk] for pk in wanted}
    result[CATALOGUE] = f"{_epoch()}.{result[CATALOGUE]}"
    return result


@contextmanager
def read_once():
    """Within the block, read each version once, and what `once` is asked for. Only for work
    that follows the writes it serves and writes nothing itself (a refresh): a figure computed
    after the version was read is never older than that version, but a request that writes
    would read its own writes under versions read before them."""
    _local.read, _local.kept = {}, {}
    try:
        yield
    finally:
        _local.read = _local.kept = None


def refreshing() -> bool:
    """Return whether this thread is refreshing figures (within `read_once`)."""
    return getattr(_local, "kept", None) is not None


def once(key, compute):
    """Return `compute()`, computed once per `key` within `read_once` (the units a refresh
    walks again and again), else each time."""
    kept = getattr(_local, "kept", None)
    if kept is None:
        return compute()
    if key not in kept:
        kept[key] = compute()
    return kept[key]


def token(pairs) -> str:
    """Fold `pairs` (unit and version, or anything sortable) into one short token for a cache
    key: the same pairs, the same token."""
    return hashlib.sha1(repr(sorted(pairs)).encode()).hexdigest()  # noqa: S324


def structure() -> str | None:
    """Return the version of the units' structure (with the database's identity), or None
    where nothing keeps it (not PostgreSQL)."""
    if connection.vendor != "postgresql":
        return None
    FigureVersion = apps.get_model("figures", "FigureVersion")
    number = FigureVersion.objects.filter(scope=STRUCTURE).values_list("number", flat=True)
    return f"{_epoch()}.{number.first() or 0}"


_epochs: dict[str, int] = {}


def _epoch() -> int:
    """Return what tells this database apart from an earlier one of the same name: its
    PostgreSQL object id, new when a backup is restored into a database created again (or a
    bench database built again), so that figures cached under the versions of the old one,
    which the restored one will count through again, are never read. 0 on SQLite."""
    name = connection.settings_dict["NAME"]
    if name not in _epochs:
        _epochs[name] = 0
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT oid FROM pg_database WHERE datname = current_database()")
                _epochs[name] = cursor.fetchone()[0]
    return _epochs[name]


def _channels(ids: set[int], verified_only: bool) -> set[int]:
    """Return the version rows a write bumps: a unit's own id counts the writes every figure
    sees, its negated id those the verified-only figures see (every write, and the changes of
    verification alone)."""
    negated = {-pk for pk in ids}
    return negated if verified_only else ids | negated


def _with_ancestors(ids: set[int]) -> set[int]:
    AdministrativeUnit = apps.get_model("units", "AdministrativeUnit")
    units = AdministrativeUnit.objects.filter(pk__in=ids)
    parents = set(units.values_list("parent_id", "parent__parent_id"))
    return ids | {pk for pair in parents for pk in pair if pk}


def _bump(scopes: set[int]) -> None:
    table = connection.ops.quote_name(apps.get_model("figures", "FigureVersion")._meta.db_table)
    rows = sorted(scopes)  # one order for every writer: no deadlock between two bumps
    values = ", ".join(["(%s, 1)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, number) VALUES {values} "
            f"ON CONFLICT (scope) DO UPDATE SET number = {table}.number + 1",
            rows,
        )
