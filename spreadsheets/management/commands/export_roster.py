"""`export_roster FILE [--unit CODE] [--as-of DATE] [--all]` (DESIGN §10): the §8 layout."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from spreadsheets.export import roster_lines, write_roster
from spreadsheets.parsing import CellError, parse_date
from spreadsheets.units import communes_of
from units.models import AdministrativeUnit, UnknownUnit


def date_argument(text: str) -> datetime.date:
    try:
        return parse_date(text)
    except CellError:
        raise CommandError(
            _("“%(value)s” is not a date; write YYYY-MM-DD or dd/mm/yyyy.") % {"value": text}
        ) from None


class Command(BaseCommand):
    help = "Export the roster (.xlsx or .csv by the file's extension) in the import layout."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write: a .xlsx or .csv path")
        parser.add_argument("--unit", help="a province, district or commune code (default: all)")
        parser.add_argument("--as-of", help="the posts in force on this date (default: today)")
        parser.add_argument("--all", action="store_true", help="every post, ended ones too")
        parser.add_argument("--dataset", choices=["legacy", "2025"], help="the unit data set")

    def handle(self, *args, file, unit, as_of, all, dataset, **options):
        path = Path(file)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "csv"):
            raise CommandError(_("The file must end in .xlsx or .csv."))
        on = date_argument(as_of) if as_of else datetime.date.today()
        chosen = None
        if unit:
            # Every post (--all) is history: a unit that existed on any day will do.
            since = datetime.date.min if all else None
            try:
                chosen = AdministrativeUnit.objects.resolve(
                    unit, on=on, dataset=dataset, since=since
                )
            except UnknownUnit as exc:
                raise CommandError(str(exc)) from None
        with path.open("wb") as out:
            count = write_roster(
                roster_lines(communes_of(chosen), as_of=on, all_posts=all), out, fmt
            )
        self.stdout.write(_("%(count)s rows written to %(path)s.") % {"count": count, "path": path})
