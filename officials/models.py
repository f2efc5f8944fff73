"""Officials, the posts they hold over time, and their credentials (DESIGN §1, §4)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
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
from units.models import Level

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)

citizen_id_validator = RegexValidator(
    r"^[0-9]{12}$", _("A citizen ID (CCCD) has exactly 12 digits."), code="citizen_id"
)


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class OfficialQuerySet(models.QuerySet):
    def search(self, text: str):
        """Return the officials whose name contains `text` (case and diacritics ignored), or ID."""
        text = (text or "").strip()
        if not text:
            return self
        if text.isdigit():
            return self.filter(citizen_id__contains=text)
        return self.filter(search_key__contains=fold(text))


class Official(models.Model):
    """A commune-level cadre or civil servant (cán bộ, công chức cấp xã)."""

    full_name = models.CharField(_("full name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=40, blank=True)
    citizen_id = models.CharField(
        _("citizen ID"),
        max_length=12,
        unique=True,
        validators=[citizen_id_validator],
        error_messages={"unique": _("An official with this citizen ID already exists.")},
        help_text=_("The 12-digit personal identification number (số định danh cá nhân)."),
    )
    party_joined_on = models.DateField(_("party membership date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    search_key = models.CharField(max_length=120, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["search_key"])
    objects = OfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["search_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="official_citizen_id_12_digits",
                violation_error_message=_("A citizen ID (CCCD) has exactly 12 digits."),
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__gte=EARLIEST_BIRTH_DATE),
                name="official_plausible_birth_date",
                violation_error_message=_("The date of birth is before 1900."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_key = fold(self.full_name)
        super().save(*args, **kwargs)

    def clean(self):
        if self.date_of_birth and self.date_of_birth > datetime.date.today():
            raise ValidationError({"date_of_birth": _("The date of birth is in the future.")})


class EndReason(models.TextChoices):
    TRANSFER = "transfer", _("Transfer")
    ROTATION = "rotation", _("Rotation")
    DISMISSAL = "dismissal", _("Dismissal")
    RESIGNATION = "resignation", _("Resignation")
    RETIREMENT = "retirement", _("Retirement")
    END_OF_TERM = "end_of_term", _("End of term")
    DEATH = "death", _("Death")
    OTHER = "other", _("Other")


class AssignmentQuerySet(models.QuerySet):
    def in_post_on(self, date: datetime.date):
        """Return the assignments held on `date` (start ≤ date < end)."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gt=date), start_date__lte=date)


class Assignment(models.Model):
    """An official holding a position in a commune over a period (quá trình công tác)."""

    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.CASCADE, related_name="assignments"
    )
    position = models.ForeignKey(
        "standards.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    commune = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="assignments",
        limit_choices_to={"level": Level.COMMUNE},
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=16, choices=EndReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("post held")
        verbose_name_plural = _("posts held")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_end_not_before_start",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.UniqueConstraint(
                fields=["official", "position", "commune"],
                condition=Q(end_date__isnull=True),
                name="assignment_one_open_post",
                violation_error_message=_("This official already holds this post in this commune."),
            ),
            models.UniqueConstraint(
                fields=["official", "position", "commune", "start_date"],
                name="assignment_unique_start",
                violation_error_message=_(
                    "This official already has this post in this commune from this date."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.official} – {self.position} ({self.commune})"

    def clean(self):
        errors = {}
        if self.commune_id and self.commune.level != Level.COMMUNE:
            errors["commune"] = _("A post is held in a commune, ward or township.")
        if self.end_reason and not self.end_date:
            errors["end_reason"] = _("An end reason needs an end date.")
        if errors:
            raise ValidationError(errors)


class Verification(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Credential(models.Model):
    """A level reached in one dimension (văn bằng, chứng chỉ)."""

    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.CASCADE, related_name="credentials"
    )
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    level = models.CharField(_("level"), max_length=20, choices=LEVEL_CHOICES)
    rank = models.GeneratedField(
        expression=rank_expression(),
        output_field=models.SmallIntegerField(),
        db_persist=True,
        verbose_name=_("rank"),
    )
    field = models.CharField(
        _("field"), max_length=160, blank=True, help_text=_("e.g. Kế toán, Luật")
    )
    field_key = models.CharField(max_length=160, editable=False, blank=True)
    field_matches = models.BooleanField(
        _("field marked as matching"),
        default=False,
        help_text=_("District staff confirm that this field matches the official's posts."),
    )
    language = models.CharField(_("language"), max_length=40, blank=True)
    issuer = models.CharField(_("issuer"), max_length=160, blank=True)
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    awarded_on = models.DateField(_("award date"), null=True, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="evidence/%Y/", blank=True)
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.VERIFIED,
    )
    verification_note = models.CharField(_("verification note"), max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["field_key", "rank"])

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["official", "dimension", "-awarded_on"]
        indexes = [models.Index(fields=["official", "dimension"], name="credential_by_dimension")]
        constraints = [
            models.CheckConstraint(
                condition=valid_pair_condition(),
                name="credential_level_in_dimension",
                violation_error_message=_("This level does not belong to this dimension."),
            ),
        ]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.level_display}"

    def save(self, *args, **kwargs):
        self.field_key = fold(self.field)
        super().save(*args, **kwargs)

    @property
    def level_display(self) -> str:
        return level_label(self.dimension, self.level)
