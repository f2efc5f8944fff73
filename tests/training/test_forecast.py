"""The forecast (DESIGN §7): the real engine's figures if every current enrolment completes."""

import datetime

from officials.models import Credential
from standards.compliance import question_for, report
from training import services
from training.reports import forecast

D = datetime.date
ON = D(2023, 1, 31)  # after the classes end, regime 2019 still in force


def _figures(item):
    return (item.officials, item.compliant, item.percent)


def test_the_forecast_equals_the_figures_after_completing(
    reg, nhan_ly, tt_chi_lang, district_staff, chi_lang
):
    early = reg.run(start=D(2021, 3, 1), end=D(2021, 12, 20))
    late = reg.run(start=D(2022, 9, 1), end=D(2023, 6, 30))  # ends after the date: no effect
    nominee = reg.secretary(nhan_ly)
    studying = reg.secretary(tt_chi_lang)
    too_late = reg.secretary(nhan_ly)
    reg.secretary(nhan_ly, political="intermediate")
    enrolments = [
        services.enrolment_nominate(run=early, official=nominee, actor=district_staff),
        services.enrolment_nominate(run=early, official=studying, actor=district_staff),
        services.enrolment_nominate(run=late, official=too_late, actor=district_staff),
    ]
    services.enrolment_enrol(enrolment=enrolments[1], actor=district_staff)
    credentials = Credential.objects.count()

    result = forecast(scope=chi_lang, options=question_for(ON), today=D(2021, 6, 1))

    assert Credential.objects.count() == credentials  # rolled back
    assert _figures(result.as_is.total) == (4, 1, _figures(result.as_is.total)[2])
    assert result.with_courses.total.compliant == 3
    assert result.today.options.on == D(2021, 6, 1)
    forecast_rows = {item.unit.pk: _figures(item) for item in result.with_courses.rows()}

    services.enrolment_enrol(enrolment=enrolments[0], actor=district_staff)
    services.run_complete_all(run=early, actor=district_staff)
    actual = report(question_for(ON), chi_lang, with_unmet=False)
    assert {item.unit.pk: _figures(item) for item in actual.rows()} == forecast_rows
    assert forecast_rows[nhan_ly.pk][:2] == (3, 2)
    assert forecast_rows[tt_chi_lang.pk][:2] == (1, 1)
