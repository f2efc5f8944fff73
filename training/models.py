"""Training programmes, course runs, terms and enrolments (DESIGN §7).

A programme may grant a credential (dimension, level, field) on completion; refresher courses
(bồi dưỡng) grant none but count as training. An enrolment moves nominated → enrolled →
completed | failed | withdrawn by the methods below, which refuse a wrong move with
`TransitionRefused`; the services in training/services.py save them and grant the credential.
"""

import datetime

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from officials.levels import LEVEL_CHOICES, Dimension, level_label, rank_expression
from officials.levels import valid_pair_condition as _valid_pair


class ProgrammeQuerySet(models.QuerySet):
    def closer(self):
        """Return `closing(dimension, needed_rank)`: the lowest programme whose credential
        reaches that rank of the dimension (the training that closes the gap), or None; the
        programmes are read once."""
        granting = list(
            self.exclude(dimension="").exclude(level="").order_by("rank", "order", "code")
        )

        def closing(dimension: str, needed_rank: int):
            return next(
                (p for p in granting if p.dimension == dimension and p.rank >= needed_rank), None
            )

        return closing


class Programme(models.Model):
    """A course programme (chương trình đào tạo, bồi dưỡng), e.g. Trung cấp lý luận chính trị."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    dimension = models.CharField(
        _("dimension granted"),
        max_length=20,
        choices=Dimension.choices,
        blank=True,
        help_text=_("Blank for a refresher course, which grants no credential."),
    )
    level = models.CharField(_("level granted"), max_length=20, choices=LEVEL_CHOICES, blank=True)
    field = models.CharField(
        _("field granted"),
        max_length=160,
        blank=True,
        help_text=_("Blank when each run or enrolment gives its own (e.g. a university degree)."),
    )
    rank = models.GeneratedField(
        expression=rank_expression("dimension", "level"),
        output_field=models.SmallIntegerField(),
        db_persist=True,
        verbose_name=_("rank"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(excluded_fields=["rank"])
    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("course programme")
        verbose_name_plural = _("course programmes")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dimension="", level="") | _valid_pair("dimension", "level"),
                name="programme_level_in_dimension",
                violation_error_message=_(
                    "Give both the dimension and a level of it, or neither (refresher course)."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def grants(self) -> bool:
        """Return whether completing the programme grants a credential."""
        return bool(self.dimension and self.level)

    @property
    def granted_display(self) -> str:
        if not self.grants:
            return gettext("none (refresher course)")
        text = f"{Dimension(self.dimension).label}: {level_label(self.dimension, self.level)}"
        return f"{text} ({self.field})" if self.field else text


class Term(models.Model):
    """A term of office (nhiệm kỳ), e.g. 2020-2025, offered as a reporting period."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=80)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="term_end_not_before_start",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self):
        return self.name


class CourseRunQuerySet(models.QuerySet):
    def with_counts(self):
        """Annotate the places taken (every enrolment not withdrawn) and the enrolments."""
        holding = [state for state in EnrolmentState.values if state != EnrolmentState.WITHDRAWN]
        return self.annotate(
            taken=models.Count("enrolments", filter=Q(enrolments__state__in=holding)),
            still_open=models.Count("enrolments", filter=Q(enrolments__state__in=CURRENT_STATES)),
            completed=models.Count(
                "enrolments", filter=Q(enrolments__state=EnrolmentState.COMPLETED)
            ),
        )


