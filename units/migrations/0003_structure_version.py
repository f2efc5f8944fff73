"""A version of the units' structure (parents, succession links), bumped by PostgreSQL itself.

Every statement that writes the units or their succession links (a save, a bulk load, a
reorganisation, raw SQL, a TRUNCATE) bumps the row STRUCTURE of figures_figureversion in its
own transaction, so that what is kept under that version (the units a user's roles reach:
accounts.access) is never read after the structure changed. PostgreSQL only: elsewhere
nothing is kept under it.
"""

from django.db import migrations

STRUCTURE = -(2**62)  # figures.versions.STRUCTURE
TABLES = ("units_administrativeunit", "units_administrativeunit_successors")

CREATE = f"""
CREATE OR REPLACE FUNCTION units_structure_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO figures_figureversion (scope, number) VALUES ({STRUCTURE}, 1)
    ON CONFLICT (scope) DO UPDATE SET number = figures_figureversion.number + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
""" + "".join(
    f"""
CREATE TRIGGER {table}_structure AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION units_structure_changed();
"""
    for table in TABLES
)
DROP = "".join(f"DROP TRIGGER IF EXISTS {table}_structure ON {table};" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS units_structure_changed();"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0002_staffing_number"),
        ("figures", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
