"""Helpers shared by the management commands."""

import datetime

from django.core.management.base import CommandError


def command_date(text: str) -> datetime.date:
    """Read a date given on the command line, as YYYY-MM-DD or dd/mm/yyyy."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ / not a date: {text!r} (YYYY-MM-DD or dd/mm/yyyy).")
