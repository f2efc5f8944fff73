"""Imports that collide keep their promise (issue 15 items 1-3), with real concurrency on
PostgreSQL: threads, each with its own database connection, no mocks."""

import io
import re
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from accounts import entries
from accounts.models import Role
from accounts.services import grant_role
from officials.models import Official
from spreadsheets.models import ConfirmedImport
from spreadsheets.services import hold_import_lock, import_roster
from tests.personas import PASSWORD
from tests.spreadsheets.conftest import person, write_xlsx

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def units(catalogue):
    from units.loader import load_units
    from units.models import AdministrativeUnit

    load_units(provinces=["20"])
    return AdministrativeUnit.objects.get(dataset="legacy", code="187")


@pytest.fixture
def district_staff(units):
    user, _grant, _new = grant_role(
        username="phongnoivu", role=Role.DISTRICT_STAFF, unit=units, password=PASSWORD
    )
    return user


def _in_threads(*jobs):
    """Run each job in its own thread (and database connection), all released at once."""
    start = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            start.wait()
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 (the test reports what a user would see)
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def test_two_import_roster_commands_of_the_same_roster_at_once_both_end_cleanly(units, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person(n) for n in range(300)])
    outputs = [(io.StringIO(), io.StringIO()) for _ in range(2)]

    def command(out, err):
        return lambda: call_command("import_roster", str(path), stdout=out, stderr=err)

    results = _in_threads(*(command(out, err) for out, err in outputs))
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Official.objects.count() == 300
    said = [out.getvalue() + err.getvalue() for out, err in outputs]
    assert all("Traceback" not in text and "duplicate key" not in text for text in said)
    # one wrote the people, the other found them there: as if run one after the other
    assert sorted("300 mới" in text or "300 new" in text for text in said) == [False, True]


def test_an_import_waits_for_the_one_running_and_says_so(units, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [person(1), person(2)])
    holding, waiting = threading.Event(), threading.Event()

    def running_import():
        with transaction.atomic():
            hold_import_lock()  # what a running import holds until it commits
            holding.set()
            assert waiting.wait(timeout=60)
        return "done"

    def second_import():
        assert holding.wait(timeout=60)
        return import_roster(path.read_bytes(), path.name, dry_run=False, on_wait=waiting.set)

    first, report = _in_threads(running_import, second_import)
    assert first == "done"
    assert waiting.is_set()
    assert report.committed and not report.has_errors
    assert any("đợi" in note or "waited" in note for note in report.notes)
    assert Official.objects.count() == 2


def _preview(client, path):
    with path.open("rb") as handle:
        page = client.post("/roster/import/", {"file": handle})
    assert page.status_code == 200
    return page.context["token"]


def test_the_same_preview_confirmed_twice_imports_once(units, district_staff, tmp_path):
    client = Client()
    client.force_login(district_staff)
    token = _preview(client, write_xlsx(tmp_path / "r.xlsx", [person(1), person(2)]))
    url = f"/roster/import/{token}/confirm/"
    first = client.post(url, follow=True)
    assert Official.objects.count() == 2
    history = Official.history.count()
    second = client.post(url, follow=True).content.decode()
    assert "đã được nhập" in second or "already imported" in second
    assert Official.objects.count() == 2 and Official.history.count() == history
    assert first.status_code == 200
    assert ConfirmedImport.objects.count() == 1


def test_a_double_click_on_confirm_writes_once(units, district_staff, tmp_path):
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(district_staff)
    rows = [person(n) for n in range(200)]
    token = _preview(clients[0], write_xlsx(tmp_path / "r.xlsx", rows))
    url = f"/roster/import/{token}/confirm/"
    answers = _in_threads(*(lambda c=c: c.post(url, follow=True) for c in clients))
    assert [a for a in answers if isinstance(a, Exception)] == []
    pages = [a.content.decode() for a in answers]
    assert sum(("đã được nhập" in p or "already imported" in p) for p in pages) == 1
    assert Official.objects.count() == 200
    assert ConfirmedImport.objects.count() == 1


def test_a_row_of_someone_edited_after_the_preview_is_refused(units, district_staff, tmp_path):
    client = Client()
    client.force_login(district_staff)
    grant_role(username="dongnghiep", role=Role.DISTRICT_STAFF, unit=units, password=PASSWORD)
    first = write_xlsx(tmp_path / "a.xlsx", [person(1), person(2)])
    assert client.post(f"/roster/import/{_preview(client, first)}/confirm/").status_code == 302
    changed = write_xlsx(
        tmp_path / "b.xlsx", [person(1, ethnicity="Nùng"), person(2, ethnicity="Nùng")]
    )
    token = _preview(client, changed)
    # a colleague edits the second person between the preview and the confirmation
    colleague = type(district_staff).objects.get(username="dongnghiep")
    official = Official.objects.get(citizen_id=person(2)["citizen_id"])
    entries.official_update(
        official=official, data={"phone": "0912345678"}, expected_version=None, actor=colleague
    )
    page = client.post(f"/roster/import/{token}/confirm/").content.decode()
    assert re.search(r"(Dòng|Row) 3\b", page)  # the row is named (row 1 is the header)
    assert "dongnghiep" in page
    assert set(Official.objects.values_list("ethnicity", flat=True)) == {"Tày"}  # nothing written
    assert ConfirmedImport.objects.count() == 1  # the first file only
