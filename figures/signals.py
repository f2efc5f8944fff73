"""Single-row writes (forms, admin, services) mark the figures they change as stale.

Cache invalidation, not business logic: bulk writes (imports, training results, the
reorganisation) call figures.versions themselves, since no signal sees them.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from figures import versions

# The standards catalogue: every figure reads these tables (standards.compliance also analyses
# them after a large import).
CATALOGUE_MODELS = (
    "Position",
    "Requirement",
    "FieldKeyword",
    "ExcludedFieldPhrase",
    "Regime",
    "Quota",
)


def _post_moved(sender, instance, **kwargs):
    """A post saved into another commune makes both communes' figures stale."""
    if instance.pk:
        old = sender._default_manager.filter(pk=instance.pk).values_list("commune_id", flat=True)
        versions.units_changed(old)


def _post(sender, instance, **kwargs):
    versions.units_changed([instance.commune_id])


# What a credential's figures read of it (rank and field_key follow level and field). A save
# changing none of these, nor whether it is rejected, changes no figure counting every entry.
CREDENTIAL_FIGURE_FIELDS = (
    "official_id",
    "dimension",
    "level",
    "field",
    "field_matches",
    "awarded_on",
)


def _credential_before(sender, instance, **kwargs):
    """Note which figures the save changes: all, the verified-only ones, or none (a number,
    an issuer, an evidence file; or a secretary's entry now waiting for verification)."""
    instance._figures_change = "all"
    instance._figures_officials = {instance.official_id}
    if not instance.pk:
        return
    old = (
        sender._default_manager.filter(pk=instance.pk)
        .values(*CREDENTIAL_FIGURE_FIELDS, "verification")
        .first()
    )
    if old is None:
        return
    instance._figures_officials.add(old["official_id"])
    if any(old[name] != getattr(instance, name) for name in CREDENTIAL_FIGURE_FIELDS):
        return
    rejected = "rejected"
    if (old["verification"] == rejected) != (instance.verification == rejected):
        return
    instance._figures_change = "verified" if old["verification"] != instance.verification else ""


def _credential(sender, instance, **kwargs):
    change = getattr(instance, "_figures_change", "all")
    if change:
        officials = getattr(instance, "_figures_officials", {instance.official_id})
        versions.officials_changed(officials, verified_only=change == "verified")


def _of_official(sender, instance, **kwargs):
    versions.officials_changed([instance.official_id])


def _identity_change(sender, instance, **kwargs):
    """A change of name or birth waiting for verification, or decided: no figure counts it,
    but what waits for verification in those communes changed (the verified-only channel)."""
    versions.officials_changed([instance.official_id], verified_only=True)


def _official(sender, instance, **kwargs):
    versions.officials_changed([instance.pk])


def _unit(sender, instance, **kwargs):
    versions.units_changed([instance.pk])


def _catalogue(sender, instance, **kwargs):
    versions.catalogue_changed()


def connect() -> None:
    pre_save.connect(_post_moved, sender="officials.Assignment", dispatch_uid="figures-post-moved")
    pre_save.connect(
        _credential_before, sender="officials.Credential", dispatch_uid="figures-credential"
    )
    post_save.connect(_credential, sender="officials.Credential", dispatch_uid="figures-cred-save")
    post_delete.connect(
        _of_official, sender="officials.Credential", dispatch_uid="figures-cred-del"
    )
    receivers = [
        ("officials.Assignment", _post),
        ("officials.Official", _official),
        ("officials.IdentityChange", _identity_change),
        ("units.AdministrativeUnit", _unit),
        *((f"standards.{name}", _catalogue) for name in CATALOGUE_MODELS),
        ("training.Programme", _catalogue),  # the dashboards name the training closing a gap
    ]
    for sender, receiver in receivers:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=sender, dispatch_uid=f"figures-{sender}-{signal}")
