"""Officials, the posts they hold over time, and their credentials (DESIGN §1, §4)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.text import capfirst
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
from officials.validators import validate_evidence
from units.models import REFORM_DATE, AdministrativeUnit, Dataset, Level

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)

citizen_id_validator = RegexValidator(
    r"^[0-9]{12}$", _("A citizen ID (CCCD) has exactly 12 digits."), code="citizen_id"
)


def bump_version(instance: models.Model) -> None:
    """Count the saves of a stored row, so that a form loaded before one can tell."""
    if instance.pk is not None and not instance._state.adding:
        instance.version = (instance.version or 0) + 1


class Verification(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Religion(models.TextChoices):
    """The religions recognised by the State (Ban Tôn giáo Chính phủ: 16 religions, 2023)."""

    BUDDHISM = "buddhism", _("Buddhism")
    CATHOLICISM = "catholicism", _("Catholicism")
    PROTESTANTISM = "protestantism", _("Protestantism")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Hoà Hảo Buddhism")
    ISLAM = "islam", _("Islam")
    BAHAI = "bahai", _("Baháʼí Faith")
    TINH_DO_CU_SI = "tinh_do_cu_si", _("Tịnh độ Cư sĩ Phật hội Việt Nam")
    ADVENTIST = "adventist", _("Seventh-day Adventist Church")
    TU_AN_HIEU_NGHIA = "tu_an_hieu_nghia", _("Tứ Ân Hiếu Nghĩa Buddhism")
    BUU_SON_KY_HUONG = "buu_son_ky_huong", _("Bửu Sơn Kỳ Hương")
    MINH_SU_DAO = "minh_su_dao", _("Minh Sư Đạo")
    MINH_LY_DAO = "minh_ly_dao", _("Minh Lý Đạo - Tam Tông Miếu")
    NAM_TONG_MINH_SU = "nam_tong_minh_su", _("Giáo hội Phật đường Nam Tông Minh Sư Đạo")
    BRAHMANISM = "brahmanism", _("Brahmanism (Chăm Bà-la-môn)")
    LATTER_DAY_SAINTS = "latter_day_saints", _("The Church of Jesus Christ of Latter-day Saints")


class OfficialQuerySet(models.QuerySet):
    def active(self):
        """Return the officials not removed (soft-deleted)."""
        return self.filter(removed_at__isnull=True)

    def removed(self):
        return self.filter(removed_at__isnull=False)

    def search(self, text: str, *, citizen_ids_of=None):
        """Return the officials whose name contains `text` (case and diacritics ignored), or ID.

        Digits match the citizen IDs of `citizen_ids_of` only, when given (the officials whose
        full ID the searcher sees): a masked ID must not be recoverable digit by digit.
        """
        text = (text or "").strip()
        if not text:
            return self
        if text.isdigit():
            found = self.filter(citizen_id__contains=text)
            return found if citizen_ids_of is None else found.filter(pk__in=citizen_ids_of)
        return self.filter(search_key__contains=fold(text))


class ActiveOfficialManager(models.Manager.from_queryset(OfficialQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class Official(models.Model):
    """A commune-level cadre or civil servant (cán bộ, công chức cấp xã)."""

    full_name = models.CharField(_("full name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=40, blank=True)
    religion = models.CharField(
        _("religion"),
        max_length=20,
        choices=Religion.choices,
        blank=True,
        help_text=_("Blank: no religion."),
    )
    citizen_id = models.CharField(
        _("citizen ID"),
        max_length=12,
        unique=True,
        validators=[citizen_id_validator],
        error_messages={"unique": _("An official with this citizen ID already exists.")},
        help_text=_("The 12-digit personal identification number (số định danh cá nhân)."),
    )
    party_member = models.BooleanField(_("party member"), default=False)
    party_joined_on = models.DateField(_("party membership date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    search_key = models.CharField(max_length=120, editable=False, db_index=True)
    removed_at = models.DateTimeField(
        _("removed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Removed officials are hidden from everyone but superusers, who can restore them."
        ),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_key"])
    # `all_objects` is the default manager (admin, validation, relations); `objects` hides removed.
    all_objects = OfficialQuerySet.as_manager()
    objects = ActiveOfficialManager()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        default_manager_name = "all_objects"
        ordering = ["search_key", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="official_citizen_id_12_digits",
                violation_error_message=_("A citizen ID (CCCD) has exactly 12 digits."),
            ),
            models.CheckConstraint(
                condition=Q(party_joined_on__isnull=True) | Q(party_member=True),
                name="official_joining_date_means_member",
                violation_error_message=_("A date of joining the party means a party member."),
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
        bump_version(self)
        super().save(*args, **kwargs)

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

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
    ABOLISHED = "abolished", _("Position abolished")
    REORGANISATION = "reorganisation", _("Reorganisation")
    OTHER = "other", _("Other")


def _day(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def _units_named(commune, related: str) -> str:
    """Return the names of a commune's successors or predecessors (read on the error path only)."""
    unit = AdministrativeUnit.objects.get(pk=commune.pk)
    units = getattr(unit, related).order_by("code")
    return ", ".join(str(u) for u in units) or "—"


