"""compliance_report [--as-of DATE] [--regime CODE] [--unit CODE] [--format csv|json] (§10)."""

import datetime

from django.core.management.base import CommandError

from cadre_registry.commands import RegistryCommand, command_date
from standards.compliance import NoRegime, question_for, report
from standards.tables import as_csv, as_json, report_rows
from units.models import AdministrativeUnit, UnknownUnit


class Command(RegistryCommand):
    help = "Print the compliance figures of the communes under a unit and the sums above them."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=command_date, default=None, metavar="DATE")
        parser.add_argument("--regime", default=None, metavar="CODE")
        parser.add_argument("--unit", default=None, metavar="CODE")
        parser.add_argument("--dataset", choices=["legacy", "2025"], default=None)
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "--verified-only", action="store_true", help="Count verified credentials only."
        )

    def handle(self, *args, as_of, regime, unit, dataset, format, verified_only, **options):
        on = as_of or datetime.date.today()
        try:
            scope = (
                AdministrativeUnit.objects.resolve(unit, on=on, dataset=dataset) if unit else None
            )
            question = question_for(on, regime, verified_only)
        except (UnknownUnit, NoRegime) as exc:
            raise CommandError(str(exc)) from None
        rows = report_rows(report(question, scope, with_unmet=False))
        self.stdout.write(as_csv(rows) if format == "csv" else as_json(rows))
