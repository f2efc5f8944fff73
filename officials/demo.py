"""A small deterministic demo data set in Huyện Chi Lăng (the seed district issue extends it)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from officials.models import Assignment, Credential, Gender, Official
from standards.models import Position
from units.loader import load_units
from units.models import AdministrativeUnit, CommuneClass, Dataset

DEMO_PROVINCE = "20"
DEMO_PASSWORD = "demo-chilang-2022"  # noqa: S105 (printed on purpose: demo only)

# commune code, class, special area
COMMUNES = [
    ("06463", CommuneClass.I, True),
    ("06466", CommuneClass.II, True),
    ("06496", CommuneClass.II, True),
]

# citizen ID, name, birth, gender, ethnicity, commune, position, start, credentials
OFFICIALS = [
    (
        "020070001234",
        "Nguyễn Văn Nhiên",
        "1970-03-12",
        Gender.MALE,
        "Kinh",
        "06466",
        "party_secretary",
        "2015-10-01",
        [
            ("general_education", "upper_secondary", ""),
            ("professional", "bachelor", "Luật"),
            ("political_theory", "advanced", ""),
        ],
    ),
    (
        "020082004567",
        "Hoàng Thị Lan",
        "1982-07-25",
        Gender.FEMALE,
        "Tày",
        "06466",
        "finance_accounting",
        "2016-02-15",
        [
            ("general_education", "upper_secondary", ""),
            ("professional", "bachelor", "Kế toán"),
            ("it", "basic", ""),
        ],
    ),
    (
        "020088007890",
        "Lường Văn Sơn",
        "1988-11-02",
        Gender.MALE,
        "Nùng",
        "06466",
        "culture_social",
        "2018-06-01",
        [("general_education", "upper_secondary", ""), ("professional", "intermediate", "Văn hoá")],
    ),
    (
        "020068002345",
        "Vi Công Hậu",
        "1968-01-20",
        Gender.MALE,
        "Tày",
        "06496",
        "party_secretary",
        "2015-10-01",
        [
            ("general_education", "upper_secondary", ""),
            ("professional", "bachelor", "Kinh tế"),
            ("political_theory", "advanced", ""),
        ],
    ),
    (
        "020090005678",
        "Lộc Thị Hằng",
        "1990-05-09",
        Gender.FEMALE,
        "Nùng",
        "06496",
        "justice_civil_status",
        "2017-09-01",
        [
            ("general_education", "upper_secondary", ""),
            ("professional", "bachelor", "Luật"),
            ("it", "cert_a", ""),
        ],
    ),
    (
        "020079003456",
        "Đinh Văn Tuấn",
        "1979-12-30",
        Gender.MALE,
        "Kinh",
        "06463",
        "committee_chair",
        "2016-07-01",
        [
            ("general_education", "upper_secondary", ""),
            ("professional", "bachelor", "Quản lý đất đai"),
            ("political_theory", "intermediate", ""),
        ],
    ),
]

DEMO_USERS = [
    # username, role (None: superuser), legacy unit code, description
    ("admin", None, "", "superuser (admin site)"),
    ("phongnoivu", "district_staff", "187", "district staff of Huyện Chi Lăng (187)"),
    ("nhanly", "commune_secretary", "06496", "commune secretary of Xã Nhân Lý (06496)"),
    ("xem", "viewer", "187", "viewer of Huyện Chi Lăng (187), read only"),
]


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@transaction.atomic
def seed_demo() -> list[tuple[str, str, str]]:
    """Create or refresh the demo data and logins; return (username, password, role) rows."""
    load_units(provinces=[DEMO_PROVINCE])
    communes = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(
            dataset=Dataset.LEGACY, code__in=[code for code, *_ in COMMUNES]
        )
    }
    for code, commune_class, special in COMMUNES:
        unit = communes[code]
        if (unit.commune_class, unit.special_area) != (commune_class, special):
            unit.commune_class, unit.special_area = commune_class, special
            unit.save()
    positions = {p.code: p for p in Position.objects.all()}
    for cid, name, birth, gender, ethnicity, commune, position, start, credentials in OFFICIALS:
        official, _ = Official.objects.update_or_create(
            citizen_id=cid,
            defaults={
                "full_name": name,
                "date_of_birth": _date(birth),
                "gender": gender,
                "ethnicity": ethnicity,
            },
        )
        Assignment.objects.get_or_create(
            official=official,
            position=positions[position],
            commune=communes[commune],
            start_date=_date(start),
        )
        for dimension, level, field in credentials:
            Credential.objects.get_or_create(
                official=official,
                dimension=dimension,
                level=level,
                defaults={"field": field, "awarded_on": None},
            )
    return _demo_logins()


def _demo_logins() -> list[tuple[str, str, str]]:
    from accounts.services import grant_role

    logins = []
    User = get_user_model()
    for username, role, unit_code, description in DEMO_USERS:
        if role is None:
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = user.is_superuser = True
        else:
            unit = AdministrativeUnit.objects.get(dataset=Dataset.LEGACY, code=unit_code)
            user, _grant, _new = grant_role(username=username, role=role, unit=unit)
        user.set_password(DEMO_PASSWORD)
        user.save()
        logins.append((username, DEMO_PASSWORD, description))
    return logins
