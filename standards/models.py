"""The catalogue the compliance rule reads: positions and their accepted fields (DESIGN §3, §5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cadre_registry.text import fold


class PositionKind(models.TextChoices):
    CADRE = "cadre", _("Cadre")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")


class Position(models.Model):
    """A post in a commune (chức vụ, chức danh)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=16, choices=PositionKind.choices)
    is_key = models.BooleanField(_("key post"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    abolished_on = models.DateField(
        _("abolished on"),
        null=True,
        blank=True,
        help_text=_("The day from which the post no longer exists in communes."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class FieldKeyword(models.Model):
    """A word that makes a professional field match a position (e.g. "kế toán")."""

    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        on_delete=models.CASCADE,
        related_name="field_keywords",
    )
    keyword = models.CharField(_("keyword"), max_length=80)
    key = models.CharField(max_length=80, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accepted field keyword")
        verbose_name_plural = _("accepted field keywords")
        ordering = ["position", "keyword"]
        constraints = [
            models.UniqueConstraint(fields=["position", "key"], name="keyword_unique_per_position"),
        ]

    def __str__(self):
        return self.keyword

    def save(self, *args, **kwargs):
        self.key = fold(self.keyword)
        super().save(*args, **kwargs)
