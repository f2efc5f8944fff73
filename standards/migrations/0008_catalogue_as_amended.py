"""The catalogue as amended (DESIGN §4, §5): quota dates, articles, excluding phrases, IT rung.

Rows a superuser added keep their values: their quota runs over its regime's period and a
requirement the catalogue does not know is marked as a default until someone cites it.
"""

from django.db import migrations

from cadre_registry.text import fold
from standards.catalogue import EXCLUDED_FIELD_PHRASES, REGIMES


def amend(apps, schema_editor):
    """Bring the shipped catalogue to its amended form; create what is missing (idempotent).

    The browser tests call it too, to put the catalogue back after a flush.
    """
    Position = apps.get_model("standards", "Position")
    Regime = apps.get_model("standards", "Regime")
    Quota = apps.get_model("standards", "Quota")
    Requirement = apps.get_model("standards", "Requirement")
    Phrase = apps.get_model("standards", "ExcludedFieldPhrase")
    positions = {p.code: p for p in Position.objects.all()}
    periods = ("title", "legal_basis", "effective_from", "effective_to", "grace_until")
    for data in REGIMES:
        Regime.objects.get_or_create(
            code=data["code"], defaults={key: data[key] for key in periods}
        )
    shipped = {data["code"]: data for data in REGIMES}
    for regime in Regime.objects.all():
        data = shipped.get(regime.code, {"quotas": [], "rules": {}})
        dated = {}
        for kind, by_class, start, end, basis in data["quotas"]:
            for commune_class, quota in by_class.items():
                dated[(kind, commune_class)] = (start, end, basis)
                Quota.objects.get_or_create(
                    regime=regime,
                    commune_kind=kind,
                    commune_class=commune_class,
                    defaults={"quota": quota, "effective_from": start},
                )
        for quota in Quota.objects.filter(regime=regime):
            start, end, basis = dated.get(
                (quota.commune_kind, quota.commune_class),
                (regime.effective_from, regime.effective_to, ""),
            )
            quota.effective_from, quota.effective_to, quota.legal_basis = start, end, basis
            quota.save(update_fields=["effective_from", "effective_to", "legal_basis"])
        rules = {}
        for code, position_rules in data["rules"].items():
            for dimension, minimum, special, field, cite, default in position_rules:
                rules[(code, dimension)] = (cite, default)
                Requirement.objects.get_or_create(
                    regime=regime,
                    position=positions[code],
                    dimension=dimension,
                    defaults={
                        "min_level": minimum,
                        "special_min_level": special,
                        "field_must_match": field,
                        "citation": cite,
                        "is_default": default,
                    },
                )
        for requirement in Requirement.objects.filter(regime=regime).select_related("position"):
            cite, default = rules.get((requirement.position.code, requirement.dimension), ("", True))
            requirement.citation, requirement.is_default = cite, default
            if requirement.dimension == "it" and requirement.min_level == "cert_a":
                requirement.min_level = "basic"  # certificate A is the basic rung (§4)
            requirement.save(update_fields=["citation", "is_default", "min_level"])
    # Past versions of a quota take the period of the quota they describe (or their regime's).
    HistoricalQuota = apps.get_model("standards", "HistoricalQuota")
    periods = {q.pk: (q.effective_from, q.effective_to) for q in Quota.objects.all()}
    starts = dict(Regime.objects.values_list("pk", "effective_from"))
    for past in HistoricalQuota.objects.filter(effective_from__isnull=True):
        start, end = periods.get(past.id, (starts.get(past.regime_id), None))
        past.effective_from, past.effective_to = start, end
        past.save(update_fields=["effective_from", "effective_to"])
    for phrase in EXCLUDED_FIELD_PHRASES:
        Phrase.objects.get_or_create(key=fold(phrase), defaults={"phrase": phrase})


class Migration(migrations.Migration):
    dependencies = [("standards", "0007_quota_dates_citations_excluded_phrases")]
    operations = [migrations.RunPython(amend, migrations.RunPython.noop)]
