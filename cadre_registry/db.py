"""Database chores shared by the apps: planner statistics after bulk writes."""

import functools

from django.db import connection, connections, router, transaction
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

# Below this many written rows autovacuum's own ANALYZE is soon enough; above it the planner's
# statistics lag behind the data enough to pick a slow plan (issue 12: 119 s instead of 2 s).
ANALYZE_MIN_ROWS = 1000


def analyze(*models, using: str | None = None) -> list[str]:
    """Update the planner's statistics of the tables of `models` and of their history tables.

    Call it after a bulk write (import, seed, reorganisation). Inside a transaction it runs
    once the transaction commits: statistics of rows a rollback removes would mislead the
    planner. Return the tables, in the order analysed.
    """
    if not models:
        return []
    alias = using or router.db_for_write(models[0])
    tables = []
    for model in models:
        for candidate in (model, _history_model(model)):
            if candidate is not None and candidate._meta.db_table not in tables:
                tables.append(candidate._meta.db_table)
    run = functools.partial(_analyze_tables, alias, tables)
    if connections[alias].in_atomic_block:
        transaction.on_commit(run, using=alias)
    else:
        run()
    return tables


def _analyze_tables(alias: str, tables: list[str]) -> None:
    connection = connections[alias]
    quoted = [connection.ops.quote_name(table) for table in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(quoted)}")
        else:  # SQLite takes one table per statement
            for table in quoted:
                cursor.execute(f"ANALYZE {table}")


def _history_model(model):
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def advisory_xact_lock(*keys: int, on_wait=None) -> bool:
    """Take PostgreSQL's advisory lock named by `keys` (one bigint, or two ints) for the current
    transaction; return whether it had to wait. `on_wait()` is called before waiting (a command
    says so at once). SQLite, the demo's database, runs one writer at a time anyway."""
    if connection.vendor != "postgresql":
        return False
    placeholders = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_try_advisory_xact_lock({placeholders})", list(keys))
        if cursor.fetchone()[0]:
            return False
        if on_wait is not None:
            on_wait()
        cursor.execute(f"SELECT pg_advisory_xact_lock({placeholders})", list(keys))
    return True
