"""The admin index's entry for the roster tools, and the record of confirmed imports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from officials.models import Official


class RosterSpreadsheet(Official):
    """The roster import and export in the admin site (danh sách trích ngang)."""

    class Meta:
        proxy = True
        verbose_name = _("roster import and export")
        verbose_name_plural = _("roster import and export")


class ConfirmedImport(models.Model):
    """A previewed roster that was confirmed and written: a second confirmation writes nothing."""

    token = models.CharField(_("preview"), max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=255, blank=True)
    confirmed_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("confirmed import")
        verbose_name_plural = _("confirmed imports")

    def __str__(self):
        return self.filename or self.token
