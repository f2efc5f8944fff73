"""`bm02_report FILE --unit CODE [--as-of DATE]`: the BM02/BNV report as .xlsx (DESIGN §8)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from spreadsheets.bm02 import write_bm02
from spreadsheets.management.commands.export_roster import date_argument
from spreadsheets.units import communes_of
from units.models import AdministrativeUnit, UnknownUnit


class Command(BaseCommand):
    help = "Write the BM02/BNV report (numbers and quality of commune officials) as .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the .xlsx")
        parser.add_argument("--unit", help="a province, district or commune code (default: all)")
        parser.add_argument("--as-of", help="the date of the figures (default: today)")

    def handle(self, *args, file, unit, as_of, **options):
        on = date_argument(as_of) if as_of else datetime.date.today()
        try:
            chosen = AdministrativeUnit.objects.resolve(unit, on=on) if unit else None
        except UnknownUnit as exc:
            raise CommandError(str(exc)) from None
        with open(file, "wb") as out:
            write_bm02(out, unit=chosen, communes=communes_of(chosen), on=on)
        self.stdout.write(_("The report was written to %(path)s.") % {"path": file})
