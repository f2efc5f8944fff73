from django.db import migrations

from cadre_registry.text import fold
from standards.catalogue import ABOLISHED_ON, FIELD_KEYWORDS, POSITIONS


def create_positions(apps, schema_editor):
    Position = apps.get_model("standards", "Position")
    FieldKeyword = apps.get_model("standards", "FieldKeyword")
    for order, (code, name, kind, is_key) in enumerate(POSITIONS, start=1):
        position, _ = Position.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "is_key": is_key,
                "order": order,
                "abolished_on": ABOLISHED_ON.get(code),
            },
        )
        for keyword in FIELD_KEYWORDS.get(code, []):
            FieldKeyword.objects.get_or_create(
                position=position, key=fold(keyword), defaults={"keyword": keyword}
            )


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]
    operations = [migrations.RunPython(create_positions, migrations.RunPython.noop)]
