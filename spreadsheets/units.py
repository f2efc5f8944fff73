"""Find the unit a code names, and the communes under it (DESIGN §10)."""

import datetime

from units.models import AdministrativeUnit, Level

LEVEL_ORDER = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}


def find_unit(code: str, *, on: datetime.date, dataset: str | None = None):
    """Return the unit `code` names in the data set valid on `on` (the code as written wins)."""
    found = list(AdministrativeUnit.objects.by_code(code, dataset=dataset, on=on))
    if not found:
        return None
    found.sort(key=lambda unit: (unit.code != str(code).strip(), LEVEL_ORDER[unit.level]))
    return found[0]


def communes_of(unit, within=None):
    """Return the communes at or under `unit` (every commune when None), within `within`."""
    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE)
    if unit is not None:
        communes = AdministrativeUnit.objects.communes_under(unit)
    if within is not None:
        communes = communes.filter(pk__in=within.values("pk"))
    return communes
