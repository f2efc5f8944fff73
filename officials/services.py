"""Writes on officials, their posts and credentials: validate, check the actor's right, write,
record who did it (simple_history), and refuse a save over a newer version (no lost update).

Views, admin actions, imports and commands call these; `actor=None` means the system itself
(a migration, the demo), which is trusted. Entries by an actor who cannot verify them (a commune
secretary) are saved as waiting for verification (DESIGN §9).
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from officials.models import (
    Assignment,
    Credential,
    EndReason,
    IdentityChange,
    Official,
    Verification,
)


class StaleEdit(Exception):
    """The row was saved by someone else after the form was loaded; `current` is that row."""

    def __init__(self, current: models.Model):
        super().__init__(f"{current._meta.label} {current.pk} changed meanwhile")
        self.current = current


def _access():
    from accounts import access  # accounts depends on officials, not the other way round

    return access


def _lock(model: type[models.Model], pk: int, expected_version: int | None) -> Any:
    """Return the row locked for update; raise StaleEdit if its version moved on."""
    row = model.all_objects.select_for_update().get(pk=pk)
    if expected_version is not None and row.version != expected_version:
        raise StaleEdit(row)
    return row


def _apply(row: models.Model, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        row._meta.get_field(name).save_form_data(row, value)


def _save(row: models.Model, actor) -> None:
    row.full_clean()
    if actor is not None:
        row._history_user = actor
    row.save()


def _entry_state(actor, *, commune=None, official=None) -> str:
    if actor is None:
        return Verification.VERIFIED
    return _access().verification_of_entry(actor, commune=commune, official=official)


# Officials ------------------------------------------------------------------------------------


@transaction.atomic
def official_create(*, data: dict[str, Any], post: dict[str, Any], actor) -> Official:
    """Register an official with their first post, in a commune the actor may edit."""
    commune = post["commune"]
    if actor is not None and not _access().can_edit_commune(actor, commune):
        raise PermissionDenied
    official = Official()
    _apply(official, data)
    _save(official, actor)
    assignment_create(official=official, data=post, actor=actor)
    return official


def identity_waits(actor, official: Official) -> bool:
    """Return whether `actor`'s changes to the official's identity wait for verification."""
    return actor is not None and not _access().can_verify_official(actor, official)


@transaction.atomic
def official_update(
    *, official: Official, data: dict[str, Any], expected_version: int | None, actor
) -> Official:
    """Change an official's personal data; a secretary's identity changes wait (DESIGN §9)."""
    if actor is not None and not _access().can_edit_official(actor, official):
        raise PermissionDenied
    row = _lock(Official, official.pk, expected_version)
    if identity_waits(actor, row):
        identity = {n: data.pop(n) for n in IdentityChange.IDENTITY_FIELDS if n in data}
        identity_change_request(official=row, changes=identity, actor=actor)
    _apply(row, data)
    _save(row, actor)
    return row


@transaction.atomic
def identity_change_request(
    *, official: Official, changes: dict[str, Any], actor
) -> IdentityChange | None:
    """Record changes of name, date of birth, gender or citizen ID that wait for verification.

    Values equal to the record are dropped; the rest merge into the change already waiting.
    """
    changes = {
        n: v for n, v in changes.items() if v not in (None, "") and getattr(official, n) != v
    }
    if not changes:
        return None
    if actor is not None and not _access().can_edit_official(actor, official):
        raise PermissionDenied
    waiting = IdentityChange.objects.select_for_update().filter(
        official=official, verification=Verification.PENDING
    )
    row = waiting.first() or IdentityChange(official=official)
    _apply(row, changes)
    row.requested_by = actor
    if (
        row.citizen_id
        and Official.all_objects.filter(citizen_id=row.citizen_id).exclude(pk=official.pk).exists()
    ):
        raise ValidationError(
            {"citizen_id": Official._meta.get_field("citizen_id").error_messages["unique"]}
        )
    _save(row, actor)
    return row


def pending_identity(official: Official) -> IdentityChange | None:
    """Return the identity change of the official waiting for verification, if any."""
    return IdentityChange.objects.filter(
        official=official, verification=Verification.PENDING
    ).first()


@transaction.atomic
def official_remove(*, official: Official, actor) -> Official:
    """Remove an official (soft delete): hidden from all but superusers, kept with its history."""
    if actor is not None and not _access().can_remove_official(actor, official):
        raise PermissionDenied
    row = _lock(Official, official.pk, None)
    if row.removed_at is None:
        row.removed_at = timezone.now()
        _save(row, actor)
    return row


@transaction.atomic
def official_restore(*, official: Official, actor) -> Official:
    """Bring back a removed official (superusers only)."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied
    row = _lock(Official, official.pk, None)
    if row.removed_at is not None:
        row.removed_at = None
        _save(row, actor)
    return row


