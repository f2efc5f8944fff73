"""Cached figures (issue 12): served again, never once a write made them stale."""

import datetime

import pytest

from standards import cached
from standards.compliance import question_for, report
from standards.models import Requirement
from tests.spreadsheets.conftest import person, run_import, write_xlsx

pytestmark = pytest.mark.django_db
ON = "2022-05-24"
API = "/api/v1/compliance"


@pytest.fixture
def staff_client(client, district_staff):
    client.force_login(district_staff)
    return client


@pytest.fixture
def computed(monkeypatch):
    """Count the reports the engine really computes behind the cache."""
    calls = []

    def counting(options, scope, **kwargs):
        calls.append(scope.code)
        return report(options, scope, **kwargs)

    monkeypatch.setattr(cached, "report", counting)
    return calls


def figures(client, unit):
    rows = client.get(API, {"as_of": ON, "unit": unit.code}).json()["rows"]
    row = next(row for row in rows if row["unit_code"] == unit.code)
    return row["officials"], row["compliant"]


def test_the_same_question_is_answered_from_the_cache(staff_client, nhan_ly, reg, computed):
    reg.accountant(nhan_ly)
    assert figures(staff_client, nhan_ly) == (1, 1)
    assert figures(staff_client, nhan_ly) == (1, 1)
    assert computed == ["06496"]


def test_an_edit_changes_the_figures_of_the_next_request(
    staff_client, nhan_ly, reg, computed, django_capture_on_commit_callbacks
):
    lan = reg.accountant(nhan_ly, it="")
    assert figures(staff_client, nhan_ly) == (1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        reg.cred(lan, "it", "basic")
    assert figures(staff_client, nhan_ly) == (1, 1)
    assert figures(staff_client, nhan_ly.parent) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        lan.credentials.get(dimension="it").delete()
    assert figures(staff_client, nhan_ly) == (1, 0)
    assert figures(staff_client, nhan_ly.parent) == (1, 0)


def test_a_post_moved_to_another_commune_changes_both(
    staff_client, nhan_ly, tt_chi_lang, reg, django_capture_on_commit_callbacks
):
    lan = reg.accountant(nhan_ly)
    assert figures(staff_client, nhan_ly) == (1, 1)
    assert figures(staff_client, tt_chi_lang) == (0, 0)
    post = lan.assignments.get()
    with django_capture_on_commit_callbacks(execute=True):
        post.commune = tt_chi_lang
        post.save()
    assert figures(staff_client, nhan_ly) == (0, 0)
    assert figures(staff_client, tt_chi_lang) == (1, 1)


def test_a_catalogue_edit_changes_every_figure(
    staff_client, nhan_ly, reg, django_capture_on_commit_callbacks
):
    reg.accountant(nhan_ly, it="")
    assert figures(staff_client, nhan_ly) == (1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        for requirement in Requirement.objects.filter(regime__code="2019", dimension="it"):
            requirement.delete()
    assert figures(staff_client, nhan_ly) == (1, 1)


def test_an_import_changes_the_figures(
    staff_client, nhan_ly, tmp_path, django_capture_on_commit_callbacks
):
    assert figures(staff_client, nhan_ly) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_import(write_xlsx(tmp_path / "r.xlsx", [person(1), person(2)])).committed
    assert figures(staff_client, nhan_ly) == (2, 2)


def test_the_whole_country_is_the_sum_of_its_cached_provinces(nhan_ly, tt_chi_lang, reg):
    from units.loader import load_units

    load_units(provinces=["24"])  # a second province, empty
    reg.accountant(nhan_ly)
    reg.accountant(tt_chi_lang, it="")
    options = question_for(datetime.date(2022, 5, 24))
    direct, via_cache = report(options, None), cached.cached_report(options, None)
    for name in ("communes", "districts", "provinces"):
        assert [
            (f.unit.code, f.officials, f.compliant, f.unmet) for f in getattr(via_cache, name)
        ] == [(f.unit.code, f.officials, f.compliant, f.unmet) for f in getattr(direct, name)]
    assert (via_cache.total.officials, via_cache.total.compliant) == (2, 1)


def test_the_dashboard_trend_is_not_recomputed(staff_client, chi_lang, nhan_ly, reg, computed):
    reg.accountant(nhan_ly)
    assert staff_client.get("/", {"as_of": ON}).status_code == 200
    first = len(computed)
    assert first > 1  # the report and each trend date
    assert staff_client.get("/", {"as_of": ON}).status_code == 200
    assert len(computed) == first
