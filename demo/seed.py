"""The demo: Huyện Chi Lăng of the seed article (demo/seed_chilang.py) and a login per role."""

from django.contrib.auth import get_user_model
from django.db import transaction

from cadre_registry.db import analyze
from demo.seed_chilang import seed_district
from demo.seed_reform import seed_reform
from officials.models import Assignment, Credential, Official
from officials.services import position_abolition_apply
from units.loader import load_units
from units.models import AdministrativeUnit, Dataset

DEMO_PROVINCE = "20"
DEMO_DISTRICT = "187"
DEMO_PASSWORD = "demo-chilang-2022"  # noqa: S105 (printed on purpose: demo only)

DEMO_USERS = [
    # username, role (None: superuser), unit code (legacy; 2025 for province staff), description
    ("admin", None, "", "superuser (admin site)"),
    ("phongnoivu", "district_staff", "187", "district staff of Huyện Chi Lăng (187)"),
    ("nhanly", "commune_secretary", "06496", "commune secretary of Xã Nhân Lý (06496)"),
    ("xem", "viewer", "187", "viewer of Huyện Chi Lăng (187), read only"),
    ("sonoivu", "province_staff", "20", "province staff (Sở Nội vụ) of Lạng Sơn (20), both sets"),
]


@transaction.atomic
def seed_demo() -> list[tuple[str, str, str]]:
    """Create the demo district once (a second run adds nothing) and refresh the demo logins."""
    load_units(provinces=[DEMO_PROVINCE])
    district = AdministrativeUnit.objects.get(dataset=Dataset.LEGACY, code=DEMO_DISTRICT)
    if not Assignment.all_objects.filter(commune__parent=district).exists():
        seed_district()
        analyze(AdministrativeUnit, Official, Assignment, Credential)
    # The same step as the data migration: posts of an abolished position end on that date.
    positions = Assignment._meta.get_field("position").related_model
    for position in positions.objects.filter(abolished_on__isnull=False):
        position_abolition_apply(position=position, actor=None)
    seed_reform()  # the demo continues to today (DESIGN §11.6)
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
            dataset = Dataset.Y2025 if role == "province_staff" else Dataset.LEGACY
            unit = AdministrativeUnit.objects.get(dataset=dataset, code=unit_code)
            user, _grant, _new = grant_role(username=username, role=role, unit=unit)
        user.set_password(DEMO_PASSWORD)
        user.save()
        logins.append((username, DEMO_PASSWORD, description))
    return logins