# Posts held -----------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(*, official: Official, data: dict[str, Any], actor) -> Assignment:
    """Add a post; it waits for verification unless the actor verifies its commune."""
    commune = data["commune"]
    if actor is not None and not _access().can_edit_commune(actor, commune):
        raise PermissionDenied
    assignment = Assignment(official=official)
    _apply(assignment, data)
    assignment.verification = _entry_state(actor, commune=commune)
    assignment.verification_note = ""
    _save(assignment, actor)
    return assignment


@transaction.atomic
def assignment_update(
    *, assignment: Assignment, data: dict[str, Any], expected_version: int | None, actor
) -> Assignment:
    """Change a post (e.g. end it); a secretary's change waits for verification again."""
    access = _access()
    if actor is not None and not access.can_edit_commune(actor, assignment.commune):
        raise PermissionDenied
    row = _lock(Assignment, assignment.pk, expected_version)
    _apply(row, data)
    if actor is not None and not access.can_edit_commune(actor, row.commune):
        raise PermissionDenied  # moved to a commune the actor may not edit
    row.verification = _entry_state(actor, commune=row.commune)
    row.verification_note = ""
    _save(row, actor)
    return row


def posts_ended_by_abolition(posts: models.QuerySet, *, position_id: int, on) -> models.QuerySet:
    """Return the posts an abolition on `on` ends: begun before it, open or ending after it."""
    return posts.filter(position_id=position_id, start_date__lt=on).filter(
        models.Q(end_date__isnull=True) | models.Q(end_date__gt=on)
    )


@transaction.atomic
def position_abolition_apply(*, position, actor) -> int:
    """End on the abolition date every post still held of an abolished position (DESIGN §3).

    The end date is the first day out of post; the reason is "position abolished". Returns how
    many posts were ended; running it again ends none.
    """
    if position.abolished_on is None:
        return 0
    ended = 0
    held = Assignment.all_objects.select_for_update()
    posts = posts_ended_by_abolition(held, position_id=position.pk, on=position.abolished_on)
    for post in posts:
        post.end_date, post.end_reason = position.abolished_on, EndReason.ABOLISHED
        if actor is not None:
            post._history_user = actor
        post.save()
        ended += 1
    return ended


# Credentials ----------------------------------------------------------------------------------


@transaction.atomic
def credential_create(*, official: Official, data: dict[str, Any], actor) -> Credential:
    """Add a credential; it waits for verification unless the actor verifies the official."""
    if actor is not None and not _access().can_edit_official(actor, official):
        raise PermissionDenied
    credential = Credential(official=official)
    _apply(credential, data)
    credential.verification = _entry_state(actor, official=official)
    credential.verification_note = ""
    _save(credential, actor)
    return credential


@transaction.atomic
def credential_update(
    *, credential: Credential, data: dict[str, Any], expected_version: int | None, actor
) -> Credential:
    """Change a credential; a secretary's change waits for verification again."""
    if actor is not None and not _access().can_edit_official(actor, credential.official):
        raise PermissionDenied
    row = _lock(Credential, credential.pk, expected_version)
    _apply(row, data)
    row.verification = _entry_state(actor, official=row.official)
    row.verification_note = ""
    _save(row, actor)
    return row


# Verification ---------------------------------------------------------------------------------


Entry = Assignment | Credential | IdentityChange


def _may_verify(actor, entry: Entry) -> bool:
    access = _access()
    if isinstance(entry, Assignment):
        return access.can_verify(actor, entry.commune)
    return access.can_verify_official(actor, entry.official)


@transaction.atomic
def entry_verify(*, entry: Entry, actor) -> Entry:
    """Mark a post, credential or identity change as checked by district staff.

    A verified identity change applies to the official (a citizen ID taken meanwhile is refused).
    """
    if actor is not None and not _may_verify(actor, entry):
        raise PermissionDenied
    row = _lock(type(entry), entry.pk, None)
    if isinstance(row, IdentityChange):
        if row.verification != Verification.PENDING:
            return row
        official = _lock(Official, row.official_id, None)
        _apply(official, row.changes())
        _save(official, actor)
    row.verification, row.verification_note = Verification.VERIFIED, ""
    _save(row, actor)
    return row


@transaction.atomic
def entry_reject(*, entry: Entry, reason: str, actor) -> Entry:
    """Refuse a post or credential with the reason the secretary will read."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    if actor is not None and not _may_verify(actor, entry):
        raise PermissionDenied
    row = _lock(type(entry), entry.pk, None)
    row.verification, row.verification_note = Verification.REJECTED, reason[:255]
    _save(row, actor)
    return row
