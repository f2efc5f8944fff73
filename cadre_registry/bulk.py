"""Bulk inserts with their history rows, by COPY on PostgreSQL.

Django's `bulk_create` (and simple_history's `bulk_create_with_history` on top of it) spends
about two thirds of a roster import building SQL; COPY writes the same rows, with ids taken from
the table's sequence, several times faster, and one INSERT ... SELECT copies them into the history
table ("+", the importing user, the reason). Other databases (the SQLite demo) take
simple_history's path.

`unsaved` builds the instances such an insert takes without `Model.__init__`, whose per-field work
cost a national import (a million credentials) more than writing them.
"""

import functools
from operator import itemgetter

from django.db import connection
from django.db.models import FileField
from django.db.models.base import ModelState
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_model_for_model


@functools.cache
def _blank(model) -> tuple[dict, dict, dict]:
    """Return the constant defaults of `model`'s fields by attribute name, the fields whose
    default is computed, and its foreign keys by name."""
    constants, computed, relations = {}, {}, {}
    for field in model._meta.concrete_fields:
        if field.generated:
            continue
        if field.has_default() and callable(field.default):
            computed[field.attname] = field
        else:
            constants[field.attname] = field.get_default()
        if field.is_relation:
            relations[field.name] = field
    return constants, computed, relations


def unsaved(model, **values):
    """Return `model(**values)`, built without `Model.__init__` (a tenth of the time).

    `values` are field attribute names (`official_id`) or foreign keys (`official`); every
    other field takes its default, as in `__init__`. The models it builds have no init signals.
    """
    constants, computed, relations = _blank(model)
    obj = model.__new__(model)
    obj._state = ModelState()
    state = obj.__dict__
    state.update(constants)
    for name, field in computed.items():
        state[name] = field.get_default()
    for name, value in values.items():
        if name in relations:  # what the relation's descriptor does: its id, and the cache
            field = relations[name]
            state[field.attname] = (
                None if value is None else getattr(value, field.target_field.attname)
            )
            field.set_cached_value(obj, value)
        elif name in constants or name in computed:
            state[name] = value
        else:
            raise TypeError(f"{model.__name__} has no field {name!r}")
    return obj


class Pipelined:
    """Statements PostgreSQL runs while Python goes on (psycopg's pipeline mode): the history
    rows of one chunk of an import are written while the next chunk is read.

    `add` queues a statement, `send` sends those queued, `pause` (before a COPY, which is never
    pipelined) waits for those sent, `wait` (before the transaction ends) sends and waits for
    all. An error of a statement is raised there, or by the next query that reads a result.
    """

    def __init__(self):
        self._queued: list[tuple[str, list]] = []
        self._pipeline = None

    def add(self, sql: str, params: list) -> None:
        self._queued.append((sql, params))

    def send(self) -> None:
        if not self._queued:
            return
        if self._pipeline is None and connection.vendor == "postgresql":
            self._pipeline = connection.connection.pipeline()
            self._pipeline.__enter__()
        with connection.cursor() as cursor:
            for sql, params in self._queued:
                cursor.execute(sql, params)
        self._queued.clear()

    def pause(self) -> None:
        if self._pipeline is not None:
            pipeline, self._pipeline = self._pipeline, None
            pipeline.__exit__(None, None, None)

    def wait(self) -> None:
        self.send()
        self.pause()


def reserve_ids(*batches: tuple) -> None:
    """Give the unsaved objects of each (model, objs) their ids from the model's sequence, in
    one query (posts need their official's id before either is written)."""
    wanted = [(model, [o for o in objs if o.pk is None]) for model, objs in batches]
    wanted = [(model, objs) for model, objs in wanted if objs]
    if not wanted:
        return
    parts = " UNION ALL ".join(
        f"SELECT {index}, nextval((SELECT pg_get_serial_sequence(%s, %s))::regclass) "
        "FROM generate_series(1, %s)"
        for index in range(len(wanted))
    )
    params = []
    for model, objs in wanted:
        params += [model._meta.db_table, model._meta.pk.column, len(objs)]
    ids = [[] for _ in wanted]
    with connection.cursor() as cursor:
        cursor.execute(parts, params)
        for index, pk in cursor.fetchall():
            ids[index].append(pk)
    for (_model, objs), pks in zip(wanted, ids, strict=True):
        for obj, pk in zip(objs, sorted(pks), strict=True):
            obj.pk = pk


def insert_with_history(
    model, objs: list, *, user=None, reason: str = "", later: Pipelined | None = None
) -> None:
    """Insert `objs` (unsaved, with their defaults) and one history row each; with `later`,
    the history rows are queued there, to be sent by its `send`."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        bulk_create_with_history(objs, model, default_user=user, default_change_reason=reason)
        return
    if later is not None:
        later.pause()
    reserve_ids((model, objs))
    alias = connection.alias
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias
    table = model._meta.db_table
    with connection.cursor() as cursor:
        fields = [f for f in model._meta.concrete_fields if not f.generated]
        _copy(cursor, table, fields, objs, {})
    # The history rows are copied from the rows just written, inside the database.
    history = get_history_model_for_model(model)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in history.tracked_fields)
    pk = quote(model._meta.pk.column)
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, "
        "history_user_id, history_change_reason, history_type) "
        f"SELECT {columns}, %s, %s, %s, '+' FROM {quote(table)} "
        f"WHERE {pk} = ANY(%s::bigint[]) ORDER BY {pk}"
    )
    params = [timezone.now(), user.pk if user is not None else None, reason, _array(objs)]
    if later is not None:
        later.add(sql, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _array(objs) -> str:
    """Return the ids of `objs` as a PostgreSQL array literal (faster to send than a list)."""
    return "{" + ",".join(str(obj.pk) for obj in objs) + "}"


def history_with(model, objs: list, *, user=None, reason: str = "", kind: str = "~") -> None:
    """Record one history row per stored object of `objs` (after a bulk UPDATE), as it is now."""
    if not objs:
        return
    history = get_history_model_for_model(model)
    if connection.vendor != "postgresql":
        model.history.bulk_history_create(
            objs, update=kind == "~", default_user=user, default_change_reason=reason
        )
        return
    extra = {
        "history_date": timezone.now(),
        "history_user_id": user.pk if user is not None else None,
        "history_change_reason": reason,
        "history_type": kind,
    }
    with connection.cursor() as cursor:
        _copy(cursor, history._meta.db_table, list(history.tracked_fields), objs, extra)


def _file_name(value) -> str:
    if isinstance(value, FieldFile):
        return value.name or ""
    return value or ""


def _copy(cursor, table: str, fields, objs, extra: dict) -> None:
    columns = [f.column for f in fields] + list(extra)
    attnames = [f.attname for f in fields]
    files = [i for i, f in enumerate(fields) if isinstance(f, FileField)]
    # The values as stored on the instance, read at once (getattr goes through a Python
    # descriptor for files and foreign keys); a deferred field is loaded by getattr.
    stored = itemgetter(*attnames) if len(attnames) > 1 else lambda state: (state[attnames[0]],)
    constants = tuple(extra.values())
    sql = f'COPY "{table}" ({", ".join(f'"{c}"' for c in columns)}) FROM STDIN'
    with cursor.cursor.copy(sql) as copy:
        write = copy.write_row
        for obj in objs:
            try:
                values = stored(obj.__dict__)
            except KeyError:
                values = tuple(getattr(obj, name) for name in attnames)
            if files:
                values = list(values)
                for index in files:
                    values[index] = _file_name(values[index])
                values = tuple(values)
            write(values + constants)
