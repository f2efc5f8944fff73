"""`import_roster FILE [--dry-run] [--user USERNAME]` (DESIGN §10): all rows or none."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cadre_registry.commands import RegistryCommand
from spreadsheets.services import import_roster


class Command(RegistryCommand):
    help = (
        "Import a roster (.xlsx, .xls, .ods, .csv or tab-separated .txt): a preview with "
        "--dry-run, otherwise all rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the roster: .xlsx, .xls, .ods, .csv or .txt")
        parser.add_argument("--dry-run", action="store_true", help="show what would change")
        parser.add_argument("--user", help="import with this user's rights (default: all rights)")

    def _say_waiting(self):
        self.stderr.write(_("Another import is running; waiting for it to finish…"))
        self.stderr.flush()

    def handle(self, *args, file, dry_run, user, verbosity, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": file})
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(_("No user is named “%(name)s”.") % {"name": user}) from None
        with path.open("rb") as handle:
            report = import_roster(
                handle, path.name, user=actor, dry_run=dry_run, on_wait=self._say_waiting
            )
        if report.source:
            self.stdout.write(_("Read as: %(source)s.") % {"source": report.source})
        for note in report.notes:
            self.stdout.write(note)
        for row in report.rows if verbosity >= 2 else []:
            self.stdout.write(f"{row.number}\t{row.status}\t{row.citizen_id}\t{row.full_name}")
        for issue in report.errors:
            self.stderr.write(issue.text)
        for issue in report.warnings:
            self.stdout.write(self.style.WARNING(_("Warning: %(text)s") % {"text": issue.text}))
        self.stdout.write(report.summary())
        if report.has_errors:
            raise CommandError(report.outcome())
        self.stdout.write(self.style.SUCCESS(report.outcome()))
