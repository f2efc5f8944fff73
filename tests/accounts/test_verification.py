"""A commune secretary's entries wait for district staff, who verify or reject with a reason."""

from officials.models import Assignment, Credential
from standards.models import Position
from tests.personas import client_for


def _add_credential(client, official, **extra):
    data = {"dimension": "it", "level": "basic", "field": "", "awarded_on": "12/05/2021"}
    data.update(extra)
    return client.post(f"/officials/{official.pk}/credentials/add/", data)


def test_a_secretarys_credential_waits_and_a_rejection_shows_its_reason(
    secretary, district_staff, officials
):
    official = officials["nhan_ly"]
    clerk, staff = client_for(secretary), client_for(district_staff)
    assert _add_credential(clerk, official).status_code == 302
    entered = Credential.objects.get(official=official, dimension="it")
    assert entered.verification == "pending"
    assert "Chờ xác minh" in clerk.get(f"/officials/{official.pk}/").content.decode()

    queue = staff.get("/verification/").content.decode()
    assert official.full_name in queue and "<td>Tin học</td>" in queue
    staff.post(
        f"/credentials/{entered.pk}/decide/",
        {"decision": "reject", "reason": "Chứng chỉ không có số hiệu"},
    )
    entered.refresh_from_db()
    assert (entered.verification, entered.verification_note) == (
        "rejected",
        "Chứng chỉ không có số hiệu",
    )
    page = clerk.get(f"/officials/{official.pk}/").content.decode()
    assert "Bị từ chối: Chứng chỉ không có số hiệu" in page
    assert "<td>Tin học</td>" not in staff.get("/verification/").content.decode()


def test_a_rejection_needs_a_reason(secretary, district_staff, officials):
    official = officials["nhan_ly"]
    _add_credential(client_for(secretary), official)
    entered = Credential.objects.get(official=official, dimension="it")
    page = client_for(district_staff).post(
        f"/credentials/{entered.pk}/decide/", {"decision": "reject", "reason": " "}, follow=True
    )
    assert "Hãy nêu lý do từ chối" in page.content.decode()
    entered.refresh_from_db()
    assert entered.verification == "pending"


def test_a_secretarys_post_change_waits_and_staff_verify_it(secretary, district_staff, officials):
    post = officials["nhan_ly"].assignments.get()
    assert post.verification == "verified"
    response = client_for(secretary).post(
        f"/posts/{post.pk}/edit/",
        {
            "position": post.position_id,
            "commune": post.commune_id,
            "start_date": "01/01/2016",
            "end_date": "31/12/2024",
            "end_reason": "retirement",
            "note": "",
            "version": post.version,
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.verification, str(post.end_date)) == ("pending", "2024-12-31")
    client_for(district_staff).post(f"/posts/{post.pk}/decide/", {"decision": "verify"})
    post.refresh_from_db()
    assert post.verification == "verified"


def test_entries_by_district_staff_need_no_verification(district_staff, officials):
    official = officials["chi_lang_town"]
    _add_credential(client_for(district_staff), official)
    assert Credential.objects.get(official=official, dimension="it").verification == "verified"


def test_a_secretary_cannot_add_a_post_in_another_commune(secretary, officials, chi_lang_town):
    official = officials["nhan_ly"]
    response = client_for(secretary).post(
        f"/officials/{official.pk}/posts/add/",
        {
            "position": Position.objects.get(code="culture_social").pk,
            "commune": chi_lang_town.pk,
            "start_date": "01/02/2023",
        },
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Assignment.objects.filter(commune=chi_lang_town, official=official).exists()


def test_admin_actions_verify_and_reject_with_a_confirmation_page(
    secretary, district_staff, officials
):
    for key in ("nhan_ly", "chi_lang_town"):
        _add_credential(client_for(district_staff), officials[key])
    Credential.objects.filter(dimension="it").update(verification="pending")
    chosen = list(Credential.objects.filter(dimension="it").values_list("pk", flat=True))
    staff = client_for(district_staff)
    url = "/admin/officials/credential/"
    confirm = staff.post(url, {"action": "reject_selected", "_selected_action": chosen})
    assert confirm.status_code == 200
    assert "Lý do từ chối" in confirm.content.decode()
    assert Credential.objects.filter(verification="pending").count() == 2
    staff.post(
        url,
        {
            "action": "reject_selected",
            "_selected_action": chosen,
            "apply": "1",
            "reason": "Thiếu bản sao",
        },
    )
    rejected = Credential.objects.filter(verification="rejected", verification_note="Thiếu bản sao")
    assert rejected.count() == 2
    staff.post(url, {"action": "verify_selected", "_selected_action": chosen, "apply": "1"})
    assert Credential.objects.filter(pk__in=chosen, verification="verified").count() == 2


def test_admin_actions_cannot_reach_rows_outside_the_scope(bac_son_staff, officials):
    outside = officials["nhan_ly"].credentials.get()
    outside.verification = "pending"
    outside.save()
    client_for(bac_son_staff).post(
        "/admin/officials/credential/",
        {"action": "verify_selected", "_selected_action": [outside.pk], "apply": "1"},
    )
    outside.refresh_from_db()
    assert outside.verification == "pending"
