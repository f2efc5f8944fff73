"""Training pages by role (DESIGN §9): 404 outside the scope, 403 without the right."""

import datetime

import pytest

from standards.compliance import question_for
from tests.personas import client_for
from training import services
from training.models import Enrolment
from training.reports import forecast

D = datetime.date


@pytest.fixture
def run(reg):
    return reg.run(start=D(2021, 3, 1), end=D(2021, 12, 20), capacity=30)


@pytest.fixture
def open_run(reg):
    """A class still to come: the gap list nominates into classes that have not ended."""
    today = datetime.date.today()
    return reg.run(
        start=today + datetime.timedelta(days=30), end=today + datetime.timedelta(days=200)
    )


@pytest.fixture
def enrolled(reg, run, nhan_ly, tt_chi_lang):
    """One official of Nhân Lý and one of Thị trấn Chi Lăng studying in the class."""
    people = {"nhan_ly": reg.secretary(nhan_ly), "town": reg.secretary(tt_chi_lang)}
    for person in people.values():
        enrolment = services.enrolment_nominate(run=run, official=person, actor=None)
        services.enrolment_enrol(enrolment=enrolment, actor=None)
    return people


@pytest.mark.parametrize("name", ["programmes", "runs", "gaps", "forecast", "report"])
def test_pages_ask_for_a_login_then_answer_in_vietnamese(name, district_staff, nhan_ly):
    url = f"/training/{'' if name == 'programmes' else {'runs': 'classes/'}.get(name, name + '/')}"
    assert client_for(None).get(url).status_code == 302
    page = client_for(district_staff).get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200


def test_the_class_page_shows_each_role_what_it_may_see(
    run, enrolled, district_staff, secretary, viewer, bac_son_staff
):
    url = f"/training/classes/{run.pk}/"
    staff_page = client_for(district_staff).get(url).content.decode()
    assert enrolled["nhan_ly"].full_name in staff_page and enrolled["town"].full_name in staff_page
    assert "result_" in staff_page  # the results list
    secretary_page = client_for(secretary).get(url).content.decode()
    assert enrolled["nhan_ly"].full_name in secretary_page
    assert enrolled["town"].full_name not in secretary_page
    assert "result_" not in secretary_page
    assert "result_" not in client_for(viewer).get(url).content.decode()
    assert client_for(bac_son_staff).get(url).status_code == 404


def test_only_district_staff_record_results(run, enrolled, district_staff, secretary, viewer):
    person = enrolled["nhan_ly"]
    url = f"/training/classes/{run.pk}/results/"
    data = {f"result_{person.pk}": "completed", "completed_on": "20/12/2021"}
    for user in (secretary, viewer):
        assert client_for(user).post(url, data).status_code == 403
    assert not person.credentials.filter(dimension="political_theory").exists()
    answer = client_for(district_staff).post(url, data, follow=True)
    assert answer.status_code == 200
    credential = person.credentials.get(dimension="political_theory")
    assert credential.awarded_on == D(2021, 12, 20)
    assert Enrolment.objects.get(official=enrolled["town"]).state == "enrolled"


def test_a_wrong_move_is_refused_with_a_message(run, enrolled, district_staff):
    enrolment = Enrolment.objects.get(official=enrolled["nhan_ly"])
    client = client_for(district_staff)
    client.post(f"/training/enrolments/{enrolment.pk}/withdraw/")
    page = client.post(f"/training/enrolments/{enrolment.pk}/complete/", follow=True)
    text = page.content.decode()
    assert enrolled["nhan_ly"].full_name in text
    assert "Đã rút" in text  # "Withdrawn", the state it is in
    enrolment.refresh_from_db()
    assert enrolment.state == "withdrawn"


def test_an_enrolment_outside_the_scope_is_a_404(run, enrolled, secretary):
    town = Enrolment.objects.get(official=enrolled["town"])
    response = client_for(secretary).post(f"/training/enrolments/{town.pk}/withdraw/")
    assert response.status_code == 404


