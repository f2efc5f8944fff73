"""Bulk inserts with their history rows, by COPY on PostgreSQL.

Django's `bulk_create` (and simple_history's `bulk_create_with_history` on top of it) spends
about two thirds of a roster import building SQL; COPY writes the same rows, with ids taken from
the table's sequence and one history row each ("+", the importing user, the reason), several times
faster. Other databases (the SQLite demo) take simple_history's path.
"""

from django.db import connection
from django.db.models import FileField
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_model_for_model


def insert_with_history(model, objs: list, *, user=None, reason: str = "") -> None:
    """Insert `objs` (unsaved, with their defaults) and one history row each."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        bulk_create_with_history(objs, model, default_user=user, default_change_reason=reason)
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = connection.alias
        fields = [f for f in model._meta.concrete_fields if not f.generated]
        _copy(cursor, table, fields, objs, {})
        history = get_history_model_for_model(model)
        tracked = list(history.tracked_fields)
        extra = {
            "history_date": timezone.now(),
            "history_user_id": user.pk if user is not None else None,
            "history_change_reason": reason,
            "history_type": "+",
        }
        _copy(cursor, history._meta.db_table, tracked, objs, extra)


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


def _converter(field):
    if isinstance(field, FileField):
        return lambda value: value.name or "" if value else ""
    return None


def _copy(cursor, table: str, fields, objs, extra: dict) -> None:
    columns = [f.column for f in fields] + list(extra)
    attnames = [f.attname for f in fields]
    converters = [_converter(f) for f in fields]
    constants = list(extra.values())
    plain = not any(converters)
    sql = f'COPY "{table}" ({", ".join(f'"{c}"' for c in columns)}) FROM STDIN'
    with cursor.cursor.copy(sql) as copy:
        for obj in objs:
            values = [getattr(obj, name) for name in attnames]
            if not plain:
                values = [
                    convert(value) if convert else value
                    for convert, value in zip(converters, values, strict=True)
                ]
            copy.write_row(values + constants)
