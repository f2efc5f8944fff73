"""Which figures a write makes stale: a version per unit, bumped with the write.

A figure cached under the versions of its scope and of the catalogue is never served after a
write under that scope: every write bumps the version of the communes it touches and of the
district and province above them (and the catalogue's, for national law). A request's writes
bump them at the end of its transaction, where the writer also computes again what it made
stale (`settle_changes`), so that the new versions and their figures appear with its commit;
other writes (commands, background jobs) right after their transaction commits. A reader that
raced the commit may store a figure under the old versions, which no later request asks for.
"""

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.apps import apps
from django.db import OperationalError, connection, transaction

from figures import store

CATALOGUE = 0  # the standards catalogue: every figure depends on it
# The units' structure (parents, succession links): bumped by PostgreSQL itself on every write
# to those tables (units/migrations/0003_structure_version.py).
STRUCTURE = -(2**62)
# A write touching at most this many units has their figures computed again by the writer
# (the apps above register how: `after_change`), so that the next reader finds them; a larger
# write leaves them to the readers.
REFRESH_AT_MOST = 5
# The writer waits for its refresh (it runs before the commit): after this many seconds the
# refresh starts nothing new (a cold cache, after a change of the catalogue: readers compute
# the rest, as they would after a large write).
REFRESH_SECONDS = 3.0
# A writer whose versions another writer holds (settling an edit in the same province) waits
# this long for them, then refreshes before its commit as usual; if they are still held,
# after its commit: a writer waits for one other's refresh at most, never for a queue of them.
WAIT_FOR_VERSIONS = 1.0
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
    nothing but whether an entry waits for verification). In a request (`hold_changes`), at
    the end of its transaction; elsewhere once the transaction has committed."""
    ids = {pk for pk in unit_ids if pk}
    if not ids:
        return
    holding = getattr(_local, "holding", None)
    if holding is not None and connection.in_atomic_block:
        # Kept as a callback on commit that does nothing, so that a savepoint rolled back
        # forgets it as it forgets its writes (`_held_changes`).
        transaction.on_commit(_Change(ids, verified_only, holding))
        return
    transaction.on_commit(
        lambda: _bump(_channels(_with_ancestors(ids), verified_only)), robust=True
    )
    if len(ids) <= REFRESH_AT_MOST and _refreshers:
        transaction.on_commit(lambda: _run(ids, verified_only), robust=True)


class _Change:
    """The units a write of the request changed (a no-op callback on commit)."""

    def __init__(self, ids: set[int], verified_only: bool, request: object):
        self.ids, self.verified_only, self.request = ids, verified_only, request

    def __call__(self) -> None:
        pass


def hold_changes() -> None:
    """Keep the units this thread's writes change until `settle_changes()`, at the end of the
    transaction they were written in (a request's: figures.middleware)."""
    _local.holding = object()  # this request's, among the callbacks of outer transactions


def drop_changes() -> None:
    """Stop keeping this thread's changed units (what was not settled: a rollback)."""
    _local.holding = None


def _held_changes(request: object) -> tuple[set[int], set[int]]:
    """Return the units the transaction's writes changed: every figure's, and the
    verified-only figures' alone; not those of a savepoint rolled back (Django drops its
    callbacks, `connection.run_on_commit`, with its writes)."""
    every: set[int] = set()
    verified: set[int] = set()
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _Change) and callback.request is request:
            (verified if callback.verified_only else every).update(callback.ids)
    return every, verified - every


def settle_changes() -> None:
    """At the end of the writer's transaction, before it commits: bump the versions of the
    units it changed and compute again, in this transaction, what a small write made stale
    (`after_change`), kept from the shared cache until the commit (figures.store.held). The
    new versions and their figures appear together: readers never wait for the refresh, and a
    rollback leaves neither. The writer waits for it, REFRESH_SECONDS at most.

    The bumped rows stay locked until the commit (one order for every writer: no deadlock).
    A writer whose rows another writer holds (settling an edit in the same province) waits
    for them WAIT_FOR_VERSIONS at most; if they are still held then, it waits for that commit
    and computes its figures after its own commit (readers meanwhile wait for them, or
    compute them), so that writers never queue behind a line of refreshes."""
    request, _local.holding = getattr(_local, "holding", None), None
    every, verified = _held_changes(request)
    if not (every or verified):
        return
    scopes = _channels(_with_ancestors(every), False) if every else set()
    if verified:
        scopes |= _channels(_with_ancestors(verified), True)
    waited = _bump(scopes, wait_first=True)
    refreshes = [
        (ids, flag)
        for ids, flag in ((every, False), (verified, True))
        if ids and len(ids) <= REFRESH_AT_MOST
    ]
    if not (refreshes and _refreshers):
        return
    if waited:
        for ids, flag in refreshes:
            transaction.on_commit(lambda ids=ids, flag=flag: _run(ids, flag), robust=True)
        return
    _local.deadline = time.monotonic() + REFRESH_SECONDS
    try:
        with store.held() as kept:
            for ids, flag in refreshes:
                _run(ids, flag)
    finally:
        _local.deadline = None
    transaction.on_commit(lambda: store.write(kept), robust=True)


def _run(ids: set[int], verified_only: bool) -> None:
    """Run the refreshers. A refresher that fails is rolled back to its savepoint: the
    writer's transaction, and so its write, goes on."""
    for refresher in _refreshers:
        if out_of_time():
            return
        try:
            with read_once(), transaction.atomic():
                refresher(ids, verified_only)
        except Exception:  # a figure not refreshed is computed by its next reader
            logger.exception("refreshing the figures of %s failed", sorted(ids))


def out_of_time() -> bool:
    """Return whether the writer's refresh before its commit has used the time it may keep
    the writer waiting (REFRESH_SECONDS): what it has not computed yet, the readers will."""
    deadline = getattr(_local, "deadline", None)
    return deadline is not None and time.monotonic() > deadline


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


def _bump(scopes: set[int], *, wait_first: bool = False) -> bool:
    """Add one to the versions of `scopes`. With `wait_first` (PostgreSQL), first waiting
    WAIT_FOR_VERSIONS at most for rows another transaction holds; return whether that was
    not enough (then it waits for them as long as it takes)."""
    table = connection.ops.quote_name(apps.get_model("figures", "FigureVersion")._meta.db_table)
    rows = sorted(scopes)  # one order for every writer: no deadlock between two bumps
    values = ", ".join(["(%s, 1)"] * len(rows))
    sql = (
        f"INSERT INTO {table} (scope, number) VALUES {values} "
        f"ON CONFLICT (scope) DO UPDATE SET number = {table}.number + 1"
    )
    waited = False
    if wait_first and connection.vendor == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = {round(WAIT_FOR_VERSIONS * 1000)}")
                cursor.execute(sql, rows)
                cursor.execute("SET LOCAL lock_timeout = DEFAULT")
            return False
        except OperationalError:  # rolled back to the savepoint, lock_timeout with it
            waited = True
    with connection.cursor() as cursor:
        cursor.execute(sql, rows)
    return waited
