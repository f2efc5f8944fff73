"""No tables of its own: a proxy that gives the admin index an entry for the roster tools."""

from django.utils.translation import gettext_lazy as _

from officials.models import Official


class RosterSpreadsheet(Official):
    """The roster import and export in the admin site (danh sách trích ngang)."""

    class Meta:
        proxy = True
        verbose_name = _("roster import and export")
        verbose_name_plural = _("roster import and export")
