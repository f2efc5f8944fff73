"""Quotas by class end on 30/06/2025: the 2025 communes have staffing numbers (DESIGN §11.3)."""

import datetime

from django.db import migrations


def end_class_quotas(apps, schema_editor):
    Quota = apps.get_model("standards", "Quota")
    Quota.objects.filter(
        regime__code="2023", effective_from=datetime.date(2023, 8, 1), effective_to__isnull=True
    ).update(effective_to=datetime.date(2025, 6, 30))


class Migration(migrations.Migration):
    dependencies = [("standards", "0009_quota_dates_required_requirements_cite")]
    operations = [migrations.RunPython(end_class_quotas, migrations.RunPython.noop)]
