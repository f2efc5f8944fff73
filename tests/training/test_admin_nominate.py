"""DESIGN §9: nominate selected officials into a course run from the officials' admin."""

import datetime

import pytest

from tests.factories import AssignmentFactory
from training.models import CourseRun, Enrolment, Programme


@pytest.fixture
def run(chi_lang):
    return CourseRun.objects.create(
        programme=Programme.objects.get(code="pt_intermediate"),
        name="Lớp Trung cấp LLCT K50",
        unit=chi_lang,
        provider="Trường Chính trị Hoàng Văn Thụ tỉnh Lạng Sơn",
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2027, 2, 26),
        capacity=2,
    )


def test_the_action_asks_for_a_class_then_nominates(admin_client, commune, run):
    people = [AssignmentFactory(commune=commune).official for _ in range(2)]
    data = {"action": "nominate_into_run", "_selected_action": [p.pk for p in people]}
    page = admin_client.post("/admin/officials/official/", data)
    assert page.status_code == 200
    assert "Lớp Trung cấp LLCT K50" in page.content.decode()
    done = admin_client.post("/admin/officials/official/", {**data, "apply": "1", "run": run.pk})
    assert done.status_code == 302
    assert set(Enrolment.objects.values_list("official", flat=True)) == {p.pk for p in people}


def test_a_full_class_takes_nobody(admin_client, commune, run):
    people = [AssignmentFactory(commune=commune).official for _ in range(3)]
    data = {
        "action": "nominate_into_run",
        "_selected_action": [p.pk for p in people],
        "apply": "1",
        "run": run.pk,
    }
    response = admin_client.post("/admin/officials/official/", data, follow=True)
    assert "đầy" in response.content.decode()
    assert not Enrolment.objects.exists()
