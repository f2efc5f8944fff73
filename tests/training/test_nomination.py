"""Nominating officials into a class: capacity respected, each nominates within their rights."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from tests.personas import PASSWORD
from training import services
from training.services import RunFull


def test_a_full_class_refuses_and_adds_nobody(reg, nhan_ly, district_staff):
    run = reg.run(capacity=2)
    people = [reg.secretary(nhan_ly) for _ in range(3)]
    with pytest.raises(RunFull) as full:
        services.run_nominate(run=run, officials=people, actor=district_staff)
    assert "2" in str(full.value) and "3" in str(full.value)
    assert run.enrolments.count() == 0
    services.run_nominate(run=run, officials=people[:2], actor=district_staff)
    with pytest.raises(RunFull):
        services.run_nominate(run=run, officials=people[2:], actor=district_staff)


def test_a_withdrawal_frees_a_place(reg, nhan_ly, district_staff):
    run = reg.run(capacity=1)
    first, second = reg.secretary(nhan_ly), reg.secretary(nhan_ly)
    enrolment = services.enrolment_nominate(run=run, official=first, actor=district_staff)
    services.enrolment_withdraw(enrolment=enrolment, actor=district_staff)
    services.enrolment_nominate(run=run, official=second, actor=district_staff)
    assert list(run.enrolments.exclude(state="withdrawn").values_list("official", flat=True)) == [
        second.pk
    ]


def test_a_secretary_nominates_their_own_commune_only(reg, nhan_ly, tt_chi_lang, secretary, viewer):
    run = reg.run()
    own, other = reg.secretary(nhan_ly), reg.secretary(tt_chi_lang)
    services.run_nominate(run=run, officials=[own], actor=secretary)
    with pytest.raises(PermissionDenied):
        services.run_nominate(run=run, officials=[other], actor=secretary)
    with pytest.raises(PermissionDenied):
        services.run_nominate(run=run, officials=[other], actor=viewer)
    assert list(run.enrolments.values_list("official", flat=True)) == [own.pk]


def test_a_secretary_cannot_enrol_or_complete_only_withdraw_a_nominee(
    reg, nhan_ly, secretary, district_staff
):
    run = reg.run()
    enrolment = services.enrolment_nominate(
        run=run, official=reg.secretary(nhan_ly), actor=secretary
    )
    with pytest.raises(PermissionDenied):
        services.enrolment_enrol(enrolment=enrolment, actor=secretary)
    services.enrolment_withdraw(enrolment=enrolment, actor=secretary)
    enrolment.refresh_from_db()
    assert enrolment.state == "withdrawn"


def test_staff_of_another_district_cannot_nominate(reg, nhan_ly, bac_son_staff):
    with pytest.raises(PermissionDenied):
        services.run_nominate(
            run=reg.run(), officials=[reg.secretary(nhan_ly)], actor=bac_son_staff
        )


@pytest.mark.parametrize("junk", ["abc", "²", ""])
def test_a_forged_official_id_nominates_nobody_and_explains(
    reg, nhan_ly, district_staff, client, junk
):
    today = datetime.date.today()
    run = reg.run(capacity=5, start=today, end=today + datetime.timedelta(days=60))
    reg.secretary(nhan_ly)
    assert client.login(username=district_staff.username, password=PASSWORD)
    response = client.post(f"/training/classes/{run.pk}/nominate/", {"official": junk})
    assert response.status_code in (200, 302)
    gaps = client.post(
        "/training/gaps/?programme=pt_intermediate&unit=187&as_of=2022-05-24",
        {"run": run.pk, "official": junk},
    )
    assert gaps.status_code in (200, 302)
    assert run.enrolments.count() == 0