def test_the_gap_list_nominates_in_one_step(reg, open_run, nhan_ly, tt_chi_lang, secretary):
    run = open_run
    own, other = reg.secretary(nhan_ly), reg.secretary(tt_chi_lang)
    url = "/training/gaps/?programme=pt_intermediate&as_of=24/05/2021&unit=06496"
    client = client_for(secretary)
    page = client.get(url).content.decode()
    assert own.full_name in page and other.full_name not in page
    client.post(url, {"run": run.pk, "official": [own.pk]})
    assert Enrolment.objects.get(official=own).state == "nominated"
    assert own.full_name not in client.get(url).content.decode()  # now under way
    assert client.post(url, {"run": run.pk, "official": [other.pk]}).status_code == 403
    assert client.get(url.replace("06496", "187")).status_code == 404  # the district: not theirs


def test_a_full_class_says_so_on_the_gap_list(reg, nhan_ly, district_staff):
    today = datetime.date.today()
    small = reg.run(start=today, end=today + datetime.timedelta(days=90), capacity=1)
    people = [reg.secretary(nhan_ly), reg.secretary(nhan_ly)]
    url = "/training/gaps/?programme=pt_intermediate&as_of=24/05/2021&unit=187"
    page = client_for(district_staff).post(
        url, {"run": small.pk, "official": [p.pk for p in people]}, follow=True
    )
    assert "1" in page.content.decode() and not small.enrolments.exists()
    assert "đầy" in page.content.decode()  # "Lớp đã đầy"


def test_viewers_read_the_gap_list_but_cannot_nominate(reg, run, nhan_ly, viewer):
    person = reg.secretary(nhan_ly)
    url = "/training/gaps/?programme=pt_intermediate&as_of=24/05/2021&unit=187"
    client = client_for(viewer)
    page = client.get(url).content.decode()
    assert person.full_name in page and 'name="official"' not in page
    assert client.post(url, {"run": run.pk, "official": [person.pk]}).status_code == 403


def test_the_report_page_shows_the_command_figures(run, enrolled, district_staff, secretary):
    services.run_complete_all(run=run, actor=None)
    url = "/training/report/?date_from=01/10/2020&date_to=24/05/2022&unit=187"
    csv = client_for(district_staff).get(url + "&format=csv").content.decode()
    assert "pt_intermediate,Trung cấp lý luận chính trị,2,2,2" in csv
    own = client_for(secretary).get(url.replace("187", "06496") + "&format=csv")
    assert "pt_intermediate,Trung cấp lý luận chính trị,1,1,1" in own.content.decode()
    assert client_for(secretary).get(url).status_code == 404


def test_the_forecast_counts_only_classes_still_to_finish(reg, run, nhan_ly, tt_chi_lang, chi_lang):
    """Seen from 15/01/2022: the class ended on 20/12/2021 waits for results, a later one counts."""
    ended, coming = reg.secretary(nhan_ly), reg.secretary(tt_chi_lang)
    later = reg.run(start=D(2022, 1, 10), end=D(2022, 6, 30))
    for klass, person in ((run, ended), (later, coming)):
        enrolment = services.enrolment_nominate(run=klass, official=person, actor=None)
        services.enrolment_enrol(enrolment=enrolment, actor=None)
    result = forecast(scope=chi_lang, options=question_for(D(2022, 7, 1)), today=D(2022, 1, 15))
    rows = {unit.code: (as_is, done) for unit, _today, as_is, done in result.rows()}
    as_is, done = rows["06466"]  # Thị trấn Chi Lăng: its secretary's class is still to finish
    assert (as_is.compliant, done.compliant) == (0, 1)
    as_is, done = rows["06496"]  # Xã Nhân Lý: the ended class is not guessed
    assert (as_is.compliant, done.compliant) == (0, 0)
    assert (result.enrolments, result.awaiting_results) == (1, 1)


