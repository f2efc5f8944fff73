"""`bm02_report FILE --unit CODE [--as-of DATE]`: the BM02/BNV report as .xlsx (DESIGN §8)."""

import datetime
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cadre_registry.commands import RegistryCommand, command_date
from officials.models import Assignment
from spreadsheets.bm02 import write_bm02
from spreadsheets.management.commands.export_roster import (
    empty_reason,
    open_output,
    unit_argument,
)
from spreadsheets.units import communes_of


class Command(RegistryCommand):
    help = "Write the BM02/BNV report (numbers and quality of commune officials) as .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the .xlsx")
        parser.add_argument("--unit", help="a province, district or commune code (default: all)")
        parser.add_argument(
            "--as-of", type=command_date, help="the date of the figures (default: today)"
        )
        parser.add_argument("--dataset", choices=["legacy", "2025"], help="the unit data set")

    def handle(self, *args, file, unit, as_of, dataset, **options):
        path = Path(file)
        if path.suffix.lower() != ".xlsx":
            raise CommandError(_("The file must end in .xlsx."))
        on = as_of or datetime.date.today()
        chosen = unit_argument(unit, on=on, dataset=dataset)
        communes = communes_of(chosen)
        with open_output(path) as out:
            write_bm02(out, unit=chosen, communes=communes, on=on)
        self.stdout.write(_("The report was written to %(path)s.") % {"path": file})
        if (
            chosen is not None
            and not Assignment.objects.in_post_on(on).filter(commune__in=communes).exists()
        ):
            reason = empty_reason(unit, chosen, on=on, history=False)
            if reason:
                self.stderr.write(reason)
