"""Writes of the accounts app: granting roles."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import forget_grants
from accounts.models import LEVELS_OF_ROLE, Role, RoleGrant, unit_level_error
from units.models import AdministrativeUnit, Dataset, dataset_on


class GrantError(ValueError):
    """A grant that cannot be made: unknown role, unit or a unit of the wrong level."""


def find_grant_unit(
    code: str, *, role: str, dataset: str | None = None, on: datetime.date | None = None
) -> AdministrativeUnit:
    """Return the unit `code` names for `role`.

    The code is read in the data set valid on `on` (today), as DESIGN §10 says; when it names no
    unit of a level the role accepts there (district codes exist only before the 2025 reform),
    the other data set is tried. `dataset` forces one data set.
    """
    if role not in Role.values:
        raise GrantError(
            _("Unknown role %(role)s: use one of %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)}
        )
    first = dataset or dataset_on(on or datetime.date.today())
    tried = [first] if dataset else [first, *[d for d in Dataset.values if d != first]]
    for candidate_set in tried:
        units = list(
            AdministrativeUnit.objects.by_code(code, dataset=candidate_set).filter(
                level__in=LEVELS_OF_ROLE[role]
            )
        )
        exact = [unit for unit in units if unit.code == str(code).strip()]
        if len(exact) == 1 or len(units) == 1:
            return (exact or units)[0]
        if len(units) > 1:
            raise GrantError(
                _("The code %(code)s names several units: %(units)s.")
                % {"code": code, "units": ", ".join(str(u) for u in units)}
            )
    if any(AdministrativeUnit.objects.by_code(code, dataset=d).exists() for d in tried):
        raise GrantError(unit_level_error(role))
    raise GrantError(_("No administrative unit has the code %(code)s.") % {"code": code})


@transaction.atomic
def grant_role(
    *, username: str, role: str, unit: AdministrativeUnit, password: str | None = None
) -> tuple[object, RoleGrant, bool]:
    """Give `username` the role on `unit`, creating the user if missing; return (user, grant, new).

    Province and district staff become staff users (the admin site); other roles never do.
    """
    if unit.level not in LEVELS_OF_ROLE[role]:
        raise GrantError(unit_level_error(role))
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    if role in (Role.PROVINCE_STAFF, Role.DISTRICT_STAFF):
        user.is_staff = True
    user.save()
    grant, _created = RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
    forget_grants(user)
    return user, grant, created
