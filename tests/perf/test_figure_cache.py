"""Cached figures (issue 12): served again, never once a write made them stale."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from standards import cached
from standards.compliance import commune_figures, question_for, report
from standards.models import Requirement
from tests.personas import persona
from tests.spreadsheets.conftest import person, run_import, write_xlsx

pytestmark = pytest.mark.django_db
ON = "2022-05-24"
API = "/api/v1/compliance"


@pytest.fixture
def staff_client(client, district_staff):
    client.force_login(district_staff)
    return client


class Calls(list):
    verified_only: list


@pytest.fixture
def computed(monkeypatch):
    """Count the communes whose figures the engine really computes behind the cache."""
    calls = Calls()  # the communes computed for figures counting every entry not rejected
    calls.verified_only = []  # and for figures counting verified entries only

    def counting(options, where, **kwargs):
        rows = commune_figures(options, where, **kwargs)
        (calls.verified_only if options.verified_only else calls).extend(
            item.unit.code for item in rows
        )
        return rows

    monkeypatch.setattr(cached, "commune_figures", counting)
    return calls


@pytest.fixture
def rendered(monkeypatch):
    """The dashboards' figures parts really rendered (not read from the cache)."""
    from pages import views

    calls = []
    render = views._dashboard_figures
    monkeypatch.setattr(
        views, "_dashboard_figures", lambda *args: calls.append(args) or render(*args)
    )
    return calls


@pytest.fixture
def refresher(monkeypatch):
    """Add a refresher (figures.versions.after_change) for this test only."""
    from figures import versions

    monkeypatch.setattr(versions, "_refreshers", list(versions._refreshers))
    return versions.after_change


@pytest.fixture
def ran(refresher):
    """The unit ids a refresher added for this test was called with."""
    calls = []
    refresher(lambda ids, verified_only: calls.append(ids))
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


def test_an_excluding_phrase_added_changes_the_figures(
    staff_client, nhan_ly, reg, django_capture_on_commit_callbacks
):
    from standards.models import ExcludedFieldPhrase

    reg.accountant(nhan_ly, field="Kế toán doanh nghiệp")
    assert figures(staff_client, nhan_ly) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        ExcludedFieldPhrase.objects.create(phrase="doanh nghiệp")  # the admin's bulk edits
    assert figures(staff_client, nhan_ly) == (1, 0)  # the field no longer matches


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


@pytest.fixture
def province_client(client, chi_lang):
    client.force_login(persona("sonoivu", "province_staff", chi_lang.parent))
    return client


def dashboard(client, unit=None):
    """Return what the dashboard shows: the total, the rows under the unit, the trend's points
    and the people each unmet line's training serves."""
    params = {"as_of": ON} if unit is None else {"as_of": ON, "unit": unit.code}
    context = client.get("/", params).context
    return {
        "total": (context["total"].officials, context["total"].compliant),
        "rows": [(f.unit.code, f.officials, f.compliant) for f in context["children"]],
        "trend": [(on.isoformat(), f.officials, f.compliant) for on, f in context["trend"]],
        "training": {
            (line.position.code, line.dimension): sum(n for _p, n in line.programmes)
            for line in context["unmet"]
        },
    }


def test_a_province_is_the_sum_of_its_cached_districts(nhan_ly, tt_chi_lang, reg):
    from units.models import AdministrativeUnit

    reg.accountant(nhan_ly)
    reg.accountant(tt_chi_lang, it="")
    options = question_for(datetime.date(2022, 5, 24))
    province = nhan_ly.parent.parent
    AdministrativeUnit.objects.create(  # a district with no commune: no row, nothing to add
        dataset="legacy", level="district", code="999", name="Huyện Trống", parent=province
    )
    direct, via_cache = report(options, province), cached.cached_report(options, province)
    for name in ("communes", "districts", "provinces"):
        assert [
            (f.unit.code, f.officials, f.compliant, f.quota, f.vacancies, f.unmet)
            for f in getattr(via_cache, name)
        ] == [
            (f.unit.code, f.officials, f.compliant, f.quota, f.vacancies, f.unmet)
            for f in getattr(direct, name)
        ]
    assert (via_cache.total.officials, via_cache.total.compliant) == (2, 1)
    assert cached.cached_needs(options, province) == cached.cached_needs(options, nhan_ly.parent)


