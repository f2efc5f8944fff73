"""Administrative units (đơn vị hành chính) of both data sets of `vietnam-provinces`."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cadre_registry.text import fold

# The three-level units end, and the two-level units begin, with the 2025 reform.
REFORM_DATE = datetime.date(2025, 7, 1)
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}


class Dataset(models.TextChoices):
    LEGACY = "legacy", _("Before 01/07/2025 (three levels)")
    Y2025 = "2025", _("From 01/07/2025 (two levels)")


class Kind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CENTRAL_CITY = "central_city", _("Centrally-run city")
    DISTRICT = "district", _("District")
    URBAN_DISTRICT = "urban_district", _("Urban district")
    TOWN = "town", _("District-level town")
    PROVINCIAL_CITY = "provincial_city", _("Provincial city")
    COMMUNE = "xa", _("Commune (xã)")
    WARD = "phuong", _("Ward (phường)")
    TOWNSHIP = "thi_tran", _("Township (thị trấn)")
    SPECIAL_ZONE = "dac_khu", _("Special zone (đặc khu)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province level")
    DISTRICT = "district", _("District level")
    COMMUNE = "commune", _("Commune level")


LEVEL_OF_KIND = {
    Kind.PROVINCE: Level.PROVINCE,
    Kind.CENTRAL_CITY: Level.PROVINCE,
    Kind.DISTRICT: Level.DISTRICT,
    Kind.URBAN_DISTRICT: Level.DISTRICT,
    Kind.TOWN: Level.DISTRICT,
    Kind.PROVINCIAL_CITY: Level.DISTRICT,
    Kind.COMMUNE: Level.COMMUNE,
    Kind.WARD: Level.COMMUNE,
    Kind.TOWNSHIP: Level.COMMUNE,
    Kind.SPECIAL_ZONE: Level.COMMUNE,
}


class CommuneClass(models.TextChoices):
    I = "I", _("Class I")  # noqa: E741
    II = "II", _("Class II")
    III = "III", _("Class III")


def normalise_code(code: str | int, level: str) -> str:
    """Return a unit code with the leading zeros of the official list ("6496" -> "06496")."""
    text = str(code).strip()
    if not text.isdigit():
        return text
    return text.zfill(CODE_WIDTH[level])


def dataset_on(date: datetime.date) -> str:
    """Return the data set whose units are valid on `date`."""
    return Dataset.Y2025 if date >= REFORM_DATE else Dataset.LEGACY


class UnknownUnit(ValueError):
    """A unit code that names no unit (or several) in the data set asked for."""


class UnitQuerySet(models.QuerySet):
    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def under(self, unit: "AdministrativeUnit"):
        """Return the units at or below `unit` (legacy provinces reach communes via districts)."""
        children = AdministrativeUnit.objects.filter(parent=unit).values("pk")
        return self.filter(Q(pk=unit.pk) | Q(parent=unit) | Q(parent__in=children))

    def communes_under(self, unit: "AdministrativeUnit"):
        """Return the communes at or below `unit`, by the index on parent (no join)."""
        if unit.level == Level.COMMUNE:
            return self.filter(pk=unit.pk)
        if unit.level == Level.DISTRICT or unit.dataset == Dataset.Y2025:
            return self.filter(parent=unit, level=Level.COMMUNE)
        districts = AdministrativeUnit.objects.filter(parent=unit).values("pk")
        return self.filter(Q(parent=unit) | Q(parent__in=districts), level=Level.COMMUNE)

    def resolve(
        self, code: str | int, *, on: datetime.date | None = None, dataset: str | None = None
    ):
        """Return the one unit `code` names in the data set valid on `on` (or `dataset`).

        Raises UnknownUnit, whose message names the code and the data set.
        """
        text = str(code).strip()
        explicit = dataset is not None
        dataset = dataset or dataset_on(on or datetime.date.today())
        matches = list(self.by_code(text, dataset=dataset))
        if not matches and not explicit:
            # A code the other data set alone knows (a legacy district after 2025) still names it.
            other = Dataset.LEGACY if dataset == Dataset.Y2025 else Dataset.Y2025
            matches = list(self.by_code(text, dataset=other))
            dataset = other if matches else dataset
        exact = [unit for unit in matches if unit.code == text]
        if len(exact) == 1:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise UnknownUnit(
                _("No administrative unit has the code “%(code)s” in the data set “%(dataset)s”.")
                % {"code": text, "dataset": Dataset(dataset).label}
            )
        raise UnknownUnit(
            _("The code “%(code)s” names several units: write it with its leading zeros.")
            % {"code": text}
        )

    def by_code(
        self, code: str | int, *, dataset: str | None = None, on: datetime.date | None = None
    ):
        """Return the units that `code` names (any level) in the data set valid on `on`."""
        dataset = dataset or dataset_on(on or datetime.date.today())
        text = str(code).strip()
        candidates = {text} | {normalise_code(text, level) for level in CODE_WIDTH}
        return self.filter(dataset=dataset, code__in=candidates)


class AdministrativeUnit(models.Model):
    """A province, district or commune of one data set (identified by data set and code)."""

    dataset = models.CharField(_("data set"), max_length=8, choices=Dataset.choices)
    code = models.CharField(_("code"), max_length=5)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    level = models.CharField(
        pgettext_lazy("administrative unit", "level"), max_length=10, choices=Level.choices
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successors"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text=_("The units of the 2025 data set that this unit was merged into."),
    )
    commune_class = models.CharField(
        _("commune class"), max_length=3, choices=CommuneClass.choices, blank=True
    )
    special_area = models.BooleanField(
        _("special area"),
        default=False,
        help_text=_(
            "Mountain, highland, border, island, ethnic-minority or extremely difficult area: "
            "relaxes some standards."
        ),
    )
    search_key = models.CharField(max_length=120, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["search_key"])
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["dataset", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "code"], name="unit_unique_dataset_code"),
            models.CheckConstraint(
                condition=Q(commune_class="") | Q(level=Level.COMMUNE),
                name="unit_class_only_for_communes",
                violation_error_message=_("Only a commune has a class."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.search_key = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_commune(self) -> bool:
        return self.level == Level.COMMUNE

    def is_valid_on(self, date: datetime.date) -> bool:
        """Tell whether the unit exists on `date` (its validity period, both ends included)."""
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or date <= self.valid_to
        )
