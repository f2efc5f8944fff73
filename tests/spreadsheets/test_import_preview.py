"""Import preview (issue 18 item 5): outcomes told apart, old → new, corrections by folding,
changes first, links to the people changed, history naming the file."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from officials.models import Official
from tests.spreadsheets.conftest import person, run_import, write_xlsx

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def upload(client, path):
    with path.open("rb") as data:
        return client.post(
            reverse("spreadsheets:import"), {"file": data}, HTTP_ACCEPT_LANGUAGE="en"
        )


def test_each_change_reads_old_to_new(units, tmp_path, district_staff):
    run_import(write_xlsx(tmp_path / "a.xlsx", [person(1)]), user=district_staff)
    changed = person(
        1,
        full_name="Nguyễn Văn Đổi",
        date_of_birth="01/01/1980",
        end_date="01/01/2020",
        political_theory="Cao cấp",
    )
    report = run_import(write_xlsx(tmp_path / "b.xlsx", [changed]), user=district_staff)
    shown = [str(change) for change in report.rows[0].changes]
    assert any(text.endswith(": Nguyễn Văn Thử 1 → Nguyễn Văn Đổi") for text in shown)
    assert any("25/07/1982 → 01/01/1980" in text for text in shown)
    assert any("– → 01/01/2020" in text for text in shown)
    assert any(text.startswith("Lý luận chính trị: ") and "→ Cao cấp" in text for text in shown)


def test_a_level_read_only_by_folding_is_pointed_out(units, tmp_path):
    rows = [person(1, professional="Đại hoc"), person(2, professional="đại học")]
    with translation.override("en"):
        report = run_import(write_xlsx(tmp_path / "r.xlsx", rows), dry_run=True)
    misspelt, lower_case = sorted(report.rows, key=lambda row: row.number)
    assert misspelt.corrections == ["Chuyên môn: “Đại hoc” read as “Đại học”"]
    assert lower_case.corrections == []  # case alone is no misspelling


def test_rows_that_change_something_come_first_and_carry_a_worded_outcome(
    units, tmp_path, district_staff
):
    run_import(write_xlsx(tmp_path / "a.xlsx", [person(1), person(2)]), user=district_staff)
    rows = [person(1), person(2, full_name="Nguyễn Văn Hai"), person(3), person(4, gender="?")]
    page = upload(client_for(district_staff), write_xlsx(tmp_path / "b.xlsx", rows))
    text = page.content.decode()
    statuses = re.findall(r'<tr class="status-(\w+)">', text)
    assert statuses == ["error", "new", "updated", "unchanged"]
    legend = text[text.index('class="legend"') :]
    for word in ("error", "new", "updated", "unchanged"):
        assert f'<span class="badge status-{word}">{word}</span>' in legend


def test_after_the_import_the_people_changed_are_linked(units, tmp_path, district_staff, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    run_import(write_xlsx(tmp_path / "a.xlsx", [person(1), person(2)]), user=district_staff)
    client = client_for(district_staff)
    rows = [person(1), person(2, full_name="Nguyễn Văn Hai"), person(3)]
    page = upload(client, write_xlsx(tmp_path / "danh-sach.xlsx", rows))
    confirmed = client.post(reverse("spreadsheets:import_confirm", args=[page.context["token"]]))
    text = client.get(confirmed.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "People changed by the import of danh-sach.xlsx" in text
    for citizen_id in (person(2)["citizen_id"], person(3)["citizen_id"]):
        pk = Official.objects.get(citizen_id=citizen_id).pk
        assert reverse("pages:official_detail", args=[pk]) in text
    unchanged = Official.objects.get(citizen_id=person(1)["citizen_id"]).pk
    assert reverse("pages:official_detail", args=[unchanged]) not in text
    # shown once: the next visit is the plain page again
    assert "People changed" not in client.get(confirmed.url).content.decode()


def test_the_history_says_the_change_came_from_the_import(units, tmp_path, district_staff):
    rows = [person(1, full_name="Nguyễn Văn Đổi", it="CNTT nâng cao")]
    with translation.override("en"):
        run_import(write_xlsx(tmp_path / "dau-nam.xlsx", [person(1)]), user=district_staff)
        run_import(write_xlsx(tmp_path / "giua-nam.xlsx", rows), user=district_staff)
    official = Official.objects.get(citizen_id=person(1)["citizen_id"])
    reasons = {record.history_change_reason for record in official.history.all()}
    assert reasons == {"from import dau-nam.xlsx", "from import giua-nam.xlsx"}
    credential_reasons = {
        record.history_change_reason
        for credential in official.credentials.all()
        for record in credential.history.all()
    }
    assert "from import giua-nam.xlsx" in credential_reasons
    page = client_for(district_staff).get(
        reverse("pages:official_history", args=[official.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "from import giua-nam.xlsx" in page.content.decode()


def test_unchanged_rows_do_not_crowd_the_changes_out_of_a_long_preview(
    units, tmp_path, monkeypatch
):
    monkeypatch.setattr("spreadsheets.services.PREVIEW_ROWS", 2)
    run_import(write_xlsx(tmp_path / "a.xlsx", [person(n) for n in range(1, 4)]))
    rows = [person(n) for n in range(1, 4)] + [person(4), person(5)]
    report = run_import(write_xlsx(tmp_path / "b.xlsx", rows), dry_run=True)
    assert [(row.number, row.status) for row in report.rows] == [(5, "new"), (6, "new")]
    assert report.rows_omitted == 3 and report.counts["unchanged"] == 3
