"""training_report [--from DATE] [--to DATE] [--unit CODE] [--format csv|json] (DESIGN §10)."""

import datetime

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cadre_registry.commands import RegistryCommand, command_date
from training.reports import as_csv, as_json, training_figures
from units.models import AdministrativeUnit, UnknownUnit


class Command(RegistryCommand):
    help = (
        "Print, per programme, the officials sent to study (runs starting in the period), the "
        "officials who completed and the person-times trained (runs ending in the period)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", type=command_date, metavar="DATE")
        parser.add_argument("--to", dest="date_to", type=command_date, metavar="DATE")
        parser.add_argument("--unit", default=None, metavar="CODE")
        parser.add_argument("--dataset", choices=["legacy", "2025"], default=None)
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, date_from, date_to, unit, dataset, format, **options):
        if date_from and date_to and date_to < date_from:
            raise CommandError(_("--to is before --from."))
        scope = None
        if unit:
            # The code is read in the data set valid at the end of the period (DESIGN §10); the
            # unit must exist on some day of the period.
            on = date_to or datetime.date.today()
            since = date_from or datetime.date.min
            try:
                scope = AdministrativeUnit.objects.resolve(
                    unit, on=on, dataset=dataset, since=since
                )
            except UnknownUnit as exc:
                raise CommandError(str(exc)) from None
        figures = training_figures(date_from=date_from, date_to=date_to, scope=scope)
        self.stdout.write(as_csv(figures) if format == "csv" else as_json(figures), ending="")
