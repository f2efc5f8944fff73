"""A readable change history of an official, their posts and credentials (who, when, what)."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

from accounts import access
from officials.models import Assignment, Credential, Official

HIDDEN_FIELDS = {"id", "version", "search_key", "field_key", "rank", "official"}
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)
    reason: str = ""  # e.g. "from import roster.xlsx"


def official_history(user, official: Official) -> list[Entry]:
    """Return the changes to `official` and to their posts and credentials the user may read."""
    show_id = access.can_see_citizen_id(user, official)
    posts = Assignment.history.filter(official_id=official.pk)
    if not access.is_superuser(user):
        posts = posts.filter(commune_id__in=access.visible_communes(user).values("pk"))
    sources = [
        (Official, official.history.all()),
        (Assignment, posts),
        (Credential, Credential.history.filter(official_id=official.pk)),
    ]
    entries = []
    labels = _Labels()
    for model, records in sources:
        records = list(records.select_related("history_user").order_by("history_date"))
        previous: dict[int, object] = {}
        for record in records:
            before = previous.get(record.id)
            previous[record.id] = record
            entry = Entry(
                when=record.history_date,
                who=record.history_user.get_username() if record.history_user else _("system"),
                subject=_subject(model, record, labels),
                action=ACTIONS.get(record.history_type, record.history_type),
                changes=_changes(model, before, record, labels, show_id),
                reason=record.history_change_reason or "",
            )
            if entry.changes or entry.action != "changed":
                entries.append(entry)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.fields
        if f.name not in HIDDEN_FIELDS and (f.editable or f.name == "removed_at")
    ]


def _changes(model, before, record, labels: "_Labels", show_id: bool) -> list[Change]:
    changes = []
    for f in _tracked_fields(model):
        new = getattr(record, f.attname, None)
        old = getattr(before, f.attname, None) if before is not None else None
        if before is not None and old == new:
            continue
        if before is None and record.history_type == "+" and new in (None, "", False):
            continue
        if before is None and record.history_type == "-":
            continue
        changes.append(
            Change(
                label=str(f.verbose_name),
                before=labels.value(f, old, show_id) if before is not None else "",
                after=labels.value(f, new, show_id),
            )
        )
    return changes


def _subject(model, record, labels: "_Labels") -> str:
    if model is Official:
        return _("Personal data")
    if model is Assignment:
        position = labels.related(Assignment._meta.get_field("position"), record.position_id)
        commune = labels.related(Assignment._meta.get_field("commune"), record.commune_id)
        return _("Post: %(position)s, %(commune)s") % {"position": position, "commune": commune}
    dimension = dict(Credential._meta.get_field("dimension").flatchoices).get(record.dimension)
    return _("Credential: %(dimension)s") % {"dimension": dimension or record.dimension}


class _Labels:
    """Turn stored values into what a person reads, looking related rows up once."""

    def __init__(self):
        self._cache: dict[tuple, str] = {}

    def related(self, f: models.Field, pk) -> str:
        if pk is None:
            return "–"
        key = (f.related_model, pk)
        if key not in self._cache:
            row = f.related_model._base_manager.filter(pk=pk).first()
            self._cache[key] = str(row) if row is not None else f"#{pk}"
        return self._cache[key]

    def value(self, f: models.Field, value, show_id: bool) -> str:
        if value in (None, ""):
            return "–"
        if f.name == "citizen_id" and not show_id:
            return access.mask_citizen_id(value)
        if f.is_relation:
            return self.related(f, value)
        if f.flatchoices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.datetime):
            return formats.date_format(value, "d/m/Y H:i")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "d/m/Y")
        return str(value)
