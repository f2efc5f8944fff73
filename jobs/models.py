"""Long work run by the task worker (issue 12): a large roster import, kept and shown later."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """One run of long work: who asked, the stored file, its state and its result (tác vụ nền)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("user"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    path = models.CharField(_("stored file"), max_length=500)
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
    def finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
