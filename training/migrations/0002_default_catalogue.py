from django.db import migrations

from training.catalogue import PROGRAMMES, TERMS


def create_catalogue(apps, schema_editor):
    Programme = apps.get_model("training", "Programme")
    Term = apps.get_model("training", "Term")
    for order, (code, name, dimension, level) in enumerate(PROGRAMMES, start=1):
        Programme.objects.update_or_create(
            code=code,
            defaults={"name": name, "dimension": dimension, "level": level, "order": order},
        )
    for code, name, starts_on, ends_on in TERMS:
        Term.objects.update_or_create(
            code=code, defaults={"name": name, "starts_on": starts_on, "ends_on": ends_on}
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(create_catalogue, migrations.RunPython.noop)]
