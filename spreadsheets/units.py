"""The communes under a unit (DESIGN §10); the unit itself is read by `resolve`."""

from units.models import AdministrativeUnit, Level


def communes_of(unit, within=None):
    """Return the communes at or under `unit` (every commune when None), within `within`."""
    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE)
    if unit is not None:
        communes = AdministrativeUnit.objects.communes_under(unit)
    if within is not None:
        communes = communes.filter(pk__in=within.values("pk"))
    return communes
