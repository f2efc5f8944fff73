"""grant_role USERNAME ROLE UNIT_CODE: give a user a role on a unit (DESIGN §9, §10)."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from accounts.models import Role
from accounts.services import GrantError, find_grant_unit, grant_role
from cadre_registry.commands import RegistryCommand
from units.models import Dataset


class Command(RegistryCommand):
    help = (
        "Give USERNAME the ROLE (province_staff, district_staff, commune_secretary, viewer) on the "
        "unit UNIT_CODE, "
        "creating the user if missing. The code is read in the data set valid today; when it names "
        "no unit of a level the role accepts there (e.g. a district), the other data set is tried. "
        "--dataset forces one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("unit_code")
        parser.add_argument("--password", help="set this password (checked by the validators)")
        parser.add_argument("--dataset", choices=Dataset.values)

    def handle(self, *args, username, role, unit_code, password, dataset, **options):
        try:
            unit = find_grant_unit(unit_code, role=role, dataset=dataset)
            user, grant, created = grant_role(
                username=username, role=role, unit=unit, password=password
            )
        except GrantError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if created:
            self.stdout.write(f"Created user {user.get_username()}.")
            if password is None:
                self.stdout.write("No password set: give one with --password to let them log in.")
        self.stdout.write(
            f"{user.get_username()}: {role} on {unit.name} ({unit.code}, {unit.dataset})."
        )
