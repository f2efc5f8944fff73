from django.db import migrations

from standards.catalogue import REGIMES


def create_regimes(apps, schema_editor):
    Position = apps.get_model("standards", "Position")
    Regime = apps.get_model("standards", "Regime")
    Quota = apps.get_model("standards", "Quota")
    Requirement = apps.get_model("standards", "Requirement")
    positions = {p.code: p for p in Position.objects.all()}
    for data in REGIMES:
        regime, _ = Regime.objects.update_or_create(
            code=data["code"],
            defaults={
                key: data[key]
                for key in ("title", "legal_basis", "effective_from", "effective_to", "grace_until")
            },
        )
        # The quota dates, the articles and the excluding phrases come with 0009.
        for kind, by_class, *_dates in data["quotas"]:
            for commune_class, quota in by_class.items():
                Quota.objects.update_or_create(
                    regime=regime,
                    commune_kind=kind,
                    commune_class=commune_class,
                    defaults={"quota": quota},
                )
        for code, rules in data["rules"].items():
            for dimension, minimum, special, field, *_citation in rules:
                Requirement.objects.update_or_create(
                    regime=regime,
                    position=positions[code],
                    dimension=dimension,
                    defaults={
                        "min_level": minimum,
                        "special_min_level": special,
                        "field_must_match": field,
                    },
                )


class Migration(migrations.Migration):
    dependencies = [("standards", "0003_regimes")]
    operations = [migrations.RunPython(create_regimes, migrations.RunPython.noop)]
