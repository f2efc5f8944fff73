"""DESIGN §9 admin site: end posts, transfer or rotate officials, set the class or area of communes,
each through a confirmation page, all or nothing, recorded in history with the user."""

import datetime
import re
import time

import pytest

from accounts.models import Role
from accounts.services import grant_role
from officials.models import Assignment, Official
from standards.models import Position
from tests.factories import AssignmentFactory
from tests.personas import client_for
from units.models import AdministrativeUnit

POSTS = "/admin/officials/assignment/"
OFFICIALS = "/admin/officials/official/"
UNITS = "/admin/units/administrativeunit/"
D = datetime.date


def _hidden(page) -> dict:
    """Return the hidden inputs of the confirmation page, as the browser would send them."""
    data: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.content.decode()
    ):
        data.setdefault(name, []).append(value)
    data.pop("csrfmiddlewaretoken", None)
    return data


def _confirm(client, url, action, pks, **params):
    """Open the confirmation page of `action` for `pks`, then confirm it with `params`."""
    page = client.post(url, {"action": action, "_selected_action": pks})
    assert page.status_code == 200
    return page, client.post(url, {**_hidden(page), **params})


def _posts(communes, count, **kwargs):
    return [AssignmentFactory(commune=communes[i % len(communes)], **kwargs) for i in range(count)]


def _text(response) -> str:
    return response.content.decode()


# End posts ------------------------------------------------------------------------------------


def test_district_staff_end_30_posts_on_30_06_2025_with_end_of_term(district_staff, chi_lang):
    communes = list(chi_lang.children.order_by("code")[:5])
    posts = _posts(communes, 30)
    client = client_for(district_staff)
    page, done = _confirm(
        client,
        POSTS,
        "end_selected_posts",
        [p.pk for p in posts],
        on="30/06/2025",
        reason="end_of_term",
    )
    assert posts[0].official.full_name in _text(page)
    assert "30 dòng sẽ thay đổi" in _text(page)
    assert "Ngày kết thúc" in _text(page) and "Lý do kết thúc" in _text(page)
    assert done.status_code == 200
    assert "Hết nhiệm kỳ" in _text(done)
    ended = Assignment.objects.filter(pk__in=[p.pk for p in posts])
    assert set(ended.values_list("end_date", "end_reason")) == {(D(2025, 6, 30), "end_of_term")}
    assert set(ended.values_list("verification", flat=True)) == {"verified"}
    record = Assignment.history.filter(id=posts[0].pk).latest("history_date")
    assert record.history_user == district_staff and record.end_date == D(2025, 6, 30)
    official = client.get(f"/officials/{posts[0].official_id}/")
    assert "Hết nhiệm kỳ" in _text(official)
    history = client.get(f"/officials/{posts[0].official_id}/history/")
    assert district_staff.username in _text(history) and "30/06/2025" in _text(history)


def test_one_refused_post_changes_nothing_and_says_why(district_staff, commune):
    kept = _posts([commune], 2)
    police = AssignmentFactory(commune=commune, position=Position.objects.get(code="police_chief"))
    late = AssignmentFactory(commune=commune, start_date=D(2025, 1, 1))
    _page, done = _confirm(
        client_for(district_staff),
        POSTS,
        "end_selected_posts",
        [p.pk for p in [*kept, police, late]],
        on="01/12/2024",
        reason="retirement",
    )
    text = _text(done)
    assert "Không có gì thay đổi" in text
    assert "01/08/2023" in text  # police chief abolished
    assert "01/01/2025" in text  # starts after the date
    assert not Assignment.objects.filter(end_date__isnull=False).exists()


def test_a_post_with_an_end_date_keeps_it(district_staff, commune):
    open_post = AssignmentFactory(commune=commune)
    ended = AssignmentFactory(commune=commune, end_date=D(2020, 5, 1), end_reason="retirement")
    _page, done = _confirm(
        client_for(district_staff),
        POSTS,
        "end_selected_posts",
        [open_post.pk, ended.pk],
        on="30/06/2025",
        reason="end_of_term",
    )
    assert "chức vụ đã có ngày kết thúc (01/05/2020)" in _text(done)
    ended.refresh_from_db()
    open_post.refresh_from_db()
    assert (ended.end_date, ended.end_reason) == (D(2020, 5, 1), "retirement")
    assert open_post.end_date is None


def test_a_legacy_commune_post_ends_by_01_07_2025_at_the_latest(district_staff, commune):
    post = AssignmentFactory(commune=commune)
    client = client_for(district_staff)
    _page, late = _confirm(
        client, POSTS, "end_selected_posts", [post.pk], on="02/07/2025", reason="resignation"
    )
    assert "01/07/2025" in _text(late)
    post.refresh_from_db()
    assert post.end_date is None
    _confirm(client, POSTS, "end_selected_posts", [post.pk], on="01/07/2025", reason="resignation")
    post.refresh_from_db()
    assert post.end_date == D(2025, 7, 1)


