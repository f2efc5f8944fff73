"""Roles granted on administrative units (DESIGN §9): who may see and change which communes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Level


class Role(models.TextChoices):
    PROVINCE_STAFF = "province_staff", _("Province personnel staff (Sở Nội vụ)")
    DISTRICT_STAFF = "district_staff", _("District personnel staff")
    COMMUNE_SECRETARY = "commune_secretary", _("Commune secretary")
    VIEWER = "viewer", _("Viewer")


# The unit levels each role may be granted on.
LEVELS_OF_ROLE = {
    Role.PROVINCE_STAFF: (Level.PROVINCE,),
    Role.DISTRICT_STAFF: (Level.DISTRICT, Level.PROVINCE),
    Role.COMMUNE_SECRETARY: (Level.COMMUNE,),
    Role.VIEWER: (Level.COMMUNE, Level.DISTRICT, Level.PROVINCE),
}


class RoleGrant(models.Model):
    """A role held by a user on a unit and everything under it (phân quyền)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="role_grants",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["user", "role", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="grant_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

    def clean(self):
        if self.unit_id and self.unit.level not in LEVELS_OF_ROLE.get(self.role, ()):
            raise ValidationError({"unit": unit_level_error(self.role)})


def unit_level_error(role: str) -> str:
    """Return the message for a unit of the wrong level for `role`."""
    if role == Role.COMMUNE_SECRETARY:
        return _("A commune secretary is granted one commune, ward or township.")
    if role == Role.DISTRICT_STAFF:
        return _("District staff are granted a district or a province.")
    if role == Role.PROVINCE_STAFF:
        return _("Province staff are granted a province.")
    return _("Choose an administrative unit.")
