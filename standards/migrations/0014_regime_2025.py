"""Regime 2025 (DESIGN §11.3): job-position standards from 01/07/2025, open-ended."""

from django.db import migrations

from standards.catalogue import REGIME_2025


def create_regime_2025(apps, schema_editor):
    Position = apps.get_model("standards", "Position")
    Regime = apps.get_model("standards", "Regime")
    Requirement = apps.get_model("standards", "Requirement")
    periods = ("title", "legal_basis", "effective_from", "effective_to", "grace_until")
    regime, _created = Regime.objects.get_or_create(
        code=REGIME_2025["code"], defaults={key: REGIME_2025[key] for key in periods}
    )
    positions = {p.code: p for p in Position.objects.filter(code__in=REGIME_2025["rules"])}
    for code, rules in REGIME_2025["rules"].items():
        for dimension, minimum, special, field, cite, default in rules:
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


class Migration(migrations.Migration):
    dependencies = [("standards", "0013_positions_2025")]
    operations = [migrations.RunPython(create_regime_2025, migrations.RunPython.noop)]