def test_a_post_changed_after_the_page_was_opened_is_refused(district_staff, commune):
    post = AssignmentFactory(commune=commune)
    client = client_for(district_staff)
    page = client.post(POSTS, {"action": "end_selected_posts", "_selected_action": [post.pk]})
    post.note = "sửa ở nơi khác"
    post.save()
    done = client.post(POSTS, {**_hidden(page), "on": "30/06/2025", "reason": "end_of_term"})
    assert "người khác đã sửa sau khi trang này được mở" in _text(done)
    post.refresh_from_db()
    assert post.end_date is None


def test_a_post_in_a_commune_the_staff_only_read_is_refused(district_staff, commune, bac_son):
    grant_role(username=district_staff.username, role=Role.VIEWER, unit=bac_son)
    outside = AssignmentFactory(commune=bac_son.children.order_by("code").first())
    inside = AssignmentFactory(commune=commune)
    _page, done = _confirm(
        client_for(district_staff),
        POSTS,
        "end_selected_posts",
        [outside.pk, inside.pk],
        on="30/06/2025",
        reason="end_of_term",
    )
    assert outside.commune.name in _text(done)
    assert not Assignment.objects.filter(end_date__isnull=False).exists()


def test_a_bad_date_is_a_form_error(district_staff, commune):
    post = AssignmentFactory(commune=commune)
    _page, done = _confirm(
        client_for(district_staff),
        POSTS,
        "end_selected_posts",
        [post.pk],
        on="31/02/2025",
        reason="end_of_term",
    )
    assert done.status_code == 200
    assert "errorlist" in _text(done)
    post.refresh_from_db()
    assert post.end_date is None


# Transfer and rotation ------------------------------------------------------------------------


def test_district_staff_transfer_5_officials_to_another_commune_on_01_03_2024(
    district_staff, commune, chi_lang_town
):
    posts = _posts([commune], 5)
    people = [p.official for p in posts]
    client = client_for(district_staff)
    page, done = _confirm(
        client,
        OFFICIALS,
        "move_selected_officials",
        [o.pk for o in people],
        reason="transfer",
        on="01/03/2024",
        commune="06466",
    )
    assert people[0].full_name in _text(page) and commune.name in _text(page)
    assert done.status_code == 200
    assert chi_lang_town.name in _text(done)
    for post in posts:
        post.refresh_from_db()
        assert (post.end_date, post.end_reason) == (D(2024, 3, 1), "transfer")
        new = Assignment.objects.get(official=post.official, commune=chi_lang_town)
        assert (new.start_date, new.position_id, new.end_date) == (
            D(2024, 3, 1),
            post.position_id,
            None,
        )
        assert new.history.get().history_user == district_staff
        assert post.history.latest("history_date").history_user == district_staff
    history = client.get(f"/officials/{people[0].pk}/history/")
    assert district_staff.username in _text(history) and chi_lang_town.name in _text(history)


def test_rotation_keeps_the_return_date_and_the_chosen_position(
    district_staff, commune, chi_lang_town
):
    post = AssignmentFactory(commune=commune)
    client = client_for(district_staff)
    vice_chair = Position.objects.get(code="committee_vice_chair")
    _confirm(
        client,
        OFFICIALS,
        "move_selected_officials",
        [post.official_id],
        reason="rotation",
        on="01/03/2024",
        commune="06466",
        position=vice_chair.pk,
        return_on="01/03/2027",
    )
    new = Assignment.objects.get(official=post.official, commune=chi_lang_town)
    assert new.position == vice_chair and "01/03/2027" in new.note
    post.refresh_from_db()
    assert post.end_reason == "rotation"
    page = client.get(f"/officials/{post.official_id}/")
    assert "Luân chuyển" in _text(page) and "01/03/2027" in _text(page)


def test_an_official_not_in_post_on_the_date_stops_the_whole_move(
    district_staff, commune, chi_lang_town
):
    ready = AssignmentFactory(commune=commune)
    later = AssignmentFactory(commune=commune, start_date=D(2024, 6, 1))
    _page, done = _confirm(
        client_for(district_staff),
        OFFICIALS,
        "move_selected_officials",
        [ready.official_id, later.official_id],
        reason="transfer",
        on="01/03/2024",
        commune="06466",
    )
    assert later.official.full_name in _text(done) and "01/03/2024" in _text(done)
    assert not Assignment.objects.filter(commune=chi_lang_town).exists()
    assert not Assignment.objects.filter(end_date__isnull=False).exists()