def test_an_edit_changes_the_province_dashboard_its_trend_and_training(
    province_client, nhan_ly, reg, computed, django_capture_on_commit_callbacks
):
    lan = reg.accountant(nhan_ly, it="", start=datetime.date(2016, 1, 1))
    before = dashboard(province_client, nhan_ly.parent.parent)
    assert before["total"] == (1, 0)
    assert ("2016-12-31", 1, 0) in before["trend"]
    assert before["training"][("finance_accounting", "it")] == 1
    computed.clear()
    assert dashboard(province_client, nhan_ly.parent.parent) == before  # from the cache
    assert computed == []
    with django_capture_on_commit_callbacks(execute=True):
        reg.cred(lan, "it", "basic", awarded=datetime.date(2016, 6, 1))
    after = dashboard(province_client, nhan_ly.parent.parent)
    assert after["total"] == (1, 1)
    assert ("2016-12-31", 1, 1) in after["trend"]  # a past point too
    assert ("2015-12-31", 0, 0) in after["trend"]
    assert ("finance_accounting", "it") not in after["training"]
    # Only the commune edited is computed again (by the writer, for the questions just asked);
    # the district, the province and the trend are sums of cached figures.
    assert set(computed) == {nhan_ly.code}


def test_an_edit_changes_the_whole_country_dashboard(
    client, nhan_ly, reg, django_capture_on_commit_callbacks
):
    client.force_login(get_user_model().objects.create_superuser("quantri"))
    lan = reg.accountant(nhan_ly, it="")
    before = dashboard(client)
    assert before["total"] == (1, 0)
    assert before["rows"] == [("20", 1, 0)]
    assert before["trend"][-1] == (ON, 1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        reg.cred(lan, "it", "basic")
    after = dashboard(client)
    assert after["total"] == (1, 1)
    assert after["rows"] == [("20", 1, 1)]
    assert after["trend"][-1] == (ON, 1, 1)
    assert after["training"] == {}


def test_bulk_changes_of_the_admin_change_the_figures(
    staff_client, nhan_ly, tt_chi_lang, reg, django_capture_on_commit_callbacks
):
    from pages import bulk

    lan = reg.accountant(nhan_ly)
    staff = get_user_model().objects.get(username="phongnoivu")
    assert figures(staff_client, nhan_ly) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        moved = bulk.officials_move(
            officials=[lan],
            move=bulk.Move(commune=tt_chi_lang, on=datetime.date(2020, 1, 1), reason="transfer"),
            actor=staff,
        )
    assert not moved.refused
    assert figures(staff_client, nhan_ly) == (0, 0)
    assert figures(staff_client, tt_chi_lang) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        ended = bulk.posts_end(
            posts=lan.assignments.filter(commune=tt_chi_lang),
            on=datetime.date(2021, 1, 1),
            reason="retirement",
            actor=staff,
        )
    assert not ended.refused
    assert figures(staff_client, tt_chi_lang) == (0, 0)


def test_an_entry_waiting_for_verification_changes_the_verified_only_figures(
    staff_client, nhan_ly, reg, computed, django_capture_on_commit_callbacks
):
    lan = reg.accountant(nhan_ly, it="")
    it = reg.cred(lan, "it", "basic")

    def verified_only():
        rows = staff_client.get(API, {"as_of": ON, "unit": nhan_ly.code, "verified_only": "on"})
        row = next(r for r in rows.json()["rows"] if r["unit_code"] == nhan_ly.code)
        return row["officials"], row["compliant"]

    assert figures(staff_client, nhan_ly) == verified_only() == (1, 1)
    computed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        it.verification, it.number = "pending", "CC-01"  # a secretary's edit, waiting
        it.save()
    assert figures(staff_client, nhan_ly) == (1, 1)
    assert computed == []  # counted before and after: the figures did not change
    assert verified_only() == (1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        it.number = "CC-02"
        it.save()
    assert verified_only() == (1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        it.verification = "rejected"
        it.save()
    assert figures(staff_client, nhan_ly) == (1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        it.verification = "verified"
        it.awarded_on = datetime.date(2023, 1, 1)  # after the date asked: it does not count
        it.save()
    assert figures(staff_client, nhan_ly) == verified_only() == (1, 0)


def test_the_writer_computes_the_edited_commune_again_and_the_next_reader_nothing(
    staff_client, chi_lang, nhan_ly, tt_chi_lang, reg, computed, django_capture_on_commit_callbacks
):
    lan = reg.accountant(nhan_ly, it="", start=datetime.date(2016, 1, 1))
    reg.accountant(tt_chi_lang)
    before = dashboard(staff_client, chi_lang)
    computed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reg.cred(lan, "it", "basic", awarded=datetime.date(2016, 6, 1))
    assert set(computed) == {nhan_ly.code}  # the writer: the questions just asked, this commune
    computed.clear()
    after = dashboard(staff_client, chi_lang)
    assert computed == []  # the reader sums cached figures
    assert after["total"] == (before["total"][0], before["total"][1] + 1)
    assert ("2016-12-31", 2, 2) in after["trend"] and ("2016-12-31", 2, 1) in before["trend"]


def test_a_request_s_write_is_settled_before_its_commit_and_its_figures_appear_with_it(
    rf, refresher, django_capture_on_commit_callbacks
):
    from django.core.cache import cache
    from django.http import HttpResponse

    from figures import store, versions
    from figures.middleware import FiguresBeforeCommit

    ran = []

    def keeping(ids, verified_only):
        ran.append(ids)
        store.cache.set("figure-of-7", versions.versions([7])[7])  # what a refresh keeps

    def view(request):
        versions.units_changed({7})  # what a save's signal asks for
        assert ran == [] and versions.versions([7])[7] == 0  # the view goes on writing
        return HttpResponse("saved")

    refresher(keeping)
    with django_capture_on_commit_callbacks() as at_commit:
        assert FiguresBeforeCommit(view)(rf.post("/")).content == b"saved"
        # Before the commit, in the writer's transaction: the version moved and the
        # figure computed under it, kept from the other readers until the commit.
        assert ran == [{7}] and versions.versions([7])[7] == 1
        assert cache.get("figure-of-7") is None
    for callback in at_commit:  # the commit
        callback()
    assert cache.get("figure-of-7") == 1


def test_a_request_that_fails_moves_no_version_and_keeps_nothing(
    rf, ran, django_capture_on_commit_callbacks
):
    from django.http import HttpResponseServerError

    from figures import versions
    from figures.middleware import FiguresBeforeCommit

    def view(request):
        versions.units_changed({7})
        return HttpResponseServerError("failed")

    with django_capture_on_commit_callbacks() as at_commit:
        assert FiguresBeforeCommit(view)(rf.post("/")).status_code == 500
    assert ran == [] and at_commit == [] and versions.versions([7])[7] == 0


def test_a_change_in_a_savepoint_rolled_back_moves_no_version(rf):
    from django.db import transaction
    from django.http import HttpResponse

    from figures import versions
    from figures.middleware import FiguresBeforeCommit

    def view(request):
        try:
            with transaction.atomic():  # a preview, or a save refused halfway
                versions.units_changed({7})
                raise ValueError
        except ValueError:
            pass
        versions.units_changed({8})
        return HttpResponse("saved")

    FiguresBeforeCommit(view)(rf.post("/"))
    assert versions.versions([7, 8]) | {0: 0} == {0: 0, 7: 0, 8: 1}


@pytest.mark.parametrize(
    ("held_for", "refreshed_before_commit"),
    [(0.1, True), (0.6, False)],  # the other writer's refresh ends within the wait, or not
)
def test_a_writer_waits_a_while_for_another_s_versions_then_refreshes_after_its_commit(
    rf, monkeypatch, ran, django_capture_on_commit_callbacks, held_for, refreshed_before_commit
):
    import threading

    import psycopg
    from django.db import connection
    from django.http import HttpResponse

    from figures import versions
    from figures.middleware import FiguresBeforeCommit

    monkeypatch.setattr(versions, "WAIT_FOR_VERSIONS", 0.3)
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
    )
    try:  # another writer settling an edit of the same unit holds its version
        other.execute("INSERT INTO figures_figureversion (scope, number) VALUES (7, 1)")
        threading.Timer(held_for, other.rollback).start()

        def view(request):
            versions.units_changed({7})
            return HttpResponse("saved")

        with django_capture_on_commit_callbacks() as at_commit:
            FiguresBeforeCommit(view)(rf.post("/"))
            assert (ran == [{7}]) is refreshed_before_commit
            assert versions.versions([7])[7] == 1
        for callback in at_commit:
            callback()
        assert ran == [{7}]  # after the commit, at the latest
    finally:
        other.close()


def test_a_save_in_the_browser_leaves_the_dashboard_rendered_for_its_next_reader(
    staff_client, chi_lang, nhan_ly, reg, rendered, django_capture_on_commit_callbacks
):
    lan = reg.accountant(nhan_ly, it="")
    before = dashboard(staff_client, chi_lang)
    rendered.clear()
    url = f"/officials/{lan.pk}/credentials/add/"
    data = {"dimension": "it", "level": "basic", "awarded_on": "01/06/2016"}
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url, data).status_code == 302
    assert len(rendered) == 1  # by the writer, before its commit
    after = dashboard(staff_client, chi_lang)
    assert len(rendered) == 1  # the reader renders nothing
    assert after["total"] == (before["total"][0], before["total"][1] + 1)


def test_a_refresh_that_fails_leaves_the_writer_s_write_saved(rf, refresher, nhan_ly):
    from django.db import connection
    from django.http import HttpResponse

    from figures import versions
    from figures.middleware import FiguresBeforeCommit

    def failing(ids, verified_only):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")  # a database error in the writer's transaction

    def view(request):
        nhan_ly.name = "Nhân Lý mới"
        nhan_ly.save(update_fields=["name"])
        versions.units_changed({nhan_ly.pk})
        return HttpResponse("saved")

    refresher(failing)
    assert FiguresBeforeCommit(view)(rf.post("/")).status_code == 200
    nhan_ly.refresh_from_db()  # the transaction goes on: the write and its new version stay
    assert nhan_ly.name == "Nhân Lý mới" and versions.versions([nhan_ly.pk])[nhan_ly.pk] == 1


def test_a_writer_waits_for_its_refresh_only_so_long_then_readers_compute_the_rest(
    staff_client, chi_lang, nhan_ly, reg, monkeypatch, rendered, django_capture_on_commit_callbacks
):
    from figures import versions

    lan = reg.accountant(nhan_ly, it="")
    before = dashboard(staff_client, chi_lang)
    rendered.clear()
    monkeypatch.setattr(versions, "REFRESH_SECONDS", 0)  # out of time after the commune's rows
    url = f"/officials/{lan.pk}/credentials/add/"
    data = {"dimension": "it", "level": "basic", "awarded_on": "01/06/2016"}
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(url, data).status_code == 302
    assert rendered == []  # the writer did not render the dashboard
    after = dashboard(staff_client, chi_lang)
    assert len(rendered) == 1  # its reader did, with the new figures
    assert after["total"] == (before["total"][0], before["total"][1] + 1)


def test_after_an_edit_in_a_legacy_commune_the_writer_renders_the_2025_commune_formed_from_it(
    client, nhan_ly, reg, rendered, django_capture_on_commit_callbacks
):
    client.force_login(get_user_model().objects.create_superuser("quantri"))
    successor = nhan_ly.successors.get()  # the 2025 commune Nhân Lý became part of
    lan = reg.accountant(nhan_ly, professional="", start=datetime.date(2016, 1, 1))
    params = {"as_of": "2026-11-30", "unit": successor.code}

    def trend_before_the_reform():
        points = client.get("/", params).context["trend"]
        return [(on, f.officials, f.compliant) for on, f in points if on.year < 2025]

    before = trend_before_the_reform()
    assert before and all(compliant == 0 for _on, _n, compliant in before)
    rendered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reg.cred(lan, "professional", "bachelor", "Kế toán", awarded=datetime.date(2016, 6, 1))
    assert len(rendered) == 1  # the writer rendered the 2025 commune's page again
    after = trend_before_the_reform()
    assert len(rendered) == 1  # its reader only reads it
    assert after == [(on, n, n) for on, n, _compliant in before]


def test_the_country_s_training_needs_count_a_person_of_two_provinces_once(nhan_ly, reg):
    from standards.compliance import unmet_needs
    from units.loader import load_units
    from units.models import AdministrativeUnit

    load_units(provinces=["24"])
    elsewhere = AdministrativeUnit.objects.filter(
        dataset="legacy", level="commune", parent__parent__code="24"
    ).first()
    lan = reg.accountant(nhan_ly, it="")
    reg.hold(lan, "finance_accounting", elsewhere)  # the same post in Bắc Giang too
    reg.accountant(elsewhere, it="")
    options = question_for(datetime.date(2022, 5, 24))
    country = cached.cached_needs(options, None)
    assert country == cached._counted(unmet_needs(options, None))
    assert sum(country[("finance_accounting", "it")].values()) == 2  # Lan once, and the other


def test_a_figure_being_computed_is_waited_for_not_computed_twice():
    import threading

    from django.core.cache import cache

    computed = []
    assert cache.add("trend:x:computing", 1)  # another request computes it
    threading.Timer(0.2, lambda: cache.set("trend:x", "figures")).start()
    assert cached._get_or_set("trend:x", lambda: computed.append(1) or "again") == "figures"
    assert computed == []
    cache.delete("trend:x:computing")  # that request is done; nobody computes it now
    assert cached._get_or_set("trend:y", lambda: computed.append(1) or "own") == "own"
    assert computed == [1] and cache.get("trend:y") == "own"


def test_a_refresh_reads_each_version_once_and_nothing_after_it_keeps_them(
    nhan_ly, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from figures import versions

    with versions.read_once():
        first = versions.versions([nhan_ly.pk])
        with django_assert_num_queries(0):  # within a refresh: read once
            assert versions.versions([nhan_ly.pk]) == first
    with django_capture_on_commit_callbacks(execute=True):
        versions.units_changed([nhan_ly.pk])
    assert versions.versions([nhan_ly.pk])[nhan_ly.pk] == first[nhan_ly.pk] + 1  # read again


def test_a_reader_waits_for_the_commune_a_refresh_is_computing(nhan_ly, reg, computed):
    import threading

    from django.core.cache import cache

    from figures import versions

    reg.accountant(nhan_ly)
    options = question_for(datetime.date.fromisoformat(ON))
    key = cached._key("row", options, nhan_ly.pk, True, versions.versions([nhan_ly.pk]))
    with versions.read_once():  # a refresh claims the commune it computes
        assert cached._claim([key]) == [f"{key}:computing"]
    kept = cached.commune_figures(options, {"pk": nhan_ly.pk})[0]
    computed.clear()
    threading.Timer(0.2, lambda: cache.set(key, kept) or cache.delete(f"{key}:computing")).start()
    assert cached._rows(options, [nhan_ly.pk], True) == [kept]  # the refresh's, once kept
    assert computed == []
    assert cached._claim([key]) == []  # a reader claims nothing: it computes at once


def test_figures_without_the_unmet_requirements_are_read_from_those_with_them(
    nhan_ly, reg, computed
):
    reg.accountant(nhan_ly, it="")
    options = question_for(datetime.date.fromisoformat(ON))
    fuller = cached._rows(options, [nhan_ly.pk], True)
    assert fuller[0].unmet and computed == ["06496"]
    plain = cached._rows(options, [nhan_ly.pk], False)
    assert (plain[0].officials, plain[0].compliant) == (1, 0)
    assert computed == ["06496"]  # not computed again


def test_after_an_edit_the_writer_renders_the_dashboard_again_and_its_reader_only_reads_it(
    staff_client, chi_lang, nhan_ly, reg, rendered, django_capture_on_commit_callbacks
):
    lan = reg.accountant(nhan_ly, it="")
    before = dashboard(staff_client, chi_lang)
    rendered.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reg.cred(lan, "it", "basic", awarded=datetime.date(2016, 6, 1))
    assert len(rendered) == 1  # by the writer's refresh, in the language it was asked in
    after = dashboard(staff_client, chi_lang)
    assert len(rendered) == 1  # the reader renders nothing
    assert after["total"] == (before["total"][0], before["total"][1] + 1)
    assert (
        "Tỷ lệ đạt chuẩn theo xã"
        in staff_client.get("/", {"as_of": ON, "unit": chi_lang.code}).text
    )


def test_after_an_edit_the_writer_renders_the_commune_roster_again_and_its_reader_only_reads_it(
    staff_client, nhan_ly, reg, monkeypatch, django_capture_on_commit_callbacks
):
    from pages import views

    lan = reg.accountant(nhan_ly, it="")
    page = f"/communes/{nhan_ly.pk}/"
    assert 'class="badge no"' in staff_client.get(page, {"as_of": ON}).text
    rendered = []
    roster_html = views._roster_html
    monkeypatch.setattr(
        views, "_roster_html", lambda *args: rendered.append(args) or roster_html(*args)
    )
    with django_capture_on_commit_callbacks(execute=True):
        reg.cred(lan, "it", "basic", awarded=datetime.date(2016, 6, 1))
    assert len(rendered) == 1  # by the writer's refresh
    text = staff_client.get(page, {"as_of": ON}).text
    assert len(rendered) == 1  # the reader renders nothing
    assert 'class="badge no"' not in text and "Đạt chuẩn" in text  # compliant now
    assert "Thêm cán bộ, công chức" in text  # rendered for a reader who may edit


def test_what_only_a_refresh_asks_stops_being_refreshed():
    from django.core.cache import cache

    from figures import versions

    asked = (None, ("2022-05-24", 1, False, False), "dashboard:vi", ("2022-05-24",))
    with versions.read_once():  # the refresh computing a page again
        cached._note("page", asked)
    assert asked not in (cache.get(cached.HOT + "page") or {})
    cached._note("page", asked)  # a reader
    assert asked in cache.get(cached.HOT + "page")


def test_a_refresh_claims_the_dashboard_it_renders_again_before_computing_anything(
    staff_client, chi_lang, nhan_ly, reg, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from pages.dashboard import trend_dates

    lan = reg.accountant(nhan_ly, it="")
    dashboard(staff_client, chi_lang)
    options = question_for(datetime.date.fromisoformat(ON))
    claims = []
    figures = cached.commune_figures

    def watching(*args, **kwargs):
        key = cached._page_key("dashboard:vi", chi_lang, options, trend_dates(options.on))
        claims.append(cache.get(f"{key}:computing"))
        return figures(*args, **kwargs)

    monkeypatch.setattr(cached, "commune_figures", watching)
    with django_capture_on_commit_callbacks(execute=True):
        reg.cred(lan, "it", "basic", awarded=datetime.date(2016, 6, 1))
    assert claims and all(claims)  # a reader of the dashboard meanwhile waits for the refresh
    key = cached._page_key("dashboard:vi", chi_lang, options, trend_dates(options.on))
    assert cache.get(f"{key}:computing") is None and cache.get(key) is not None  # then reads it
