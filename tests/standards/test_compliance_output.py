"""The same figures in the command, the API and closed reports; bounded query counts."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from standards.compliance import question_for, report
from standards.models import ClosedReport
from standards.services import report_close, report_compare
from standards.tables import COLUMNS
from units.loader import load_units
from units.models import AdministrativeUnit

ON = datetime.date(2022, 5, 24)


@pytest.fixture
def district(reg, chi_lang, nhan_ly, tt_chi_lang):
    """Nhân Lý 2 of 3 compliant, TT Chi Lăng 1 of 1, the other 18 communes empty."""
    reg.accountant(nhan_ly)
    reg.accountant(nhan_ly)
    reg.accountant(nhan_ly, it=None)
    reg.accountant(tt_chi_lang)
    return chi_lang


def _csv(**options):
    out = io.StringIO()
    call_command("compliance_report", stdout=out, **options)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_command_prints_one_row_per_commune_and_the_district_total(district):
    rows = _csv(as_of=ON, unit="187")
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 21
    by_code = {row["unit_code"]: row for row in rows}
    assert by_code["06496"] == {
        "unit_code": "06496",
        "unit_name": "Xã Nhân Lý",
        "unit_level": "commune",
        "officials": "3",
        "compliant": "2",
        "percent": "66.67",
        "quota": "21",
        "vacancies": "18",
        "in_grace": "1",  # in post since 2016, before regime 2019
    }
    assert by_code["06469"]["percent"] == ""  # nobody in post
    assert by_code["06469"]["quota"] == ""  # class not set
    total = rows[-1]
    assert (total["unit_code"], total["unit_level"]) == ("187", "district")
    assert (total["officials"], total["compliant"], total["percent"]) == ("4", "3", "75.00")
    assert (total["quota"], total["vacancies"]) == ("42", "38")


def test_command_for_a_province_adds_district_and_province_totals(district):
    rows = _csv(as_of=ON, unit="20")
    levels = [row["unit_level"] for row in rows]
    assert levels.count("district") == 11
    assert levels[-1] == "province"
    assert rows[-1]["officials"] == "4"


def test_command_json_has_the_same_rows(district):
    out = io.StringIO()
    call_command("compliance_report", as_of=ON, unit="06496", format="json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [row["unit_code"] for row in rows] == ["06496"]
    assert rows[0]["percent"] == "66.67"
    assert rows[0]["officials"] == 3


def test_command_regime_and_errors(district):
    # 2023 drops the IT requirement: the one without IT now meets it
    assert _csv(as_of=ON, unit="06496", regime="2023")[0]["compliant"] == "3"
    with pytest.raises(CommandError, match="31/12/2010"):
        call_command("compliance_report", as_of=datetime.date(2010, 12, 31), unit="187")
    with pytest.raises(CommandError, match="99999"):
        call_command("compliance_report", as_of=ON, unit="99999")
    with pytest.raises(CommandError, match="xyz"):
        call_command("compliance_report", as_of=ON, regime="xyz")


def test_the_command_reads_a_date_as_written():
    with pytest.raises(CommandError, match="31/02/2022"):
        call_command("compliance_report", "--as-of", "31/02/2022")


def test_api_gives_the_same_rows_as_the_command(district, admin_client):
    response = admin_client.get("/api/v1/compliance", {"as_of": "2022-05-24", "unit": "187"})
    assert response.status_code == 200
    body = response.json()
    assert (body["as_of"], body["regime"]) == ("2022-05-24", "2019")
    command = _csv(as_of=ON, unit="187")
    api = [{k: "" if v is None else str(v) for k, v in row.items()} for row in body["rows"]]
    assert api == command


def test_api_refuses_a_bad_date_or_regime_with_a_message(district, admin_client):
    response = admin_client.get("/api/v1/compliance", {"as_of": "2022-02-31", "unit": "187"})
    assert response.status_code == 400
    assert "24/05/2022" in json.dumps(response.json(), ensure_ascii=False)
    response = admin_client.get("/api/v1/compliance", {"as_of": "2010-01-01", "unit": "187"})
    assert response.status_code == 400
    assert response.json()["errors"]["regime"]


def test_api_needs_a_login(client, district):
    response = client.get("/api/v1/compliance", {"unit": "187"})
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


# bounded cost -----------------------------------------------------------------------------


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_communes_or_officials(reg, chi_lang, nhan_ly):
    options = question_for(ON)
    reg.accountant(nhan_ly)
    small = _queries(lambda: report(options, nhan_ly))
    district = _queries(lambda: report(options, chi_lang))
    for commune in chi_lang.children.all()[:10]:
        for _ in range(5):
            reg.accountant(commune, it=None)
    assert _queries(lambda: report(options, chi_lang)) == district
    province = chi_lang.parent
    assert _queries(lambda: report(options, province)) == district
    assert small == district
    load_units()  # the whole country: 10,051 legacy communes
    assert _queries(lambda: report(options, None)) == district


def test_reasons_for_a_whole_commune_in_one_query(reg, nhan_ly, django_assert_num_queries):
    from standards.compliance import reasons

    options = question_for(ON)
    for _ in range(5):
        reg.accountant(nhan_ly, it=None, professional="college")
    with django_assert_num_queries(1):
        found = reasons(options, where={"pk": nhan_ly.pk})
    assert len(found) == 5


# closed reports ---------------------------------------------------------------------------


def test_a_closed_report_does_not_move_when_the_data_changes(reg, district, admin_user):
    options = question_for(ON)
    closed = report_close(
        title="Báo cáo năm 2022", scope=district, options=options, actor=admin_user
    )
    nhan_ly = AdministrativeUnit.objects.get(dataset="legacy", code="06496")
    reg.accountant(nhan_ly, it=None)  # a correction entered later
    row = closed.rows.get(unit=nhan_ly)
    assert (row.officials, row.compliant) == (3, 2)
    comparison = {c.reported.unit.code: c for c in report_compare(closed)}
    assert comparison["06496"].current.officials == 4
    assert comparison["06496"].changed == ("officials", "vacancies", "in_grace")
    assert comparison["187"].changed == ("officials", "vacancies", "in_grace")
    assert comparison["06466"].changed == ()
    assert ClosedReport.objects.get().regime.code == "2019"


def test_closed_report_pages(reg, district, admin_client):
    page = admin_client.post(
        "/reports/", {"title": "Báo cáo năm 2022", "as_of": "24/05/2022", "unit": "187"}
    )
    assert page.status_code == 302
    closed = ClosedReport.objects.get()
    assert (closed.as_of, closed.scope.code) == (ON, "187")
    nhan_ly = AdministrativeUnit.objects.get(dataset="legacy", code="06496")
    reg.accountant(nhan_ly, it=None)
    text = admin_client.get(page.url).content.decode()
    assert "Báo cáo năm 2022" in text
    assert "66,67 %" in text  # as reported
    assert "50,00 %" in text  # recomputed today: 2 of 4
    assert "2 dòng khác" in text
    listing = admin_client.get("/reports/").content.decode()
    assert "Báo cáo năm 2022" in listing