def test_a_move_into_an_abolished_position_or_a_ceased_commune_is_refused(district_staff, commune):
    post = AssignmentFactory(commune=commune)
    client = client_for(district_staff)
    police = Position.objects.get(code="police_chief")
    _page, abolished = _confirm(
        client,
        OFFICIALS,
        "move_selected_officials",
        [post.official_id],
        reason="transfer",
        on="01/03/2024",
        commune="06466",
        position=police.pk,
    )
    assert "01/08/2023" in _text(abolished)
    # After the reform the code reads as the 2025 Xã Nhân Lý, which district staff of a legacy
    # district do not edit unless also granted a 2025 unit (DESIGN §9).
    _page, ceased = _confirm(
        client,
        OFFICIALS,
        "move_selected_officials",
        [post.official_id],
        reason="transfer",
        on="01/08/2025",
        commune="06496",
    )
    assert "Xã Nhân Lý nằm ngoài các xã bạn được sửa" in _text(ceased)
    _page, gone = _confirm(
        client,
        OFFICIALS,
        "move_selected_officials",
        [post.official_id],
        reason="transfer",
        on="01/08/2025",
        commune="06466",  # Thị trấn Chi Lăng, legacy only
    )
    # The unit resolver says when the town ceased and which commune succeeded it (DESIGN §11.1).
    assert "chỉ tồn tại đến hết ngày 30/06/2025" in _text(gone)
    assert "Xã Chi Lăng" in _text(gone)
    assert Assignment.objects.count() == 1
    post.refresh_from_db()
    assert post.end_date is None


def test_an_official_in_post_in_two_communes_is_refused_without_naming_the_other(
    district_staff, commune, chi_lang_town, bac_son
):
    post = AssignmentFactory(commune=commune)
    elsewhere = bac_son.children.order_by("code").first()
    AssignmentFactory(official=post.official, commune=elsewhere)
    page, done = _confirm(
        client_for(district_staff),
        OFFICIALS,
        "move_selected_officials",
        [post.official_id],
        reason="transfer",
        on="01/03/2024",
        commune="06466",
    )
    assert commune.name in _text(page) and elsewhere.name not in _text(page)
    assert "giữ chức vụ ở 2 xã vào ngày 01/03/2024" in _text(done)
    assert elsewhere.name not in _text(done)
    assert not Assignment.objects.filter(commune=chi_lang_town).exists()


def test_an_unknown_commune_code_is_a_form_error(district_staff, commune):
    post = AssignmentFactory(commune=commune)
    _page, done = _confirm(
        client_for(district_staff),
        OFFICIALS,
        "move_selected_officials",
        [post.official_id],
        reason="transfer",
        on="01/03/2024",
        commune="99999",
    )
    assert "99999" in _text(done) and "errorlist" in _text(done)
    assert Assignment.objects.count() == 1


# Commune class and special area ---------------------------------------------------------------


def test_district_staff_set_10_communes_to_class_ii(district_staff, chi_lang):
    communes = list(chi_lang.children.order_by("code")[:10])
    client = client_for(district_staff)
    page, done = _confirm(
        client,
        UNITS,
        "set_commune_class",
        [c.pk for c in communes],
        commune_class="II",
        special_area="yes",
    )
    assert communes[0].name in _text(page)
    assert done.status_code == 200
    for unit in AdministrativeUnit.objects.filter(pk__in=[c.pk for c in communes]):
        assert (unit.commune_class, unit.special_area) == ("II", True)
        assert unit.history.latest("history_date").history_user == district_staff
    history = client.get(f"{UNITS}{communes[0].pk}/history/")
    assert district_staff.username in _text(history)


def test_class_and_area_are_refused_outside_the_staff_units(district_staff, chi_lang, bac_son):
    grant_role(username=district_staff.username, role=Role.VIEWER, unit=bac_son)
    mine = chi_lang.children.order_by("code").first()
    theirs = bac_son.children.order_by("code").first()
    _page, done = _confirm(
        client_for(district_staff),
        UNITS,
        "set_commune_class",
        [mine.pk, theirs.pk, chi_lang.pk],
        commune_class="I",
    )
    assert theirs.name in _text(done) and chi_lang.name in _text(done)
    assert not AdministrativeUnit.objects.filter(commune_class="I").exists()


def test_choosing_nothing_to_set_is_a_form_error(district_staff, chi_lang):
    unit = chi_lang.children.order_by("code").first()
    _page, done = _confirm(client_for(district_staff), UNITS, "set_commune_class", [unit.pk])
    assert "errorlist" in _text(done)


