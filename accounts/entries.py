"""What users enter: officials, posts, credentials and identity changes, each write checked
against the actor's rights and saved as verified or waiting for verification as the actor's role
says (DESIGN §9); and the verification itself.

Views, admin actions, imports and commands call these; `actor=None` means the system itself
(a migration, the demo), which is trusted.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from officials.models import (
    Assignment,
    Credential,
    IdentityChange,
    Official,
    Verification,
)
from officials.services import StaleEdit, apply_changes, lock_row, save_as

__all__ = ["StaleEdit"]


def _entry_state(actor, *, commune=None, official=None) -> str:
    if actor is None:
        return Verification.VERIFIED
    return access.verification_of_entry(actor, commune=commune, official=official)


def _saved_entry(row, actor, *, commune=None, official=None):
    """Save a post or credential a user entered: verified, or waiting for verification as the
    actor's role says (its earlier note cleared), with history naming the actor."""
    row.verification = _entry_state(actor, commune=commune, official=official)
    row.verification_note = ""
    save_as(row, actor)
    return row


# Officials ------------------------------------------------------------------------------------


@transaction.atomic
def official_create(*, data: dict[str, Any], post: dict[str, Any], actor) -> Official:
    """Register an official with their first post, in a commune the actor may edit."""
    commune = post["commune"]
    if actor is not None and not access.can_edit_commune(actor, commune):
        raise PermissionDenied
    official = Official()
    apply_changes(official, data)
    save_as(official, actor)
    assignment_create(official=official, data=post, actor=actor)
    return official


def identity_waits(actor, official: Official) -> bool:
    """Return whether `actor`'s changes to the official's identity wait for verification."""
    return actor is not None and not access.can_verify_official(actor, official)


@transaction.atomic
def official_update(
    *, official: Official, data: dict[str, Any], expected_version: int | None, actor
) -> Official:
    """Change an official's personal data; a secretary's identity changes wait (DESIGN §9)."""
    if actor is not None and not access.can_edit_official(actor, official):
        raise PermissionDenied
    row = lock_row(Official, official.pk, expected_version)
    if identity_waits(actor, row):
        identity = {n: data.pop(n) for n in IdentityChange.IDENTITY_FIELDS if n in data}
        identity_change_request(official=row, changes=identity, actor=actor)
    apply_changes(row, data)
    save_as(row, actor)
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
    if actor is not None and not access.can_edit_official(actor, official):
        raise PermissionDenied
    waiting = IdentityChange.objects.select_for_update().filter(
        official=official, verification=Verification.PENDING
    )
    row = waiting.first() or IdentityChange(official=official)
    apply_changes(row, changes)
    row.requested_by = actor
    if (
        row.citizen_id
        and Official.all_objects.filter(citizen_id=row.citizen_id).exclude(pk=official.pk).exists()
    ):
        raise ValidationError(
            {"citizen_id": Official._meta.get_field("citizen_id").error_messages["unique"]}
        )
    save_as(row, actor)
    return row


def pending_identity(official: Official) -> IdentityChange | None:
    """Return the identity change of the official waiting for verification, if any."""
    return IdentityChange.objects.filter(
        official=official, verification=Verification.PENDING
    ).first()


@transaction.atomic
def official_remove(*, official: Official, actor) -> Official:
    """Remove an official (soft delete): hidden from all but superusers, kept with its history."""
    if actor is not None and not access.can_remove_official(actor, official):
        raise PermissionDenied
    row = lock_row(Official, official.pk, None)
    if row.removed_at is None:
        row.removed_at = timezone.now()
        save_as(row, actor)
    return row


@transaction.atomic
def official_restore(*, official: Official, actor) -> Official:
    """Bring back a removed official (superusers only)."""
    if actor is not None and not access.is_superuser(actor):
        raise PermissionDenied
    row = lock_row(Official, official.pk, None)
    if row.removed_at is not None:
        row.removed_at = None
        save_as(row, actor)
    return row


# Posts held -----------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(*, official: Official, data: dict[str, Any], actor) -> Assignment:
    """Add a post; it waits for verification unless the actor verifies its commune."""
    commune = data["commune"]
    if actor is not None and not access.can_edit_commune(actor, commune):
        raise PermissionDenied
    assignment = Assignment(official=official)
    apply_changes(assignment, data)
    return _saved_entry(assignment, actor, commune=commune)


@transaction.atomic
def assignment_update(
    *, assignment: Assignment, data: dict[str, Any], expected_version: int | None, actor
) -> Assignment:
    """Change a post (e.g. end it); a secretary's change waits for verification again."""
    if actor is not None and not access.can_edit_commune(actor, assignment.commune):
        raise PermissionDenied
    row = lock_row(Assignment, assignment.pk, expected_version)
    apply_changes(row, data)
    if actor is not None and not access.can_edit_commune(actor, row.commune):
        raise PermissionDenied  # moved to a commune the actor may not edit
    return _saved_entry(row, actor, commune=row.commune)


# Credentials ----------------------------------------------------------------------------------


@transaction.atomic
def credential_create(*, official: Official, data: dict[str, Any], actor) -> Credential:
    """Add a credential; it waits for verification unless the actor verifies the official."""
    if actor is not None and not access.can_edit_official(actor, official):
        raise PermissionDenied
    credential = Credential(official=official)
    apply_changes(credential, data)
    return _saved_entry(credential, actor, official=official)


@transaction.atomic
def credential_update(
    *, credential: Credential, data: dict[str, Any], expected_version: int | None, actor
) -> Credential:
    """Change a credential; a secretary's change waits for verification again."""
    if actor is not None and not access.can_edit_official(actor, credential.official):
        raise PermissionDenied
    row = lock_row(Credential, credential.pk, expected_version)
    apply_changes(row, data)
    return _saved_entry(row, actor, official=row.official)


# Verification ---------------------------------------------------------------------------------


Entry = Assignment | Credential | IdentityChange


def _may_verify(actor, entry: Entry) -> bool:
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
    row = lock_row(type(entry), entry.pk, None)
    if isinstance(row, IdentityChange):
        if row.verification != Verification.PENDING:
            return row
        official = lock_row(Official, row.official_id, None)
        apply_changes(official, row.changes())
        save_as(official, actor)
    row.verification, row.verification_note = Verification.VERIFIED, ""
    save_as(row, actor)
    return row


@transaction.atomic
def entry_reject(*, entry: Entry, reason: str, actor) -> Entry:
    """Refuse a post or credential with the reason the secretary will read."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    if actor is not None and not _may_verify(actor, entry):
        raise PermissionDenied
    row = lock_row(type(entry), entry.pk, None)
    row.verification, row.verification_note = Verification.REJECTED, reason[:255]
    save_as(row, actor)
    return row
