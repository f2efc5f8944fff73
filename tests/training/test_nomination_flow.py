"""Nomination in one flow (issue 18): from a gap list, into an open class or one opened on the
spot; filters by commune and post; the class's own list shows each person's gap."""

import datetime

from tests.personas import client_for
from training.models import CourseRun, Enrolment, Programme

TODAY = datetime.date.today()
GAPS = "/training/gaps/?programme=pt_intermediate&as_of=24/05/2022&regime=2019&unit=187"


def _class_data(chi_lang, **extra):
    return {
        "programme": Programme.objects.get(code="pt_intermediate").pk,
        "unit": chi_lang.code,
        "provider": "Trường Chính trị tỉnh Lạng Sơn",
        "starts_on": f"{TODAY + datetime.timedelta(days=10):%d/%m/%Y}",
        "ends_on": f"{TODAY + datetime.timedelta(days=200):%d/%m/%Y}",
        **extra,
    }


def test_the_gap_list_filters_by_commune_and_post(reg, nhan_ly, tt_chi_lang, district_staff):
    village, town = reg.secretary(nhan_ly), reg.secretary(tt_chi_lang)
    chair = reg.official("Chủ Tịch")
    reg.hold(chair, "committee_chair", nhan_ly)
    reg.cred(chair, "general_education", "upper_secondary")
    reg.cred(chair, "professional", "bachelor", field="Luật")
    client = client_for(district_staff)
    page = client.get(GAPS).content.decode()
    assert all(p.full_name in page for p in (village, town, chair))
    assert '<option value="06496">Xã Nhân Lý</option>' in page  # communes offered by name
    only_village = client.get(GAPS + "&commune=06496").content.decode()
    assert village.full_name in only_village and town.full_name not in only_village
    chairs = client.get(GAPS + "&commune=06496&position=committee_chair").content.decode()
    assert chair.full_name in chairs and village.full_name not in chairs
    assert "Tính đến ngày 24/05/2022, theo bộ tiêu chuẩn 2019." in chairs


def test_a_class_opened_from_the_gap_list_takes_the_chosen_officials(
    reg, nhan_ly, district_staff, chi_lang
):
    first, second, left = (reg.secretary(nhan_ly) for _ in range(3))
    client = client_for(district_staff)
    chosen = [first.pk, second.pk]
    form = client.post(
        "/training/classes/add/",
        {"prefill": "1", "programme": "pt_intermediate", "official": chosen, "back": GAPS},
    ).content.decode()
    assert "Khi lưu, lớp được mở và 2 cán bộ sau được cử đi học" in form
    assert first.full_name in form and second.full_name in form and left.full_name not in form
    programme = Programme.objects.get(code="pt_intermediate")
    assert f'<option value="{programme.pk}" selected>Trung cấp lý luận chính trị</option>' in form
    assert "Select an option" not in form and "- Chọn" in form
    assert not CourseRun.objects.exists()  # nothing saved before the form is sent

    response = client.post("/training/classes/add/", {**_class_data(chi_lang), "official": chosen})
    run = CourseRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/training/classes/{run.pk}/"
    assert set(run.enrolments.values_list("official", flat=True)) == set(chosen)
    page = client.get(response["Location"]).content.decode()
    assert "Lớp đã được mở và 2 cán bộ đã được cử đi học." in page
    gaps = client.get(GAPS).content.decode()
    assert left.full_name in gaps and first.full_name not in gaps  # now under way


def test_a_class_too_small_for_the_chosen_is_not_opened(reg, nhan_ly, district_staff, chi_lang):
    people = [reg.secretary(nhan_ly).pk for _ in range(3)]
    page = client_for(district_staff).post(
        "/training/classes/add/", {**_class_data(chi_lang, capacity=2), "official": people}
    )
    assert page.status_code == 200 and "Lớp đã đầy" in page.content.decode()
    assert not CourseRun.objects.exists() and not Enrolment.objects.exists()


def test_the_gap_list_offers_only_classes_still_open(reg, nhan_ly, district_staff):
    reg.secretary(nhan_ly)
    ended = reg.run(start=datetime.date(2021, 3, 1), end=datetime.date(2021, 12, 20))
    coming = reg.run(start=TODAY, end=TODAY + datetime.timedelta(days=30), name="Lớp K50")
    page = client_for(district_staff).get(GAPS).content.decode()
    assert f'<option value="{coming.pk}">' in page and f'<option value="{ended.pk}">' not in page
    assert "Mở lớp mới cho những người đã chọn" in page


def test_the_class_list_shows_each_persons_gap(reg, nhan_ly, district_staff):
    lacking = reg.secretary(nhan_ly, political="elementary")
    holding = reg.secretary(nhan_ly, political="intermediate")
    run = reg.run(start=TODAY, end=TODAY + datetime.timedelta(days=30))
    client = client_for(district_staff)
    nominate = f"/training/classes/{run.pk}/nominate/"
    page = client.get(nominate, {"as_of": "24/05/2022", "regime": "2019"}).content.decode()
    assert "tính đến ngày 24/05/2022, theo bộ tiêu chuẩn 2019" in page
    assert lacking.full_name in page and holding.full_name not in page
    assert "Trung cấp" in page and "Sơ cấp" in page  # needed, held
    everyone = client.get(f"/training/classes/{run.pk}/nominate/?all=1").content.decode()
    assert lacking.full_name in everyone and holding.full_name in everyone
    client.post(f"/training/classes/{run.pk}/nominate/", {"official": [lacking.pk]})
    assert run.enrolments.get().official == lacking


def test_the_unit_and_regime_travel_between_gap_list_and_forecast(reg, nhan_ly, district_staff):
    reg.secretary(nhan_ly)
    client = client_for(district_staff)
    page = client.get(GAPS).content.decode()
    assert 'href="/training/forecast/?unit=187&amp;regime=2019"' in page
    assert 'href="/training/gaps/?unit=187&amp;regime=2019&amp;as_of=24/05/2022"' in page
    forecast = client.get("/training/forecast/?unit=187&regime=2019").content.decode()
    assert 'href="/training/gaps/?unit=187&amp;regime=2019"' in forecast
    back = client.get("/training/gaps/?unit=187&regime=2019&as_of=24/05/2022")
    assert back.status_code == 200
    assert "Trung cấp lý luận chính trị · Huyện Chi Lăng" in back.content.decode()
