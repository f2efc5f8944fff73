"""Training figures (DESIGN §7, §10): sent to study by run start, person-times by run end."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from training import services

D = datetime.date


def _run_command(*args):
    out = StringIO()
    call_command("training_report", *args, stdout=out)
    return out.getvalue()


def _row(output, code):
    return next(row for row in json.loads(output) if row["programme_code"] == code)


@pytest.fixture
def history(reg, nhan_ly, bac_son_commune, district_staff):
    """Two Trung cấp classes in the period, one started before it, one of Bắc Sơn."""
    before = reg.run(start=D(2020, 5, 1), end=D(2021, 4, 30))
    first = reg.run(start=D(2020, 11, 2), end=D(2021, 5, 28))
    second = reg.run(start=D(2021, 9, 6), end=D(2022, 3, 25))
    twice, failing, starting_before = (reg.secretary(nhan_ly) for _ in range(3))
    outsider = reg.secretary(bac_son_commune)
    plan = [
        (before, starting_before, "completed"),
        (first, twice, "completed"),
        (second, twice, "completed"),
        (first, failing, "failed"),
        (first, outsider, "completed"),
    ]
    for run, person, outcome in plan:
        enrolment = services.enrolment_nominate(run=run, official=person, actor=None)
        services.enrolment_enrol(enrolment=enrolment, actor=None)
        services.run_record_results(run=run, results={person.pk: outcome}, actor=None)
    nominee = reg.secretary(nhan_ly)
    services.enrolment_nominate(run=second, official=nominee, actor=None)  # not yet sent


def test_counting_rules_of_the_period(history):
    output = _run_command(
        "--from", "2020-10-01", "--to", "2022-05-24", "--unit", "187", "--format", "json"
    )
    row = _row(output, "pt_intermediate")
    # sent: twice ×2 and failing; not the run that started before, not a mere nominee, not Bắc Sơn
    assert row["sent_to_study"] == 3
    # person-times: twice ×2 and starting_before (its run ends in the period); not the failure
    assert row["person_times"] == 3
    assert row["completed"] == 2  # distinct people
    assert row["programme_name"] == "Trung cấp lý luận chính trị"
    assert _row(output, "pt_advanced")["sent_to_study"] == 0


def test_without_a_unit_the_whole_country_counts(history):
    row = _row(
        _run_command("--from", "2020-10-01", "--to", "2022-05-24", "--format", "json"),
        "pt_intermediate",
    )
    assert (row["sent_to_study"], row["person_times"]) == (4, 4)


def test_csv_has_the_public_columns_one_row_per_programme(history):
    lines = _run_command("--unit", "187", "--to", "2022-05-24").splitlines()
    assert lines[0] == "programme_code,programme_name,sent_to_study,completed,person_times"
    assert "pt_intermediate,Trung cấp lý luận chính trị,4,2,3" in lines
    assert len(lines) == 1 + 10


def test_errors_name_the_value(db):
    with pytest.raises(CommandError, match="99999"):
        _run_command("--unit", "99999")
    with pytest.raises(CommandError, match="31/02/2022"):
        _run_command("--from", "31/02/2022")
