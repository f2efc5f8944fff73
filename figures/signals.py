"""Single-row writes (forms, admin, services) mark the figures they change as stale.

Cache invalidation, not business logic: bulk writes (imports, training results, the
reorganisation) call figures.versions themselves, since no signal sees them.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from figures import versions

CATALOGUE_MODELS = ("Position", "FieldKeyword", "Regime", "Quota", "Requirement")


def _post_moved(sender, instance, **kwargs):
    """A post saved into another commune makes both communes' figures stale."""
    if instance.pk:
        old = sender._default_manager.filter(pk=instance.pk).values_list("commune_id", flat=True)
        versions.units_changed(old)


def _post(sender, instance, **kwargs):
    versions.units_changed([instance.commune_id])


def _of_official(sender, instance, **kwargs):
    versions.officials_changed([instance.official_id])


def _official(sender, instance, **kwargs):
    versions.officials_changed([instance.pk])


def _unit(sender, instance, **kwargs):
    versions.units_changed([instance.pk])


def _catalogue(sender, instance, **kwargs):
    versions.catalogue_changed()


def connect() -> None:
    pre_save.connect(_post_moved, sender="officials.Assignment", dispatch_uid="figures-post-moved")
    receivers = [
        ("officials.Assignment", _post),
        ("officials.Credential", _of_official),
        ("officials.Official", _official),
        ("units.AdministrativeUnit", _unit),
        *((f"standards.{name}", _catalogue) for name in CATALOGUE_MODELS),
    ]
    for sender, receiver in receivers:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=sender, dispatch_uid=f"figures-{sender}-{signal}")