def test_the_forecast_page_says_what_waits_for_results(run, enrolled, district_staff):
    text = (
        client_for(district_staff)
        .get("/training/forecast/?unit=187&as_of=31/12/2021")
        .content.decode()
    )
    assert "2 lượt cử đi học của lớp đã kết thúc đang chờ kết quả" in text


def test_a_class_that_has_ended_flags_its_list_for_results(run, enrolled, district_staff):
    text = client_for(district_staff).get(f"/training/classes/{run.pk}/").content.decode()
    assert "Lớp đã kết thúc ngày 20/12/2021: 2 cán bộ vẫn đang ở trạng thái" in text
    assert text.count("Chờ kết quả") == 2
    listing = client_for(district_staff).get("/training/classes/").content.decode()
    assert "2 chờ kết quả" in listing


def test_only_district_staff_open_a_class(district_staff, secretary, chi_lang):
    data = {
        "programme": "",
        "unit": chi_lang.code,
        "provider": "Trường Chính trị tỉnh Lạng Sơn",
        "starts_on": "01/03/2023",
        "ends_on": "20/12/2023",
        "capacity": "40",
    }
    from training.models import Programme

    data["programme"] = Programme.objects.get(code="pt_advanced").pk
    assert client_for(secretary).post("/training/classes/add/", data).status_code == 403
    answer = client_for(district_staff).post("/training/classes/add/", data)
    assert answer.status_code == 302
    assert chi_lang.course_runs.get().capacity == 40


def test_the_gap_list_of_a_district_today_says_it_ceased_and_names_its_successors(district_staff):
    page = client_for(district_staff).get("/training/gaps/?programme=pt_intermediate")
    text = page.content.decode()
    assert page.status_code == 200
    assert "30/06/2025" in text and "Xã Chiến Thắng (06481)" in text


def test_the_official_page_links_to_the_class_and_to_the_training_that_closes_a_gap(
    run, enrolled, district_staff
):
    person = enrolled["nhan_ly"]  # a party secretary without political theory, in the class
    page = client_for(district_staff).get(
        f"/officials/{person.pk}/", {"as_of": "2021-06-30", "regime": "2019"}
    )
    text = page.content.decode()
    assert f'href="/training/classes/{run.pk}/"' in text  # the class they study in
    gap_list = "/training/gaps/?programme=pt_intermediate&amp;as_of=2021-06-30&amp;regime=2019"
    assert f'href="{gap_list}"' in text  # the gap list of the training that closes the gap
    assert "cần học: Trung cấp lý luận chính trị" in text
    assert 'href="#training"' in text and 'id="training"' in text


def test_the_class_form_reads_its_unit_by_name_among_the_units_managed(district_staff, chi_lang):
    from training.models import Programme

    data = {
        "programme": Programme.objects.get(code="pt_advanced").pk,
        "unit": "huyen chi lang",  # typed without accents: the picker reads names too
        "provider": "Trường Chính trị tỉnh Lạng Sơn",
        "starts_on": "01/03/2023",
        "ends_on": "20/12/2023",
        "capacity": "40",
    }
    client = client_for(district_staff)
    assert client.get("/training/classes/add/").content.decode().count('value="187"') == 1
    refused = client.post("/training/classes/add/", {**data, "unit": "185"})  # Bắc Sơn
    assert refused.status_code == 200
    assert "Bạn không quản lý lớp của đơn vị “185”" in refused.content.decode()
    assert not chi_lang.course_runs.exists()
    assert client.post("/training/classes/add/", data).status_code == 302
    assert chi_lang.course_runs.get().unit == chi_lang


def test_a_course_class_is_called_lop_not_the_communes_class(run, district_staff):
    page = client_for(district_staff).get("/training/classes/").content.decode()
    assert "<th>Lớp</th>" in page and "Phân loại" not in page
