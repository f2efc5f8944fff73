"""Writes on officials, their posts and credentials that need no one's rights: a row locked
against a newer version (no lost update), changes applied and saved with who did it
(simple_history), posts ended by a position's abolition (DESIGN §3).

The writes a user makes under their role's rights, waiting for verification or not, are in
`accounts.entries`.
"""

from typing import Any

from django.db import models, transaction

from officials.models import (
    Assignment,
    EndReason,
)


class StaleEdit(Exception):
    """The row was saved by someone else after the form was loaded; `current` is that row."""

    def __init__(self, current: models.Model):
        super().__init__(f"{current._meta.label} {current.pk} changed meanwhile")
        self.current = current


def lock_row(model: type[models.Model], pk: int, expected_version: int | None) -> Any:
    """Return the row locked for update; raise StaleEdit if its version moved on."""
    row = model.all_objects.select_for_update().get(pk=pk)
    if expected_version is not None and row.version != expected_version:
        raise StaleEdit(row)
    return row


def apply_changes(row: models.Model, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        row._meta.get_field(name).save_form_data(row, value)


def save_as(row: models.Model, actor) -> None:
    row.full_clean()
    if actor is not None:
        row._history_user = actor
    row.save()


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