class CourseRun(models.Model):
    """One class of a programme (lớp, khoá), with its provider, dates and capacity."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="runs"
    )
    name = models.CharField(
        _("class name"), max_length=200, blank=True, help_text=_("e.g. Lớp Trung cấp LLCT K45")
    )
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("managed by"),
        on_delete=models.PROTECT,
        related_name="course_runs",
        help_text=_("The district or province whose personnel office manages the class."),
    )
    provider = models.CharField(
        _("provider"), max_length=200, help_text=_("e.g. Trường Chính trị tỉnh Lạng Sơn")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Blank: no limit.")
    )
    field = models.CharField(
        _("field granted"),
        max_length=160,
        blank=True,
        help_text=_("For a degree programme: the field this class teaches, e.g. Luật."),
    )

    history = HistoricalRecords()
    objects = CourseRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("course run")
        verbose_name_plural = _("course runs")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="course_run_end_not_before_start",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="course_run_capacity_positive",
                violation_error_message=_("The capacity must be at least 1."),
            ),
        ]

    def __str__(self):
        label = self.name or self.programme.name
        return f"{label} ({self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y})"

    @property
    def has_ended(self) -> bool:
        """Return whether the class ended before today (its list then waits for results)."""
        return self.ends_on < datetime.date.today()


class EnrolmentState(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    ENROLLED = "enrolled", _("Studying")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = EnrolmentState
# Enrolments that hold a place in the class and are still to finish.
CURRENT_STATES = (S.NOMINATED, S.ENROLLED)
# Enrolments "sent to study" (DESIGN §7).
SENT_STATES = (S.ENROLLED, S.COMPLETED, S.FAILED)
# The moves an enrolment may make; completed/failed → enrolled undoes a result recorded by mistake.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.NOMINATED: (S.ENROLLED, S.WITHDRAWN),
    S.ENROLLED: (S.COMPLETED, S.FAILED, S.WITHDRAWN),
    S.COMPLETED: (S.ENROLLED,),
    S.FAILED: (S.ENROLLED,),
    S.WITHDRAWN: (S.NOMINATED,),
}


class TransitionRefused(Exception):
    """An enrolment was asked to move to a state it cannot reach from its own."""

    def __init__(self, enrolment: "Enrolment", target: str):
        self.enrolment, self.target = enrolment, target
        super().__init__(
            gettext(
                "%(name)s cannot go from “%(current)s” to “%(target)s” in this class: "
                "an enrolment goes nominated → studying → completed, failed or withdrawn."
            )
            % {
                "name": enrolment.official.full_name,
                "current": S(enrolment.state).label,
                "target": S(target).label,
            }
        )


class EnrolmentQuerySet(models.QuerySet):
    def current(self):
        """Return the enrolments still to finish (nominated or studying)."""
        return self.filter(state__in=CURRENT_STATES)

    def holding_places(self):
        return self.exclude(state=S.WITHDRAWN)

    def in_period(self, *, date_from=None, date_to=None, by="starts_on"):
        """Return the enrolments whose run starts (or ends, by="ends_on") in the period."""
        conditions = {}
        if date_from:
            conditions[f"run__{by}__gte"] = date_from
        if date_to:
            conditions[f"run__{by}__lte"] = date_to
        return self.filter(**conditions)

    def serving_in(self, communes):
        """Return the enrolments of officials who held a post in `communes` during the run."""
        from officials.models import Assignment

        posts = Assignment.objects.counted().filter(
            Q(end_date__isnull=True) | Q(end_date__gt=OuterRef("run__starts_on")),
            official=OuterRef("official"),
            commune__in=communes,
            start_date__lte=OuterRef("run__ends_on"),
        )
        return self.filter(Exists(posts))


class Enrolment(models.Model):
    """An official in a course run (cử đi học), from nomination to the result."""

    run = models.ForeignKey(
        CourseRun, verbose_name=_("course run"), on_delete=models.PROTECT, related_name="enrolments"
    )
    official = models.ForeignKey(
        "officials.Official",
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=EnrolmentState.choices, default=S.NOMINATED
    )
    field = models.CharField(
        _("field studied"),
        max_length=160,
        blank=True,
        help_text=_("Blank: the field of the class or of the programme."),
    )
    completed_on = models.DateField(_("completion date"), null=True, blank=True)
    granted_credential = models.OneToOneField(
        "officials.Credential",
        verbose_name=_("credential granted"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="granting_enrolment",
        editable=False,
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["run", "official__search_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "official"],
                name="enrolment_once_per_run",
                violation_error_message=_("This official is already on the list of this class."),
            ),
            models.CheckConstraint(
                condition=Q(state=S.COMPLETED, completed_on__isnull=False)
                | (~Q(state=S.COMPLETED) & Q(completed_on__isnull=True)),
                name="enrolment_completion_date_iff_completed",
                violation_error_message=_("A completed enrolment has a completion date."),
            ),
            models.CheckConstraint(
                condition=Q(granted_credential__isnull=True) | Q(state=S.COMPLETED),
                name="enrolment_credential_only_when_completed",
                violation_error_message=_("Only a completed enrolment grants a credential."),
            ),
        ]

    def __str__(self):
        return f"{self.official} – {self.run}"

    # State changes: guard clauses here, saving and credentials in training/services.py.

    def _move(self, target: str) -> None:
        if target not in TRANSITIONS[self.state]:
            raise TransitionRefused(self, target)
        self.state = target

    def enrol(self) -> None:
        """Confirm a nominee as studying in the class."""
        self._move(S.ENROLLED)

    def withdraw(self) -> None:
        self._move(S.WITHDRAWN)

    def renominate(self) -> None:
        """Put a withdrawn official back on the class list."""
        self._move(S.NOMINATED)

    def fail(self) -> None:
        self._move(S.FAILED)

    def complete(self, on: datetime.date) -> None:
        self._move(S.COMPLETED)
        self.completed_on = on

    def reopen(self) -> None:
        """Undo a result (completed or failed): the official is studying again."""
        if self.state not in (S.COMPLETED, S.FAILED):
            raise TransitionRefused(self, S.ENROLLED)
        self._move(S.ENROLLED)
        self.completed_on = None

    @property
    def granted_field(self) -> str:
        """Return the field granted: the enrolment's, else the run's, else the programme's."""
        return self.field or self.run.field or self.run.programme.field
