"""Two people edit the same record: the second save is refused, its input kept to reapply."""

from officials.models import Official
from tests.accounts.test_history import _official_data
from tests.personas import client_for


def test_the_second_save_of_an_official_is_refused_and_its_input_kept(
    secretary, district_staff, officials
):
    official = officials["nhan_ly"]
    first, second = client_for(secretary), client_for(district_staff)
    url = f"/officials/{official.pk}/edit/"
    assert first.get(url).status_code == 200 and second.get(url).status_code == 200
    loaded = _official_data(official)  # both forms carry the version they were loaded with

    assert first.post(url, {**loaded, "ethnicity": "Tày"}).status_code == 302
    refused = second.post(url, {**loaded, "full_name": "Lương Thị Mại", "phone": "0912345678"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "nhanly đã lưu bản ghi này" in page
    assert "thay đổi của anh/chị chưa được lưu" in page
    assert 'value="Lương Thị Mại"' in page and 'value="0912345678"' in page
    assert Official.objects.get(pk=official.pk).ethnicity == "Tày"

    # Saving the kept input again, knowingly, applies it.
    version = Official.objects.get(pk=official.pk).version
    again = {**loaded, "full_name": "Lương Thị Mại", "phone": "0912345678", "version": version}
    assert second.post(url, again).status_code == 302
    assert Official.objects.get(pk=official.pk).full_name == "Lương Thị Mại"


def test_the_second_save_of_a_credential_is_refused(secretary, district_staff, officials):
    credential = officials["nhan_ly"].credentials.get()
    url = f"/credentials/{credential.pk}/edit/"
    data = {
        "dimension": "professional",
        "level": "bachelor",
        "field": "Luật",
        "awarded_on": "",
        "version": credential.version,
    }
    assert client_for(district_staff).post(url, {**data, "issuer": "ĐH Luật"}).status_code == 302
    refused = client_for(secretary).post(url, {**data, "issuer": "ĐH Huế"})
    assert refused.status_code == 200
    assert "phongnoivu đã lưu bản ghi này" in refused.content.decode()
    credential.refresh_from_db()
    assert credential.issuer == "ĐH Luật"


def _admin_form(official, **changes):
    data = _official_data(official, **changes)
    post = official.assignments.get()
    credential = official.credentials.get()
    data.update(
        {
            "assignments-TOTAL_FORMS": "1",
            "assignments-INITIAL_FORMS": "1",
            "assignments-0-id": post.pk,
            "assignments-0-official": official.pk,
            "assignments-0-position": post.position_id,
            "assignments-0-commune": post.commune_id,
            "assignments-0-start_date": post.start_date.strftime("%d/%m/%Y"),
            "assignments-0-version": post.version,
            "credentials-TOTAL_FORMS": "1",
            "credentials-INITIAL_FORMS": "1",
            "credentials-0-id": credential.pk,
            "credentials-0-official": official.pk,
            "credentials-0-dimension": credential.dimension,
            "credentials-0-level": credential.level,
            "credentials-0-field": credential.field,
            "credentials-0-verification": credential.verification,
            "credentials-0-version": credential.version,
        }
    )
    return data


def test_the_admin_refuses_the_second_save_too(superuser, district_staff, officials):
    official = officials["nhan_ly"]
    url = f"/admin/officials/official/{official.pk}/change/"
    loaded = _admin_form(official)
    first = client_for(district_staff).post(url, {**loaded, "full_name": "Hoàng Văn Bình"})
    assert first.status_code == 302, first.content.decode()[:2000]
    refused = client_for(superuser).post(url, {**loaded, "full_name": "Hoàng Văn Bính"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "phongnoivu đã lưu bản ghi này" in page
    assert 'value="Hoàng Văn Bính"' in page
    assert Official.objects.get(pk=official.pk).full_name == "Hoàng Văn Bình"