def post_problems(*, position, commune, start, end) -> dict[str, str]:
    """Return, per field, why a post may not be recorded so (one rule for forms and import).

    No post of an abolished position starts on or after its abolition (§3); a post stays on its
    side of the 2025 reform (§11.2): a legacy commune's post starts before 01/07/2025 and ends
    by then (an open one waits for the reorganisation), a 2025 commune's post starts from then.
    Messages are phrases (no capital, no full stop), as the import writes them after the cell.
    """
    problems = {}
    abolished = getattr(position, "abolished_on", None)
    if abolished and start and start >= abolished:
        problems["position"] = _("the post no longer exists in communes from %(date)s") % {
            "date": _day(abolished)
        }
    if commune is None or not start:
        return problems
    reform = _day(REFORM_DATE)
    if commune.dataset == Dataset.LEGACY and start >= REFORM_DATE:
        problems["commune"] = _(
            "%(commune)s ceased on 30/06/2025; a post from %(date)s on is held in a commune of "
            "2025: %(units)s"
        ) % {"commune": commune.name, "date": reform, "units": _units_named(commune, "successors")}
    elif commune.dataset == Dataset.LEGACY and end and end > REFORM_DATE:
        problems["end_date"] = _(
            "a post in %(commune)s ends on %(date)s at the latest (the 2025 reform); from then "
            "on the reorganisation places its holder in %(units)s"
        ) % {"commune": commune.name, "date": reform, "units": _units_named(commune, "successors")}
    elif commune.dataset == Dataset.Y2025 and start < REFORM_DATE:
        problems["commune"] = _(
            "%(commune)s exists from %(date)s; a post before then is held in %(units)s"
        ) % {
            "commune": commune.name,
            "date": reform,
            "units": _units_named(commune, "predecessors"),
        }
    return problems


class VerifiedQuerySet(models.QuerySet):
    def counted(self, *, verified_only: bool = False):
        """Return the rows compliance counts: never rejected; pending unless verified only."""
        if verified_only:
            return self.filter(verification=Verification.VERIFIED)
        return self.exclude(verification=Verification.REJECTED)

    def with_submission(self):
        """Annotate who last sent each row for verification and when (its last pending version):
        `submitted_at`, `submitted_by_id`, `submitted_by_name`."""
        sent = self.model.history.filter(
            id=OuterRef("pk"), verification=Verification.PENDING
        ).order_by("-history_date")
        return self.annotate(
            submitted_at=Subquery(sent.values("history_date")[:1]),
            submitted_by_id=Subquery(sent.values("history_user_id")[:1]),
            submitted_by_name=Subquery(sent.values("history_user__username")[:1]),
        )


class HidesRemovedOfficials:
    """A manager mixin that leaves out the rows of removed (soft-deleted) officials."""

    def get_queryset(self):
        return super().get_queryset().filter(official__removed_at__isnull=True)


class AssignmentQuerySet(VerifiedQuerySet):
    def in_post_on(self, date: datetime.date):
        """Return the assignments held on `date` (start ≤ date < end).

        Nobody holds an abolished position from its abolition on (§3), whatever the end date.
        """
        return self.filter(
            Q(end_date__isnull=True) | Q(end_date__gt=date),
            Q(position__abolished_on__isnull=True) | Q(position__abolished_on__gt=date),
            start_date__lte=date,
        )


