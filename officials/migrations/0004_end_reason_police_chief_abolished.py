"""End the posts of Trưởng Công an xã still held on 01/08/2023, when NĐ 33/2023 abolished it."""

from django.db import migrations, models
from django.utils import timezone

from officials.services import posts_ended_by_abolition


def end_abolished_posts(apps, schema_editor):
    Position = apps.get_model("standards", "Position")
    Assignment = apps.get_model("officials", "Assignment")
    Historical = apps.get_model("officials", "HistoricalAssignment")
    now = timezone.now()
    copied = [f.attname for f in Assignment._meta.fields]
    for position in Position.objects.filter(abolished_on__isnull=False):
        posts = posts_ended_by_abolition(
            Assignment._default_manager.all(), position_id=position.pk, on=position.abolished_on
        )
        for post in posts:
            post.end_date, post.end_reason = position.abolished_on, "abolished"
            post.version += 1
            post.save(update_fields=["end_date", "end_reason", "version"])
            Historical.objects.create(
                **{name: getattr(post, name) for name in copied},
                history_date=now,
                history_type="~",
                history_change_reason="position abolished",
            )


class Migration(migrations.Migration):
    dependencies = [
        ("officials", "0003_party_member"),
        ("standards", "0002_default_positions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assignment",
            name="end_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("transfer", "Transfer"),
                    ("rotation", "Rotation"),
                    ("dismissal", "Dismissal"),
                    ("resignation", "Resignation"),
                    ("retirement", "Retirement"),
                    ("end_of_term", "End of term"),
                    ("death", "Death"),
                    ("abolished", "Position abolished"),
                    ("reorganisation", "Reorganisation of units"),
                    ("other", "Other"),
                ],
                max_length=16,
                verbose_name="end reason",
            ),
        ),
        migrations.AlterField(
            model_name="historicalassignment",
            name="end_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("transfer", "Transfer"),
                    ("rotation", "Rotation"),
                    ("dismissal", "Dismissal"),
                    ("resignation", "Resignation"),
                    ("retirement", "Retirement"),
                    ("end_of_term", "End of term"),
                    ("death", "Death"),
                    ("abolished", "Position abolished"),
                    ("reorganisation", "Reorganisation of units"),
                    ("other", "Other"),
                ],
                max_length=16,
                verbose_name="end reason",
            ),
        ),
        migrations.RunPython(end_abolished_posts, migrations.RunPython.noop),
    ]
