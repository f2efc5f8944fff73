"""Long work run by the task worker (issue 12): a large roster import, a province's
reorganisation, a wide report download; kept, shown while it runs and later."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class JobKind(models.TextChoices):
    IMPORT = "import", _("Roster import")
    REORGANISATION = "reorganisation", _("Reorganisation")
    EXPORT = "export", _("Report download")


# What a running job is doing, shown on its page with the rows done so far.
STAGES = {
    "reading": _("Reading the file"),
    "importing": _("Importing rows"),
    "checking": _("Checking the worksheet against the registry"),
    "ending": _("Ending the posts held until 30/06/2025"),
    "placing": _("Recording the placements"),
    "counting": _("Counting"),
    "writing": _("Writing the file"),
}


class Job(models.Model):
    """One run of long work: who asked, the stored file, its state and its result (tác vụ nền)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("user"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=JobKind.choices, default=JobKind.IMPORT
    )
    # The uploaded file (import, reorganisation) or the file to produce (export).
    filename = models.CharField(_("file name"), max_length=255)
    path = models.CharField(_("stored file"), max_length=500)
    # What to run besides the file: the province, the export's question.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    worker_pid = models.PositiveIntegerField(_("worker process"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    # Progress, written by the worker while it runs: a stage (STAGES) and rows done of total.
    stage = models.CharField(_("stage"), max_length=32, blank=True, default="")
    done = models.PositiveIntegerField(_("done"), null=True, blank=True)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    # The file an export produced, offered on the job's page to its owner only.
    output = models.CharField(_("produced file"), max_length=500, blank=True, default="")
    # The preview this job confirms: one job per preview, however often it is confirmed.
    token = models.CharField(_("preview"), max_length=64, blank=True, default="")
    previewed_at = models.DateTimeField(_("previewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["token"], condition=~models.Q(token=""), name="one_job_per_preview"
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def stage_label(self) -> str:
        return str(STAGES.get(self.stage, ""))

    @property
    def has_output(self) -> bool:
        return self.status == JobStatus.SUCCEEDED and bool(self.output)

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
