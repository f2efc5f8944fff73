"""Completing a course grants its credential once, dated at completion; undo removes exactly it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from officials.models import Credential
from standards.compliance import question_for, report
from training import services
from training.models import TransitionRefused

D = datetime.date


def _studying(reg, run, official, actor):
    enrolment = services.enrolment_nominate(run=run, official=official, actor=actor)
    return services.enrolment_enrol(enrolment=enrolment, actor=actor)


def _political(official):
    return list(official.credentials.filter(dimension="political_theory").order_by("pk"))


def test_completion_grants_the_credential_once_dated_at_the_run_end(reg, nhan_ly, district_staff):
    person = reg.secretary(nhan_ly)
    enrolment = _studying(reg, reg.run(end=D(2021, 12, 20)), person, district_staff)
    services.enrolment_complete(enrolment=enrolment, actor=district_staff)
    [credential] = _political(person)
    assert (credential.level, credential.awarded_on) == ("intermediate", D(2021, 12, 20))
    assert credential.issuer == "Trường Chính trị tỉnh Lạng Sơn"
    assert credential.verification == "verified"  # granted by district staff
    assert credential.granting_enrolment == enrolment
    with pytest.raises(TransitionRefused):
        services.enrolment_complete(enrolment=enrolment, actor=district_staff)
    assert len(_political(person)) == 1


def test_a_given_completion_date_dates_the_credential(reg, nhan_ly, district_staff):
    person = reg.secretary(nhan_ly)
    enrolment = _studying(reg, reg.run(start=D(2021, 3, 1)), person, district_staff)
    services.enrolment_complete(
        enrolment=enrolment, completed_on=D(2022, 1, 15), actor=district_staff
    )
    assert _political(person)[0].awarded_on == D(2022, 1, 15)
    other = _studying(reg, reg.run(start=D(2021, 3, 1)), reg.secretary(nhan_ly), district_staff)
    with pytest.raises(ValidationError):
        services.enrolment_complete(
            enrolment=other, completed_on=D(2020, 1, 1), actor=district_staff
        )


def test_undoing_a_completion_removes_what_it_granted_and_nothing_else(
    reg, nhan_ly, district_staff
):
    person = reg.secretary(nhan_ly, political="elementary")
    others = set(person.credentials.values_list("pk", flat=True))
    enrolment = _studying(reg, reg.run(), person, district_staff)
    services.enrolment_complete(enrolment=enrolment, actor=district_staff)
    assert person.credentials.count() == len(others) + 1
    services.enrolment_uncomplete(enrolment=enrolment, actor=district_staff)
    enrolment.refresh_from_db()
    assert enrolment.state == "enrolled" and enrolment.completed_on is None
    assert set(person.credentials.values_list("pk", flat=True)) == others
    assert [c.level for c in _political(person)] == ["elementary"]


def test_a_higher_credential_already_held_is_kept_and_nothing_is_granted(
    reg, nhan_ly, district_staff
):
    person = reg.secretary(nhan_ly, political="advanced")
    enrolment = _studying(reg, reg.run(), person, district_staff)
    services.enrolment_complete(enrolment=enrolment, actor=district_staff)
    enrolment.refresh_from_db()
    assert enrolment.state == "completed" and enrolment.granted_credential is None
    assert [c.level for c in _political(person)] == ["advanced"]
    services.enrolment_uncomplete(enrolment=enrolment, actor=district_staff)
    assert [c.level for c in _political(person)] == ["advanced"]


def test_a_credential_awarded_after_the_course_does_not_stop_the_grant(
    reg, nhan_ly, district_staff
):
    person = reg.secretary(nhan_ly)
    reg.cred(person, "political_theory", "advanced", awarded=D(2024, 6, 1))
    services.enrolment_complete(
        enrolment=_studying(reg, reg.run(), person, district_staff), actor=district_staff
    )
    assert sorted(c.level for c in _political(person)) == ["advanced", "intermediate"]


def test_two_runs_of_one_programme_grant_one_credential_kept_by_the_other(
    reg, nhan_ly, district_staff
):
    person = reg.secretary(nhan_ly)
    first = _studying(reg, reg.run(start=D(2021, 1, 4), end=D(2021, 6, 30)), person, district_staff)
    second = _studying(
        reg, reg.run(start=D(2021, 9, 1), end=D(2021, 12, 20)), person, district_staff
    )
    services.enrolment_complete(enrolment=first, actor=district_staff)
    services.enrolment_complete(enrolment=second, actor=district_staff)
    assert [c.awarded_on for c in _political(person)] == [D(2021, 6, 30)]
    services.enrolment_uncomplete(enrolment=first, actor=district_staff)
    assert [c.awarded_on for c in _political(person)] == [D(2021, 12, 20)]
    second.refresh_from_db()
    assert second.granted_credential is not None


def test_a_degree_in_another_field_is_granted_beside_the_one_held(reg, nhan_ly, district_staff):
    person = reg.secretary(nhan_ly)  # Đại học, Luật
    run = reg.run("university_part_time", start=D(2018, 9, 1), end=D(2022, 6, 30), field="Kế toán")
    services.enrolment_complete(
        enrolment=_studying(reg, run, person, district_staff), actor=district_staff
    )
    fields = sorted(person.credentials.filter(dimension="professional").values_list("field"))
    assert fields == [("Kế toán",), ("Luật",)]


def test_a_refresher_course_counts_but_grants_nothing(reg, nhan_ly, district_staff):
    person = reg.secretary(nhan_ly)
    before = Credential.objects.count()
    enrolment = _studying(reg, reg.run("refresher_skills"), person, district_staff)
    services.enrolment_complete(enrolment=enrolment, actor=district_staff)
    assert Credential.objects.count() == before


def test_only_the_staff_managing_the_run_complete(
    reg, nhan_ly, district_staff, secretary, bac_son_staff
):
    enrolment = _studying(reg, reg.run(), reg.secretary(nhan_ly), district_staff)
    for outsider in (secretary, bac_son_staff):
        with pytest.raises(PermissionDenied):
            services.enrolment_complete(enrolment=enrolment, actor=outsider)
    enrolment.refresh_from_db()
    assert enrolment.state == "enrolled"


def test_completing_raises_the_compliance_figures(reg, nhan_ly, district_staff):
    person = reg.secretary(nhan_ly)
    options = question_for(D(2022, 5, 24))
    assert report(options, nhan_ly).total.compliant == 0
    services.enrolment_complete(
        enrolment=_studying(reg, reg.run(), person, district_staff), actor=district_staff
    )
    assert report(options, nhan_ly).total.compliant == 1


def test_a_class_results_list_is_recorded_all_or_nothing(reg, nhan_ly, district_staff):
    passed, failed, outsider = (reg.secretary(nhan_ly) for _ in range(3))
    run = reg.run()
    for person in (passed, failed):
        _studying(reg, run, person, district_staff)
    results = {passed.pk: "completed", failed.pk: "failed", outsider.pk: "completed"}
    with pytest.raises(ValidationError):
        services.run_record_results(run=run, results=results, actor=district_staff)
    assert run.enrolments.filter(state="enrolled").count() == 2
    del results[outsider.pk]
    counts = services.run_record_results(run=run, results=results, actor=district_staff)
    assert counts == {"completed": 1, "failed": 1}
    assert len(_political(passed)) == 1 and _political(failed) == []


def test_a_results_list_keeps_who_recorded_it_in_the_history(reg, nhan_ly, district_staff):
    person = reg.secretary(nhan_ly)
    run = reg.run()
    _studying(reg, run, person, district_staff)
    services.run_record_results(run=run, results={person.pk: "completed"}, actor=district_staff)
    enrolment = run.enrolments.get()
    latest = enrolment.history.order_by("-history_date").first()
    assert (latest.state, latest.history_user) == ("completed", district_staff)
    credential = enrolment.granted_credential
    assert credential.history.get().history_user == district_staff
