"""An official belongs to the communes of their current posts (DESIGN §9, issue 10 item 1).

Each test is an attack that worked while any post ever held, ended, pending or rejected, gave
full rights over the official.
"""

import datetime

import pytest

from accounts import access
from officials.models import Credential, Official, Verification
from standards.models import Position
from tests.factories import AssignmentFactory, CredentialFactory, OfficialFactory
from tests.personas import client_for

TODAY = datetime.date.today()
LEFT_ON = datetime.date(2021, 3, 1)


@pytest.fixture
def moved_to_bac_son(commune, bac_son):
    """An official who served in Nhân Lý until 01/03/2021, then moved to a commune of Bắc Sơn."""
    finance = Position.objects.get(code="finance_accounting")
    official = OfficialFactory(full_name="Lý Thị Chuyển", citizen_id="020085001111")
    AssignmentFactory(
        official=official,
        commune=commune,
        position=finance,
        start_date=datetime.date(2015, 1, 1),
        end_date=LEFT_ON,
        end_reason="transfer",
    )
    AssignmentFactory(
        official=official,
        commune=bac_son.children.order_by("code").first(),
        position=finance,
        start_date=LEFT_ON,
    )
    CredentialFactory(official=official, level="intermediate", awarded_on=datetime.date(2010, 6, 1))
    CredentialFactory(
        official=official,
        dimension="political_theory",
        level="intermediate",
        field="",
        awarded_on=datetime.date(2023, 6, 1),
    )
    return official


def test_district_staff_cannot_edit_verify_or_remove_an_official_who_moved_away(
    district_staff, moved_to_bac_son
):
    client = client_for(district_staff)
    pk = moved_to_bac_son.pk
    assert client.get(f"/officials/{pk}/").status_code == 200  # the history of the period
    # not theirs any more: writes answer as for someone outside the scope
    assert client.get(f"/officials/{pk}/edit/").status_code == 404
    assert client.get(f"/officials/{pk}/remove/").status_code == 404
    assert client.post(f"/officials/{pk}/remove/").status_code == 404
    assert not Official.all_objects.get(pk=pk).is_removed
    assert not access.can_verify_official(district_staff, moved_to_bac_son)
    credential = moved_to_bac_son.credentials.get(awarded_on=datetime.date(2010, 6, 1))
    assert client.get(f"/credentials/{credential.pk}/edit/").status_code == 404
    post = moved_to_bac_son.assignments.get(commune__parent__code="187")
    assert client.get(f"/posts/{post.pk}/edit/").status_code == 404


def test_the_history_page_of_a_moved_official_shows_only_the_period_served_here(
    district_staff, moved_to_bac_son
):
    page = client_for(district_staff).get(f"/officials/{moved_to_bac_son.pk}/").content.decode()
    assert "Nhân Lý" in page
    assert (
        "Bắc Sơn" not in page
        and moved_to_bac_son.assignments.filter(commune__parent__code="185").get().commune.name
        not in page
    )
    assert moved_to_bac_son.citizen_id not in page  # masked, as for readers
    visible = set(access.credentials_visible_to(district_staff).filter(official=moved_to_bac_son))
    # the 2023 credential was earned after the official left Chi Lăng
    assert {c.awarded_on for c in visible} == {datetime.date(2010, 6, 1)}
    assert f"/officials/{moved_to_bac_son.pk}/edit/" not in page
    assert "history-only" in page


def test_the_new_district_gets_full_rights(bac_son_staff, moved_to_bac_son):
    assert access.can_edit_official(bac_son_staff, moved_to_bac_son)
    assert access.can_remove_official(bac_son_staff, moved_to_bac_son)
    assert (
        access.credentials_visible_to(bac_son_staff).filter(official=moved_to_bac_son).count() == 2
    )
    page = client_for(bac_son_staff).get(f"/officials/{moved_to_bac_son.pk}/").content.decode()
    assert "Nhân Lý" not in page  # the other district's posts are not Bắc Sơn's
    assert "history-only" not in page


def test_a_rejected_post_gives_the_secretary_nothing(secretary, commune, district_staff):
    from accounts import entries

    official = OfficialFactory(full_name="Người Bị Gắn", citizen_id="020085002222")
    post = AssignmentFactory(official=official, commune=commune, verification=Verification.PENDING)
    client = client_for(secretary)
    assert client.get(f"/officials/{official.pk}/").status_code == 200
    entries.entry_reject(entry=post, reason="Không phải người của xã", actor=district_staff)
    access.forget_grants(secretary)
    assert client.get(f"/officials/{official.pk}/").status_code == 404
    assert client.get(f"/officials/{official.pk}/edit/").status_code == 404
    assert not access.officials_visible_to(secretary).filter(pk=official.pk).exists()


def test_a_post_starting_later_already_gives_rights(secretary, commune):
    official = OfficialFactory(citizen_id="020085003333")
    AssignmentFactory(official=official, commune=commune, start_date=TODAY + datetime.timedelta(30))
    assert access.can_edit_official(secretary, official)


def test_a_secretary_cannot_add_credentials_to_someone_who_left_her_commune(secretary, commune):
    official = OfficialFactory(citizen_id="020085004444")
    AssignmentFactory(official=official, commune=commune, end_date=TODAY - datetime.timedelta(1))
    client = client_for(secretary)
    assert client.get(f"/officials/{official.pk}/").status_code == 200
    data = {"dimension": "it", "level": "basic", "field": "", "language": ""}
    response = client.post(f"/officials/{official.pk}/credentials/add/", data)
    assert response.status_code == 404
    assert not Credential.objects.filter(official=official, dimension="it").exists()


def test_the_official_page_shows_no_compliance_of_posts_in_other_districts(
    district_staff, chi_lang_town, bac_son
):
    official = OfficialFactory(citizen_id="020085005555")
    AssignmentFactory(official=official, commune=chi_lang_town)
    far = bac_son.children.order_by("code").first()
    AssignmentFactory(
        official=official, commune=far, position=Position.objects.get(code="culture_social")
    )
    page = client_for(district_staff).get(f"/officials/{official.pk}/").content.decode()
    assert chi_lang_town.name in page
    assert far.name not in page
    assert "Văn hoá - xã hội" not in page and "Văn hóa - xã hội" not in page
