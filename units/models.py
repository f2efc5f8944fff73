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


# The kind words that open a unit's name, folded ("Thị trấn Chi Lăng" is also "Chi Lăng").
KIND_WORDS = ("xa", "phuong", "thi tran", "dac khu", "huyen", "quan", "thi xa", "thanh pho", "tinh")


def dataset_on(date: datetime.date) -> str:
    """Return the data set whose units are valid on `date`."""
    return Dataset.Y2025 if date >= REFORM_DATE else Dataset.LEGACY


class UnknownUnit(ValueError):
    """A unit code that names no unit (or several) in the data set asked for."""


class UnknownName(UnknownUnit):
    """A unit name (not a code) that names no unit the user sees, or several: a form error."""


class UnitNotValid(UnknownUnit):
    """A unit asked about on a date outside its validity (DESIGN §11.1).

    The message says when it ceased (or began) and which units succeeded (or preceded) it;
    `unit` and `related` let a page link to them.
    """

    def __init__(self, unit: "AdministrativeUnit", related: list["AdministrativeUnit"], message):
        super().__init__(message)
        self.unit = unit
        self.related = related


def _day(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def _names(units) -> str:
    return ", ".join(str(unit) for unit in units) or "—"


class UnitQuerySet(models.QuerySet):
    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def valid_on(self, date: datetime.date):
        """Return the units that exist on `date` (valid_from ≤ date ≤ valid_to)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date),
            Q(valid_to__isnull=True) | Q(valid_to__gte=date),
        )

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

    def counterpart_provinces(self, province_ids: list[int]) -> list[int]:
        """Return the provinces of the other data set that share communes, through the
        succession links, with the provinces `province_ids` (e.g. Lạng Sơn 20 in both sets)."""
        # Plain lists of ids, step by step: one nested query left the planner, on tables not yet
        # analysed (a fresh import or test database), a plan that ran for minutes.
        links = AdministrativeUnit.successors.through.objects
        districts = list(self.filter(parent_id__in=province_ids).values_list("pk", flat=True))
        communes = list(
            self.filter(
                Q(parent_id__in=province_ids) | Q(parent_id__in=districts), level=Level.COMMUNE
            ).values_list("pk", flat=True)
        )
        later = links.filter(from_administrativeunit__in=communes).values_list(
            "to_administrativeunit", flat=True
        )
        earlier = links.filter(to_administrativeunit__in=communes).values_list(
            "from_administrativeunit", flat=True
        )
        related = set(later) | set(earlier)
        parents = set(self.filter(pk__in=related).values_list("parent_id", flat=True))
        grandparents = set(self.filter(pk__in=parents).values_list("parent_id", flat=True))
        found = self.filter(pk__in=(parents | grandparents) - {None}, level=Level.PROVINCE)
        return list(found.exclude(pk__in=province_ids).values_list("pk", flat=True))

    def resolve(
        self,
        code: str | int,
        *,
        on: datetime.date | None = None,
        dataset: str | None = None,
        since: datetime.date | None = None,
    ) -> "AdministrativeUnit":
        """Return the one unit `code` names on `on`: the one answer to "which unit is this?".

        The code is read in the data set valid on `on` (today by default), then in the other one,
        unless `dataset` fixes it; a code written with all its digits wins over a padded reading.
        The unit must exist on some day from `since` (default `on`) to `on`: otherwise
        UnitNotValid says when it ceased or began and names its successors or predecessors.
        Raises UnknownUnit when the code names no unit, or several.
        """
        on = on or datetime.date.today()
        text = str(code).strip()
        first = dataset or dataset_on(on)
        order = [first] if dataset else [first, *(d for d in Dataset.values if d != first)]
        found = list(self.by_code(text, datasets=order))
        if not found:
            where = Dataset(dataset).label if dataset else None
            message = (
                _("No administrative unit has the code “%(code)s” in the data set “%(dataset)s”.")
                % {"code": text, "dataset": where}
                if where
                else _("No administrative unit has the code “%(code)s”.") % {"code": text}
            )
            raise UnknownUnit(message)
        exact = [unit for unit in found if unit.code == text]
        candidates = exact or found
        by_dataset = {d: [u for u in candidates if u.dataset == d] for d in order}
        chosen = None
        for candidate_set in order:
            if len(by_dataset[candidate_set]) > 1:
                raise UnknownUnit(
                    _("The code “%(code)s” names several units: write it with its leading zeros.")
                    % {"code": text}
                )
            if by_dataset[candidate_set]:
                unit = by_dataset[candidate_set][0]
                chosen = chosen or unit
                if unit.exists_during(since or on, on):
                    return unit
        raise chosen.not_valid_error(on)

    def named(self, text: str):
        """Return the units `text` names, accents, case and the kind word ("Xã") ignored:
        "nhan ly" names "Xã Nhân Lý"."""
        folded = fold(text)
        if not folded:
            return self.none()
        keys = [folded, *(f"{kind} {folded}" for kind in KIND_WORDS)]
        return self.filter(search_key__in=keys)

    def by_code(
        self,
        code: str | int,
        *,
        dataset: str | None = None,
        on: datetime.date | None = None,
        datasets: list[str] | None = None,
    ):
        """Return the units that `code` names (any level) in the data set valid on `on`."""
        datasets = datasets or [dataset or dataset_on(on or datetime.date.today())]
        text = str(code).strip()
        candidates = {text} | {normalise_code(text, level) for level in CODE_WIDTH}
        return self.filter(dataset__in=datasets, code__in=candidates)


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
    staffing_number = models.PositiveSmallIntegerField(
        _("staffing number"),
        null=True,
        blank=True,
        help_text=_(
            "Biên chế of a commune from 01/07/2025, set by the province: its quota. "
            "Blank: not set (no vacancies shown)."
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
            models.CheckConstraint(
                condition=Q(staffing_number__isnull=True)
                | Q(level=Level.COMMUNE, dataset=Dataset.Y2025),
                name="unit_staffing_number_only_for_2025_communes",
                violation_error_message=_("Only a commune from 01/07/2025 has a staffing number."),
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

    def exists_during(self, first: datetime.date, last: datetime.date) -> bool:
        """Return whether the unit exists on some day from `first` to `last`."""
        return (self.valid_from is None or self.valid_from <= last) and (
            self.valid_to is None or self.valid_to >= first
        )

    def is_valid_on(self, date: datetime.date) -> bool:
        return self.exists_during(date, date)

    def successor_units(self):
        """Return the 2025 units that took over this legacy unit's communes, in code order."""
        communes = AdministrativeUnit.objects.communes_under(self)
        successors = AdministrativeUnit.objects.filter(predecessors__in=communes)
        if self.level == Level.PROVINCE:
            return AdministrativeUnit.objects.filter(pk__in=successors.values("parent")).order_by(
                "code"
            )
        return successors.distinct().order_by("code")

    def predecessor_units(self):
        """Return the legacy units this 2025 unit was formed from, in code order."""
        communes = AdministrativeUnit.objects.communes_under(self)
        sources = AdministrativeUnit.objects.filter(successors__in=communes)
        if self.level == Level.PROVINCE:
            return AdministrativeUnit.objects.filter(
                pk__in=sources.values("parent__parent")
            ).order_by("code")
        return sources.distinct().order_by("code")

    def not_valid_error(self, on: datetime.date) -> UnitNotValid:
        """Return the error for a question about this unit on `on`, a day it does not exist."""
        if self.valid_to is not None and self.valid_to < on:
            related = list(self.successor_units())
            message = _(
                "%(unit)s ceased on %(date)s (its last day); it was succeeded by: %(units)s. "
                "Ask about one of them."
            ) % {"unit": self, "date": _day(self.valid_to), "units": _names(related)}
        else:
            related = list(self.predecessor_units())
            message = _(
                "%(unit)s exists only from %(date)s; before that it was: %(units)s. "
                "Ask about one of them."
            ) % {"unit": self, "date": _day(self.valid_from), "units": _names(related)}
        return UnitNotValid(self, related, message)
