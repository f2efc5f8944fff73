"""The catalogue the compliance rule reads: positions and their accepted fields (DESIGN §3, §5)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cadre_registry.text import fold
from officials.levels import (
    LEVEL_CHOICES,
    Dimension,
    level_label,
    rank_expression,
    valid_pair_condition,
)


class PositionKind(models.TextChoices):
    CADRE = "cadre", _("Cadre")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")


class PositionGroup(models.TextChoices):
    """The two kinds of 2025 job position of a civil servant (DESIGN §11.3)."""

    LEADERSHIP = "leadership", _("Leading civil servant")
    PROFESSIONAL = "professional", _("Professional civil servant")


class Position(models.Model):
    """A post in a commune (chức vụ, chức danh)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=16, choices=PositionKind.choices)
    group = models.CharField(
        _("group"),
        max_length=16,
        choices=PositionGroup.choices,
        blank=True,
        help_text=_("The 2025 job positions of civil servants: leading or professional."),
    )
    is_key = models.BooleanField(_("key post"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    counterpart = models.ForeignKey(
        "self",
        verbose_name=_("counterpart after 01/07/2025"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counterpart_of",
        help_text=_(
            "The 2025 position this post maps to. Under a regime that does not list a "
            "position, its posts are judged as their counterpart (or as the position that maps "
            "to them); blank: no counterpart, left out of such trends."
        ),
    )
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


class ExcludedFieldPhrase(models.Model):
    """A phrase that makes a field match no keyword of any position ("xây dựng đảng")."""

    phrase = models.CharField(_("phrase"), max_length=80)
    key = models.CharField(max_length=80, editable=False, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("excluding field phrase")
        verbose_name_plural = _("excluding field phrases")
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase

    def save(self, *args, **kwargs):
        self.key = fold(self.phrase)
        super().save(*args, **kwargs)


class RegimeQuerySet(models.QuerySet):
    def in_force_on(self, date):
        """Return the regimes in force on `date` (start ≤ date ≤ end)."""
        return self.filter(
            models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=date),
            effective_from__lte=date,
        )


class Regime(models.Model):
    """A set of requirements in force between two dates (tiêu chuẩn theo văn bản)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=200)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    grace_until = models.DateField(
        _("incumbents' grace deadline"),
        null=True,
        blank=True,
        help_text=_("Officials in post before the regime have until this day to meet it."),
    )

    history = HistoricalRecords()
    objects = RegimeQuerySet.as_manager()

    class Meta:
        verbose_name = _("standards regime")
        verbose_name_plural = _("standards regimes")
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="regime_end_not_before_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"


class QuotaQuerySet(models.QuerySet):
    def in_force_on(self, date):
        """Return the quotas whose own period covers `date` (start ≤ date ≤ end)."""
        return self.filter(
            models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=date),
            effective_from__lte=date,
        )


class Quota(models.Model):
    """The maximum number of officials of a commune, by kind and class, from a date.

    A quota has its own period, which may start before its regime (the 23/21/19 quota of
    NĐ 34/2019 applies from 25/06/2019, under regime 2012).
    """

    regime = models.ForeignKey(
        Regime, verbose_name=_("regime"), on_delete=models.CASCADE, related_name="quotas"
    )
    commune_kind = models.CharField(
        _("commune kind"),
        max_length=16,
        blank=True,
        choices=[
            ("xa", _("Commune (xã)")),
            ("phuong", _("Ward (phường)")),
            ("thi_tran", _("Township (thị trấn)")),
            ("dac_khu", _("Special zone (đặc khu)")),
        ],
        help_text=_("Blank: every kind without a row of its own."),
    )
    commune_class = models.CharField(
        _("commune class"),
        max_length=3,
        choices=[("I", _("Class I")), ("II", _("Class II")), ("III", _("Class III"))],
    )
    quota = models.PositiveSmallIntegerField(_("quota"))
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Blank: no end date.")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=120, blank=True)

    history = HistoricalRecords()
    objects = QuotaQuerySet.as_manager()

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["regime", "effective_from", "commune_kind", "commune_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "commune_kind", "commune_class", "effective_from"],
                name="quota_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="quota_end_not_before_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.regime.code} {self.commune_kind or '*'} {self.commune_class}: {self.quota}"

    def clean(self):
        """Refuse a period that overlaps another quota of the same kind and class."""
        if not self.effective_from or not self.commune_class:
            return
        others = Quota.objects.filter(
            commune_kind=self.commune_kind, commune_class=self.commune_class
        ).exclude(pk=self.pk)
        others = others.filter(
            models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=self.effective_from)
        )
        if self.effective_to:
            others = others.filter(effective_from__lte=self.effective_to)
        clash = others.select_related("regime").first()
        if clash:
            raise ValidationError(
                _(
                    "This period overlaps the quota of %(regime)s from %(start)s: end that one "
                    "first, or change the dates."
                )
                % {"regime": clash.regime.code, "start": clash.effective_from.strftime("%d/%m/%Y")}
            )


class Requirement(models.Model):
    """A minimum level in one dimension for one position under a regime."""

    regime = models.ForeignKey(
        Regime, verbose_name=_("regime"), on_delete=models.CASCADE, related_name="requirements"
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    min_level = models.CharField(_("minimum level"), max_length=20, choices=LEVEL_CHOICES)
    special_min_level = models.CharField(
        _("minimum level in special areas"),
        max_length=20,
        choices=LEVEL_CHOICES,
        blank=True,
        help_text=_("Blank: the same as everywhere."),
    )
    field_must_match = models.BooleanField(_("field must match the position"), default=False)
    citation = models.CharField(
        _("article"),
        max_length=160,
        blank=True,
        help_text=_("The article the requirement rests on, e.g. “NĐ 33/2023 Điều 10 k2”."),
    )
    is_default = models.BooleanField(
        _("default (judgement, not law)"),
        default=False,
        help_text=_("Marked when no article sets this requirement."),
    )
    min_rank = models.GeneratedField(
        expression=rank_expression("dimension", "min_level"),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )
    special_min_rank = models.GeneratedField(
        expression=rank_expression("dimension", "special_min_level"),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )

    history = HistoricalRecords(excluded_fields=["min_rank", "special_min_rank"])

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["regime", "position__order", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "position", "dimension"],
                name="requirement_unique",
                violation_error_message=_(
                    "This position already has a requirement in this dimension."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(citation="") | models.Q(is_default=True),
                name="requirement_cites_or_is_default",
                violation_error_message=_(
                    "Give the article of the requirement, or mark it as a default."
                ),
            ),
            models.CheckConstraint(
                condition=valid_pair_condition("dimension", "min_level"),
                name="requirement_level_in_dimension",
                violation_error_message=_("This level does not belong to this dimension."),
            ),
            models.CheckConstraint(
                condition=models.Q(special_min_level="")
                | valid_pair_condition("dimension", "special_min_level"),
                name="requirement_special_level_in_dimension",
                violation_error_message=_("This level does not belong to this dimension."),
            ),
        ]

    def __str__(self):
        level = level_label(self.dimension, self.min_level)
        return f"{self.position}: {self.get_dimension_display()} ≥ {level}"

    @property
    def basis(self) -> str:
        """Return the article, and "(default)" when the requirement is a judgement."""
        return citation_text(self.citation, self.is_default)


def citation_text(citation: str, is_default: bool) -> str:
    """Return what a page shows of a requirement's basis: "NĐ 33/2023 Điều 8 k3", "default"."""
    if not is_default:
        return citation
    if not citation:
        return str(_("default"))
    return _("%(citation)s, default") % {"citation": citation}


class ClosedReport(models.Model):
    """Figures as reported for a period (e.g. "Báo cáo năm 2022"): later edits do not move them."""

    title = models.CharField(_("title"), max_length=200)
    scope = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closed_reports",
        help_text=_("Blank: the whole country."),
    )
    as_of = models.DateField(_("as of"))
    regime = models.ForeignKey(
        Regime, verbose_name=_("regime"), on_delete=models.PROTECT, related_name="closed_reports"
    )
    verified_only = models.BooleanField(_("verified credentials only"), default=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        related_name="closed_reports",
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("closed report")
        verbose_name_plural = _("closed reports")
        ordering = ["-as_of", "-closed_at"]

    def __str__(self):
        return self.title


class ClosedReportRow(models.Model):
    """One unit's figures in a closed report, copied as they were."""

    report = models.ForeignKey(ClosedReport, on_delete=models.CASCADE, related_name="rows")
    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT)
    officials = models.PositiveIntegerField()
    compliant = models.PositiveIntegerField()
    quota = models.PositiveIntegerField(null=True)
    vacancies = models.PositiveIntegerField(null=True)
    in_grace = models.PositiveIntegerField()
    unmet = models.JSONField(default=dict)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "unit"], name="closed_row_unique_unit"),
        ]

    def __str__(self):
        return f"{self.report}: {self.unit_id}"
