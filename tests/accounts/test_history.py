"""Every change shows in the official's history with its author; removal is soft and reversible."""

from officials.models import Official
from tests.personas import client_for


def _official_data(official, **changes):
    data = {
        "full_name": official.full_name,
        "citizen_id": official.citizen_id,
        "date_of_birth": official.date_of_birth.strftime("%d/%m/%Y"),
        "gender": official.gender,
        "ethnicity": official.ethnicity,
        "party_joined_on": "",
        "phone": "",
        "version": official.version,
    }
    data.update(changes)
    return data


def test_edits_in_the_app_and_the_admin_show_who_changed_what(secretary, district_staff, officials):
    official = officials["nhan_ly"]
    old_name = official.full_name
    clerk = client_for(secretary)
    clerk.post(f"/officials/{official.pk}/edit/", _official_data(official, ethnicity="Tày"))
    official.refresh_from_db()
    staff = client_for(district_staff)
    staff.post(
        f"/officials/{official.pk}/edit/", _official_data(official, full_name="Lương Thị Mai")
    )
    staff.post(
        f"/officials/{official.pk}/credentials/add/",
        {"dimension": "political_theory", "level": "intermediate"},
    )
    page = clerk.get(f"/officials/{official.pk}/history/").content.decode()
    assert "nhanly" in page and "phongnoivu" in page
    assert f"{old_name} → Lương Thị Mai" in page
    assert "Kinh → Tày" in page
    assert "Lý luận chính trị" in page


def test_viewers_read_the_history_with_the_citizen_id_masked(viewer, district_staff, officials):
    official = officials["nhan_ly"]
    client_for(district_staff).post(
        f"/officials/{official.pk}/edit/", _official_data(official, citizen_id="020099000111")
    )
    page = client_for(viewer).get(f"/officials/{official.pk}/history/").content.decode()
    assert "020099000111" not in page
    assert "••••••••0111" in page


def test_removed_officials_vanish_until_a_superuser_restores_them(
    district_staff, superuser, officials
):
    official = officials["nhan_ly"]
    staff = client_for(district_staff)
    assert staff.post(f"/officials/{official.pk}/remove/").status_code == 302
    assert Official.all_objects.filter(pk=official.pk).exists()
    assert staff.get(f"/officials/{official.pk}/").status_code == 404
    assert f">{official.full_name}</a>" not in staff.get("/officials/").content.decode()
    assert official.full_name not in staff.get("/admin/officials/official/").content.decode()

    admin = client_for(superuser)
    history = admin.get(f"/officials/{official.pk}/history/").content.decode()
    assert "phongnoivu" in history and "Khôi phục" in history
    admin.post(f"/officials/{official.pk}/restore/")
    assert staff.get(f"/officials/{official.pk}/").status_code == 200


def test_only_a_superuser_deletes_for_good(district_staff, superuser, officials):
    official = officials["nhan_ly"]
    url = f"/admin/officials/official/{official.pk}/delete/"
    assert client_for(district_staff).post(url, {"post": "yes"}).status_code == 403
    assert Official.all_objects.filter(pk=official.pk).exists()
    assert client_for(superuser).post(url, {"post": "yes"}).status_code == 302
    assert not Official.all_objects.filter(pk=official.pk).exists()
