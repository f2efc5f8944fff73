"""Versions of the data under each unit: cached figures are keyed by them (issue 12)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureVersion(models.Model):
    """How many times the data under a unit changed; scope 0 is the standards catalogue, a
    negated unit id counts what the figures of verified entries only see (DESIGN §6.7).

    Not a foreign key: a version outlives nothing and must not slow the units' writes.
    """

    scope = models.BigIntegerField(primary_key=True)
    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("figure version")
        verbose_name_plural = _("figure versions")

    def __str__(self) -> str:
        return f"{self.scope}: {self.number}"
