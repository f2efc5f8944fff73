"""The `reorganise` command of DESIGN §11.5.

`reorganise --province CODE [--on 2025-07-01] --proposal FILE` writes the worksheet;
`reorganise --province CODE --apply FILE [--dry-run] [--user USERNAME]` applies it.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accounts import access
from cadre_registry.commands import RegistryCommand, command_date
from reorganisation.services import (
    ReorganisationError,
    legacy_province,
    placement_report,
    proposal,
)
from spreadsheets.reorganisation import (
    apply_worksheet,
    outcome_text,
    report_summary,
    write_worksheet,
)
from units.models import REFORM_DATE


class Command(RegistryCommand):
    help = (
        "The 2025 reorganisation of a province: write the proposed worksheet (--proposal FILE), "
        "or apply an edited one (--apply FILE), all rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="the province's code, e.g. 20")
        parser.add_argument(
            "--on", type=command_date, default=REFORM_DATE, help="the date (default 2025-07-01)"
        )
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--proposal", metavar="FILE", help="write the proposal (.xlsx)")
        action.add_argument("--apply", metavar="FILE", help="apply this worksheet")
        parser.add_argument("--dry-run", action="store_true", help="show what would change")
        parser.add_argument("--user", help="apply with this user's rights, named in history")

    def handle(self, *args, province, on, user, dry_run, **options):
        if on != REFORM_DATE:
            raise CommandError(
                _("The reorganisation takes place on 01/07/2025; “--on” cannot be %(date)s.")
                % {"date": on.strftime("%d/%m/%Y")}
            )
        try:
            unit = legacy_province(province)
            actor = self._actor(user, unit)
            if options["proposal"]:
                self._proposal(unit, on, Path(options["proposal"]))
            else:
                self._apply(unit, on, Path(options["apply"]), actor, dry_run)
        except ReorganisationError as exc:
            if len(exc.problems) == 1:
                raise CommandError(exc.problems[0]) from None
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                _("The worksheet was refused: nothing was written (%(count)s problems).")
                % {"count": len(exc.problems)}
            ) from None

    def _actor(self, username, province):
        if not username:
            return None
        User = get_user_model()
        try:
            actor = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(_("No user is named “%(name)s”.") % {"name": username}) from None
        if not access.reorganisable_provinces(actor).filter(pk=province.pk).exists():
            raise CommandError(
                _("%(user)s may not reorganise %(province)s: only its province staff may.")
                % {"user": username, "province": province}
            )
        return actor

    def _proposal(self, province, on, path: Path):
        worksheet = proposal(province=province, on=on)
        try:
            with path.open("wb") as out:
                count = write_worksheet(worksheet, out)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(problem)s") % {"path": path, "problem": exc.strerror}
            ) from None
        split = sum(1 for row in worksheet.rows if row.is_split)
        left = sum(1 for row in worksheet.rows if row.reason)
        self.stdout.write(
            _(
                "%(path)s: %(count)s posts open on 30/06/2025 in %(province)s; %(split)s in a "
                "split commune to choose; %(left)s not placed."
            )
            % {"path": path, "count": count, "province": province, "split": split, "left": left}
        )

    def _say_waiting(self):
        self.stderr.write(_("Another reorganisation of this province is running; waiting…"))
        self.stderr.flush()

    def _apply(self, province, on, path: Path, actor, dry_run):
        if not path.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": path})
        outcome = apply_worksheet(
            path.read_bytes(),
            path.name,
            province=province,
            actor=actor,
            dry_run=dry_run,
            on=on,
            on_wait=self._say_waiting,
        )
        self.stdout.write(outcome_text(outcome))
        if dry_run:
            return
        report = placement_report(province=province, on=on)
        for line in report.communes:
            percent = "" if line.percent is None else f"{line.percent}".replace(".", ",") + " %"
            self.stdout.write(
                f"{line.commune.code}\t{line.commune.name}\t{line.placed}\t"
                f"{line.staffing_number if line.staffing_number is not None else ''}\t{percent}"
            )
        for item in report.not_placed:
            self.stdout.write(
                f"-\t{item.full_name}\t{item.legacy_commune}\t{item.legacy_position}\t{item.reason}"
            )
        self.stdout.write(report_summary(report))
