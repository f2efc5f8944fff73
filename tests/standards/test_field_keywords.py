"""Field match (DESIGN §5): each default keyword list catches its disciplines and no other."""

import datetime

import pytest

from standards.compliance import question_for, reasons

ON = datetime.date(2024, 1, 1)  # regime 2023: every civil servant's field must match

CASES = {
    "finance_accounting": (
        ["Kế toán", "Tài chính - Ngân hàng", "Kinh tế nông nghiệp", "Kiểm toán", "TÀI CHÍNH CÔNG"],
        ["Kinh tế chính trị", "Luật", "Sư phạm Toán", "Quản lý đất đai"],
    ),
    "justice_civil_status": (
        ["Luật", "Luật kinh tế", "luat hanh chinh"],
        ["Hành chính học", "Kế toán", "Giáo dục chính trị"],
    ),
    "land_construction": (
        ["Quản lý đất đai", "Địa chính", "Xây dựng dân dụng", "Khoa học môi trường", "Trắc địa"],
        ["Xây dựng Đảng và chính quyền nhà nước", "Xây dựng Đảng", "Kế toán", "Văn thư"],
    ),
    "office_statistics": (
        ["Hành chính học", "Văn thư lưu trữ", "Thống kê", "Luật", "Quản trị văn phòng"],
        ["Kinh tế chính trị", "Chính trị học", "Chăn nuôi thú y", "Điện dân dụng"],
    ),
    "culture_social": (
        ["Văn hoá quần chúng", "Văn hóa du lịch", "Công tác xã hội", "Giáo dục thể chất"],
        ["Giáo dục chính trị", "Xây dựng Đảng và chính quyền nhà nước", "Kế toán", "Luật"],
    ),
    "military_commander": (
        ["Quân sự cơ sở", "Chỉ huy tham mưu quân sự"],
        ["Luật", "Giáo dục quốc phòng", "Chính trị quân sự"],
    ),
}


def _matches(reg, commune, position, field):
    person = reg.official()
    reg.hold(person, position, commune)
    reg.cred(person, "general_education", "upper_secondary")
    reg.cred(person, "professional", "bachelor", field=field)
    found = reasons(question_for(ON), officials=[person.pk]).get(person.pk, [])
    return not any(reason.dimension == "professional" for reason in found)


@pytest.mark.parametrize("position", sorted(CASES))
def test_each_default_keyword_list(reg, nhan_ly, position):
    matching, other = CASES[position]
    assert [f for f in matching if not _matches(reg, nhan_ly, position, f)] == []
    assert [f for f in other if _matches(reg, nhan_ly, position, f)] == []


def test_a_field_marked_as_matching_by_staff_matches_despite_an_excluding_phrase(reg, nhan_ly):
    person = reg.official()
    reg.hold(person, "land_construction", nhan_ly)
    reg.cred(person, "general_education", "upper_secondary")
    credential = reg.cred(person, "professional", "bachelor", field="Xây dựng Đảng")
    assert reasons(question_for(ON), officials=[person.pk])
    credential.field_matches = True
    credential.save()
    assert not reasons(question_for(ON), officials=[person.pk])


def test_an_excluding_phrase_added_as_data_takes_effect(reg, nhan_ly):
    from standards.models import ExcludedFieldPhrase

    assert _matches(reg, nhan_ly, "culture_social", "Giáo dục quốc phòng")
    ExcludedFieldPhrase.objects.create(phrase="Quốc phòng")
    assert not _matches(reg, nhan_ly, "culture_social", "Giáo dục quốc phòng")
