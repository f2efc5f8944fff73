"""The enrolment state machine (§7): nominated → enrolled → completed | failed | withdrawn."""

import pytest
from django.db import IntegrityError

from training import services
from training.models import Enrolment, TransitionRefused


@pytest.fixture
def enrolment(reg, nhan_ly, district_staff):
    run = reg.run()
    return services.enrolment_nominate(
        run=run, official=reg.secretary(nhan_ly), actor=district_staff
    )


def test_a_nominee_cannot_complete_before_being_enrolled(enrolment, district_staff):
    with pytest.raises(TransitionRefused) as refused:
        services.enrolment_complete(enrolment=enrolment, actor=district_staff)
    message = str(refused.value)
    assert enrolment.official.full_name in message
    assert "Nominated" in message or "Được đề cử" in message
    enrolment.refresh_from_db()
    assert enrolment.state == "nominated"
    assert enrolment.official.credentials.filter(dimension="political_theory").count() == 0


def test_the_usual_path_and_its_dead_ends(enrolment, district_staff):
    services.enrolment_enrol(enrolment=enrolment, actor=district_staff)
    services.enrolment_fail(enrolment=enrolment, actor=district_staff)
    with pytest.raises(TransitionRefused):
        services.enrolment_complete(enrolment=enrolment, actor=district_staff)
    with pytest.raises(TransitionRefused):
        services.enrolment_withdraw(enrolment=enrolment, actor=district_staff)
    services.enrolment_reopen(enrolment=enrolment, actor=district_staff)
    services.enrolment_complete(enrolment=enrolment, actor=district_staff)
    enrolment.refresh_from_db()
    assert enrolment.state == "completed"
    assert enrolment.completed_on == enrolment.run.ends_on
    with pytest.raises(TransitionRefused):
        services.enrolment_fail(enrolment=enrolment, actor=district_staff)
    with pytest.raises(TransitionRefused):
        services.enrolment_reopen(enrolment=enrolment, actor=district_staff)  # undo is `uncomplete`


def test_a_withdrawn_official_can_be_nominated_again_but_not_enrolled(enrolment, district_staff):
    services.enrolment_withdraw(enrolment=enrolment, actor=district_staff)
    with pytest.raises(TransitionRefused):
        services.enrolment_enrol(enrolment=enrolment, actor=district_staff)
    again = services.enrolment_nominate(
        run=enrolment.run, official=enrolment.official, actor=district_staff
    )
    assert again.pk == enrolment.pk
    assert again.state == "nominated"


def test_one_enrolment_per_official_per_run_in_the_database(enrolment):
    with pytest.raises(IntegrityError):
        Enrolment.objects.create(run=enrolment.run, official=enrolment.official)


def test_nominating_twice_keeps_one_enrolment(enrolment, district_staff):
    services.run_nominate(run=enrolment.run, officials=[enrolment.official], actor=district_staff)
    assert Enrolment.objects.filter(official=enrolment.official).count() == 1


def test_history_records_who_moved_the_enrolment(enrolment, district_staff):
    services.enrolment_enrol(enrolment=enrolment, actor=district_staff)
    latest = enrolment.history.order_by("-history_date").first()
    assert latest.state == "enrolled"
    assert latest.history_user == district_staff