class ActiveAssignmentManager(
    HidesRemovedOfficials, models.Manager.from_queryset(AssignmentQuerySet)
):
    pass


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
    from_district = models.BooleanField(
        _("rotated from the district level"),
        default=False,
        help_text=_("The official came to this post by rotation from the district (luân chuyển)."),
    )
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.VERIFIED,
        help_text=_("Posts entered or changed by a commune secretary wait for district staff."),
    )
    verification_note = models.CharField(_("verification note"), max_length=255, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()
    all_objects = AssignmentQuerySet.as_manager()
    objects = ActiveAssignmentManager()

    class Meta:
        verbose_name = _("post held")
        verbose_name_plural = _("posts held")
        default_manager_name = "all_objects"
        ordering = ["-start_date", "pk"]
        indexes = [
            # The verification queue and the dashboard's count of entries waiting: a few rows.
            models.Index(
                fields=["commune"], condition=Q(verification="pending"), name="assignment_pending"
            ),
        ]
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

    def save(self, *args, **kwargs):
        bump_version(self)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.commune_id and self.commune.level != Level.COMMUNE:
            errors["commune"] = _("A post is held in a commune, ward or township.")
        if self.end_reason and not self.end_date:
            errors["end_reason"] = _("An end reason needs an end date.")
        if self.position_id and self.commune_id and self.commune.level == Level.COMMUNE:
            found = post_problems(
                position=self.position,
                commune=self.commune,
                start=self.start_date,
                end=self.end_date,
            )
            for name, problem in found.items():
                errors.setdefault(name, f"{capfirst(problem)}.")
        if errors:
            raise ValidationError(errors)


class CredentialQuerySet(VerifiedQuerySet):
    def counting_on(self, on: datetime.date, *, verified_only: bool = False):
        """Return the credentials that count on `on`: awarded by then (or undated), never
        rejected, pending unless verified only (DESIGN §6.2, §6.7)."""
        awarded = models.Q(awarded_on__isnull=True) | models.Q(awarded_on__lte=on)
        return self.counted(verified_only=verified_only).filter(awarded)


class ActiveCredentialManager(
    HidesRemovedOfficials, models.Manager.from_queryset(CredentialQuerySet)
):
    pass


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
    evidence = models.FileField(
        _("evidence file"),
        upload_to="evidence/%Y/",
        blank=True,
        validators=[validate_evidence],
        help_text=_("PDF, JPG or PNG, at most 5 MB."),
    )
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.VERIFIED,
    )
    verification_note = models.CharField(_("verification note"), max_length=255, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["field_key", "rank"])
    all_objects = CredentialQuerySet.as_manager()
    objects = ActiveCredentialManager()

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        default_manager_name = "all_objects"
        ordering = ["official", "dimension", "-awarded_on"]
        indexes = [
            models.Index(fields=["official", "dimension"], name="credential_by_dimension"),
            # The verification queue and the dashboard's count of entries waiting: a few rows.
            models.Index(
                fields=["official"],
                condition=Q(verification="pending"),
                name="credential_pending",
            ),
        ]
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
        self.fold_fields([self])
        bump_version(self)
        super().save(*args, **kwargs)

    @staticmethod
    def fold_fields(credentials) -> None:
        """Set each credential's folded field (what compliance matches keywords against): save()
        does it for one row, bulk writes call it for theirs."""
        for credential in credentials:
            credential.field_key = fold(credential.field)

    @property
    def level_display(self) -> str:
        return level_label(self.dimension, self.level)


class IdentityChange(models.Model):
    """A change of an official's identity (name, date of birth, gender, citizen ID) entered by a
    commune secretary: it waits for district staff like a credential, and applies when verified.

    A blank value leaves that part of the identity as it is. One change waits per official; a
    later request merges into it.
    """

    IDENTITY_FIELDS = ("full_name", "date_of_birth", "gender", "citizen_id")

    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="identity_changes",
    )
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    citizen_id = models.CharField(
        _("citizen ID"), max_length=12, blank=True, validators=[citizen_id_validator]
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.PENDING,
    )
    verification_note = models.CharField(_("verification note"), max_length=255, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()
    all_objects = models.Manager()
    objects = models.Manager()

    class Meta:
        verbose_name = _("identity change")
        verbose_name_plural = _("identity changes")
        ordering = ["-requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["official"],
                condition=Q(verification="pending"),
                name="identity_change_one_pending",
            ),
        ]

    def __str__(self):
        return _("Identity of %(name)s: %(changes)s") % {
            "name": self.official.full_name,
            "changes": "; ".join(f"{label}: {value}" for label, value in self.described()),
        }

    def save(self, *args, **kwargs):
        bump_version(self)
        super().save(*args, **kwargs)

    def changes(self) -> dict:
        """Return the identity values this change sets (the blank ones leave the record as is)."""
        found = {name: getattr(self, name) for name in self.IDENTITY_FIELDS}
        return {name: value for name, value in found.items() if value not in (None, "")}

    def described(self) -> list[tuple[str, str]]:
        """Return (label, new value) pairs, dates dd/mm/yyyy."""
        shown = []
        for name, value in self.changes().items():
            if name == "gender":
                value = Gender(value).label
            elif isinstance(value, datetime.date):
                value = value.strftime("%d/%m/%Y")
            shown.append((str(self._meta.get_field(name).verbose_name), str(value)))
        return shown
