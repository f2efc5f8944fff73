"""The placements of the 2025 reorganisation (sắp xếp, bố trí, DESIGN §11.4)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotPlacedReason(models.TextChoices):
    """Why a person in post on 30/06/2025 has no post in a 2025 commune."""

    RETIRED = "retired", _("Retired")
    RESIGNED = "resigned", _("Left the service")
    TRANSFERRED = "transferred", _("Transferred to other work")
    NOT_YET_PLACED = "not_yet_placed", _("Not yet placed")
    LEFT_STAFF = "left_staff", _("Left the commune's staff")


class Placement(models.Model):
    """Where the reorganisation put the holder of one legacy post: a post in a 2025 commune, or
    nowhere, with the reason. One per legacy post: a second apply finds it and writes nothing."""

    legacy_post = models.OneToOneField(
        "officials.Assignment",
        verbose_name=_("legacy post"),
        on_delete=models.CASCADE,
        related_name="placement",
    )
    official = models.ForeignKey(
        "officials.Official",
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="placements",
    )
    province = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("new commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    position = models.ForeignKey(
        "standards.Position",
        verbose_name=_("2025 position"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    new_post = models.ForeignKey(
        "officials.Assignment",
        verbose_name=_("new post"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placed_from",
    )
    reason = models.CharField(
        _("reason not placed"), max_length=16, choices=NotPlacedReason.choices, blank=True
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(reason="", commune__isnull=False, position__isnull=False)
                | (~Q(reason="") & Q(commune__isnull=True, position__isnull=True)),
                name="placement_placed_or_reason",
                violation_error_message=_(
                    "A placement names a commune and a position, or a reason for not placing."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.official_id} → {self.commune_id or self.reason}"
