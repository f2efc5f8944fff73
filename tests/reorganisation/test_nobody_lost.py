"""Done-when of the reorganisation issue: a whole province imported as of 2024, reorganised with
the default proposal, leaves nobody out."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from officials.models import Assignment
from reorganisation.services import placement_report, proposal, reorganisation_apply
from spreadsheets.services import import_roster
from tests.reorganisation.test_service import decisions_of
from tests.spreadsheets.conftest import HEADERS, KEYS, person
from units.models import AdministrativeUnit, Dataset

JUNE_30 = datetime.date(2025, 6, 30)
JULY = datetime.date(2025, 7, 1)
POSTS = [
    ("Chủ tịch Uỷ ban nhân dân", "Luật"),
    ("Tài chính - kế toán", "Kế toán"),
    ("Chỉ huy trưởng Ban Chỉ huy Quân sự", "Quân sự cơ sở"),
    ("Tư pháp - hộ tịch", "Luật"),
]


def _roster(province) -> bytes:
    """Every legacy commune of the province with four posts, one person holding two posts, and
    one post that ended before 2024: the roster as the province kept it in 2024."""
    import csv
    import io

    rows, n = [], 0
    communes = AdministrativeUnit.objects.communes_under(province).order_by("code")
    for commune in communes:
        for position, field in POSTS:
            n += 1
            rows.append(
                person(
                    n,
                    commune_code=commune.code,
                    position=position,
                    professional_field=field,
                    start_date="01/03/2021",
                )
            )
    first = rows[0]
    rows.append(dict(first, position="Bí thư Đảng uỷ", start_date="01/10/2020"))
    rows.append(person(n + 1, commune_code=communes[0].code, end_date="01/01/2023"))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([row.get(key, "") for key in KEYS])
    return out.getvalue().encode("utf-8-sig")


@pytest.mark.django_db
def test_a_province_imported_as_of_2024_loses_nobody(chi_lang):
    province = chi_lang.parent
    user = get_user_model().objects.create_superuser("quantri")
    imported = import_roster(
        _roster(province),
        "lang_son_2024.csv",
        user=user,
        dry_run=False,
        today=datetime.date(2024, 12, 31),
    )
    assert imported.committed, imported.file_error or imported.summary()
    before = set(
        Assignment.objects.in_post_on(JUNE_30)
        .filter(commune__dataset=Dataset.LEGACY)
        .values_list("official", flat=True)
    )
    worksheet = proposal(province=province)
    reorganisation_apply(province=province, decisions=decisions_of(worksheet.rows), actor=user)
    report = placement_report(province=province)
    after = set(
        Assignment.objects.in_post_on(JULY)
        .filter(commune__dataset=Dataset.Y2025)
        .values_list("official", flat=True)
    )
    listed = {line.citizen_id for line in report.not_placed}
    commanders = {row.citizen_id for row in worksheet.rows if row.reason}
    assert report.lost == [] and report.waiting == 0
    assert report.in_post_before == len(before)
    assert (
        listed == commanders
        and len(listed) == AdministrativeUnit.objects.communes_under(province).count()
    )
    assert before <= after | {
        pk
        for pk, cid in Assignment.objects.values_list("official", "official__citizen_id")
        if cid in listed
    }
    assert report.placed == len(after)
    assert all(line.percent is not None for line in report.communes if line.placed)
    assert {line.commune.name for line in report.communes} >= {"Xã Nhân Lý", "Xã Quan Sơn"}
