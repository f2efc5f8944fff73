"""Planner statistics after bulk writes (issue 12): the first report after an import is not slow."""

import pytest
from django.db import connection

from cadre_registry.db import analyze
from officials.models import Assignment, Credential, Official
from standards.models import ExcludedFieldPhrase, Position, Requirement
from tests.spreadsheets.conftest import person, run_import, write_xlsx

pytestmark = pytest.mark.django_db


def estimated_rows(model) -> float:
    """Return the planner's row estimate of `model`'s table (-1: never analysed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        return cursor.fetchone()[0]


def test_analyze_updates_the_statistics_of_the_tables_and_their_history(
    django_capture_on_commit_callbacks,
):
    for n in range(4):  # a count no other test leaves behind (ANALYZE outlives a rollback)
        Official.objects.create(
            full_name=f"Nguyễn Văn {n}",
            citizen_id=f"{1080000000 + n:012d}",
            date_of_birth="1980-01-01",
        )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tables = analyze(Official)
    assert tables == ["officials_official", "officials_historicalofficial"]
    assert len(callbacks) == 1
    assert estimated_rows(Official) == 4


def test_inside_a_transaction_analyze_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        analyze(Official)
    assert len(callbacks) == 1


def test_a_large_import_analyses_what_it_wrote(
    chi_lang, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("spreadsheets.services.ANALYZE_MIN_ROWS", 3)
    path = write_xlsx(tmp_path / "r.xlsx", [person(n) for n in range(3)])
    with django_capture_on_commit_callbacks(execute=True):
        report = run_import(path)
    assert report.committed
    assert estimated_rows(Official) == 3
    assert estimated_rows(Assignment) == 3
    assert estimated_rows(Credential) == Credential.objects.count()


def test_a_large_import_analyses_the_catalogue_the_reports_join(
    chi_lang, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """Autovacuum analyses a table once 50 of its rows changed: the smallest, never."""
    monkeypatch.setattr("spreadsheets.services.ANALYZE_MIN_ROWS", 3)
    for n in range(7):  # a count no other test leaves behind (ANALYZE outlives a rollback)
        ExcludedFieldPhrase.objects.create(phrase=f"cụm từ loại trừ {n}")
    path = write_xlsx(tmp_path / "r.xlsx", [person(n) for n in range(3)])
    with django_capture_on_commit_callbacks(execute=True):
        assert run_import(path).committed
    assert estimated_rows(ExcludedFieldPhrase) == ExcludedFieldPhrase.objects.count()
    assert estimated_rows(Requirement) == Requirement.objects.count()
    assert estimated_rows(Position) == Position.objects.count()


def test_connections_to_postgresql_compile_no_jit():
    """Reports whose estimated cost passes jit_above_cost compiled themselves at every run."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_small_import_or_a_preview_leaves_statistics_to_autovacuum(
    chi_lang, tmp_path, monkeypatch
):
    monkeypatch.setattr("spreadsheets.services.ANALYZE_MIN_ROWS", 3)
    analysed = []
    monkeypatch.setattr("spreadsheets.services.analyze", lambda *models: analysed.append(models))
    run_import(write_xlsx(tmp_path / "a.xlsx", [person(n) for n in range(2)]))
    run_import(write_xlsx(tmp_path / "b.xlsx", [person(n) for n in range(5)]), dry_run=True)
    assert analysed == []
    run_import(write_xlsx(tmp_path / "c.xlsx", [person(n) for n in range(5)]))
    assert len(analysed) == 1