# Export the selection -------------------------------------------------------------------------


def test_export_the_selected_posts_in_the_roster_layout(district_staff, commune, bac_son):
    grant_role(username=district_staff.username, role=Role.VIEWER, unit=bac_son)
    mine = AssignmentFactory(commune=commune)
    theirs = AssignmentFactory(commune=bac_son.children.order_by("code").first())
    AssignmentFactory(commune=commune)  # not selected
    client = client_for(district_staff)
    page, done = _confirm(client, POSTS, "export_selected", [mine.pk, theirs.pk], format="csv")
    assert done["Content-Disposition"].startswith("attachment")
    text = done.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Mã ĐVHC") and len(lines) == 3
    assert mine.official.citizen_id in text  # the staff's own district: in full
    assert theirs.official.citizen_id not in text  # read-only scope: masked
    assert theirs.official.citizen_id[-4:] in text


def test_export_the_selected_communes_on_a_date(district_staff, commune):
    AssignmentFactory(commune=commune)
    AssignmentFactory(commune=commune, start_date=D(2023, 1, 1))
    _page, done = _confirm(
        client_for(district_staff),
        UNITS,
        "export_selected",
        [commune.pk],
        as_of="01/06/2022",
        format="csv",
    )
    assert len(done.content.decode("utf-8-sig").strip().splitlines()) == 2


# A few hundred rows -----------------------------------------------------------------------------


@pytest.fixture
def many_posts(chi_lang):
    communes = list(chi_lang.children.order_by("code"))
    officials = Official.objects.bulk_create(
        Official(
            full_name=f"Cán bộ {n}",
            date_of_birth=D(1980, 1, 1),
            gender="male",
            citizen_id=f"{20090000000 + n:012d}",
            search_key=f"can bo {n}",
        )
        for n in range(300)
    )
    position = Position.objects.get(code="finance_accounting")
    return Assignment.objects.bulk_create(
        Assignment(
            official=o,
            position=position,
            commune=communes[n % len(communes)],
            start_date=D(2016, 1, 1),
        )
        for n, o in enumerate(officials)
    )


def test_ending_300_posts_takes_a_bounded_number_of_queries(
    district_staff, many_posts, django_assert_max_num_queries, capsys
):
    client = client_for(district_staff)
    page = client.post(
        POSTS, {"action": "end_selected_posts", "_selected_action": [p.pk for p in many_posts]}
    )
    data = {**_hidden(page), "on": "30/06/2025", "reason": "end_of_term"}
    started = time.perf_counter()
    with django_assert_max_num_queries(40):
        done = client.post(POSTS, data)
    took = time.perf_counter() - started
    assert "Hết nhiệm kỳ" in _text(done)
    assert Assignment.objects.filter(end_date=D(2025, 6, 30)).count() == 300
    with capsys.disabled():
        print(f"\n[bench] end 300 posts: {took:.3f} s")


def test_moving_300_officials_takes_a_bounded_number_of_queries(
    district_staff, many_posts, chi_lang, django_assert_max_num_queries, capsys
):
    target = AdministrativeUnit.objects.get(dataset="legacy", code="06466")
    people = [p.official_id for p in many_posts if p.commune_id != target.pk]
    client = client_for(district_staff)
    page = client.post(OFFICIALS, {"action": "move_selected_officials", "_selected_action": people})
    data = {**_hidden(page), "reason": "transfer", "on": "01/03/2024", "commune": "06466"}
    started = time.perf_counter()
    with django_assert_max_num_queries(40):
        done = client.post(OFFICIALS, data)
    took = time.perf_counter() - started
    assert done.status_code == 200
    assert Assignment.objects.filter(commune=target, start_date=D(2024, 3, 1)).count() == len(
        people
    )
    with capsys.disabled():
        print(f"\n[bench] move {len(people)} officials: {took:.3f} s")


def test_setting_the_class_of_200_communes_takes_a_bounded_number_of_queries(
    superuser, chi_lang, django_assert_max_num_queries, capsys
):
    communes = list(
        AdministrativeUnit.objects.filter(dataset="legacy", level="commune").values_list(
            "pk", flat=True
        )[:200]
    )
    client = client_for(superuser)
    page = client.post(UNITS, {"action": "set_commune_class", "_selected_action": communes})
    data = {**_hidden(page), "commune_class": "III"}
    started = time.perf_counter()
    with django_assert_max_num_queries(30):
        client.post(UNITS, data)
    took = time.perf_counter() - started
    assert AdministrativeUnit.objects.filter(commune_class="III").count() == len(communes)
    with capsys.disabled():
        print(f"\n[bench] class of {len(communes)} communes: {took:.3f} s")
