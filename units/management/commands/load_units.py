"""load_units [--province CODE ...] [--dataset legacy|2025|both] (DESIGN §10)."""

import time

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cadre_registry.commands import RegistryCommand
from units.loader import UnknownProvince, load_units


class Command(RegistryCommand):
    help = "Load administrative units from vietnam-provinces (no --province: the whole country)."

    def add_arguments(self, parser):
        # Both `--province 20 1` (DESIGN §10) and `--province 20 --province 1` are accepted.
        parser.add_argument("--province", action="extend", nargs="+", metavar="CODE", default=None)
        parser.add_argument("--dataset", choices=["legacy", "2025", "both"], default="both")

    def handle(self, *args, province, dataset, **options):
        datasets = ("legacy", "2025") if dataset == "both" else (dataset,)
        started = time.perf_counter()
        try:
            result = load_units(provinces=province, datasets=datasets)
        except UnknownProvince as exc:
            raise CommandError(_("No province has the code “%(code)s”.") % {"code": exc}) from None
        self.stdout.write(
            f"units: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.successor_links} successor links "
            f"({time.perf_counter() - started:.1f} s)"
        )
