"""`export_roster FILE [--unit CODE] [--as-of DATE] [--all]` (DESIGN §10): the §8 layout."""

import datetime
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cadre_registry.commands import RegistryCommand, command_date
from officials.models import Assignment
from spreadsheets.export import roster_lines, write_roster
from spreadsheets.units import communes_of
from units.models import AdministrativeUnit, Dataset, UnknownUnit


def unit_argument(
    code: str | None,
    *,
    on: datetime.date,
    dataset: str | None = None,
    since: datetime.date | None = None,
):
    """Return the unit `code` names on `on` (None without a code); CommandError when none."""
    if not code:
        return None
    try:
        return AdministrativeUnit.objects.resolve(code, on=on, dataset=dataset, since=since)
    except UnknownUnit as exc:
        raise CommandError(str(exc)) from None


def empty_reason(code: str, unit, *, on: datetime.date, history: bool = True) -> str | None:
    """Say why `unit` gave nothing when its code names, in the other data set, a unit with posts."""
    other = Dataset.LEGACY if unit.dataset == Dataset.Y2025 else Dataset.Y2025
    twin = AdministrativeUnit.objects.by_code(code, dataset=other).first()
    if twin is None or not Assignment.objects.filter(commune__in=communes_of(twin)).exists():
        return None
    if twin.is_valid_on(on):
        message = _(
            "No post of %(code)s in the %(dataset)s data set on %(date)s; use --dataset "
            "%(other)s or --as-of."
        )
    elif history:  # the twin did not exist on the date (DESIGN §11.1): its history, or a date
        message = _(
            "No post of %(code)s in the %(dataset)s data set on %(date)s; use --dataset "
            "%(other)s --all for its history, or --as-of a date on which it existed."
        )
    else:
        message = _(
            "No post of %(code)s in the %(dataset)s data set on %(date)s; the %(other)s unit "
            "did not exist then: use --as-of a date on which it existed."
        )
    return message % {
        "code": unit.code,
        "dataset": unit.dataset,
        "date": on.strftime("%d/%m/%Y"),
        "other": other,
    }


def open_output(path: Path):
    """Open `path` for writing; CommandError (one line) when it cannot be written."""
    try:
        return path.open("wb")
    except OSError:
        raise CommandError(
            _("Cannot write %(path)s: its folder does not exist or may not be written to.")
            % {"path": path}
        ) from None


class Command(RegistryCommand):
    help = "Export the roster (.xlsx or .csv by the file's extension) in the import layout."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write: a .xlsx or .csv path")
        parser.add_argument("--unit", help="a province, district or commune code (default: all)")
        parser.add_argument(
            "--as-of", type=command_date, help="the posts in force on this date (default: today)"
        )
        parser.add_argument("--all", action="store_true", help="every post, ended ones too")
        parser.add_argument("--dataset", choices=["legacy", "2025"], help="the unit data set")

    def handle(self, *args, file, unit, as_of, all, dataset, **options):
        path = Path(file)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "csv"):
            raise CommandError(_("The file must end in .xlsx or .csv."))
        on = as_of or datetime.date.today()
        # Every post (--all) is history: a unit that existed on any day will do.
        since = datetime.date.min if all else None
        chosen = unit_argument(unit, on=on, dataset=dataset, since=since)
        with open_output(path) as out:
            count = write_roster(
                roster_lines(communes_of(chosen), as_of=on, all_posts=all), out, fmt
            )
        self.stdout.write(_("%(count)s rows written to %(path)s.") % {"count": count, "path": path})
        reason = empty_reason(unit, chosen, on=on) if chosen is not None and not count else None
        if reason:
            self.stderr.write(reason)
