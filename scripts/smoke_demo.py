"""Smoke test of the `make run` path on a fresh SQLite database: migrate, seed twice, pages."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="cadre-registry-smoke-")
    os.environ.update(DEBUG="1", DATABASE_URL=f"sqlite:///{tmp}/demo.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_registry.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from demo.seed import DEMO_PASSWORD
    from officials.models import Official

    call_command("migrate", verbosity=0)
    call_command("load_units", province=["20"])
    call_command("seed_demo")
    first = Official.objects.count()
    call_command("seed_demo")
    checks = {
        "demo data loaded": first > 0,
        "seed_demo twice adds nothing": Official.objects.count() == first,
    }
    client = Client()
    checks["/healthz answers 200"] = client.get("/healthz").status_code == 200
    login = client.get("/accounts/login/")
    checks["login page in Vietnamese"] = "Đăng nhập" in login.content.decode()
    checks["demo login works"] = client.login(username="admin", password=DEMO_PASSWORD)
    checks["home page answers 200"] = client.get("/").status_code == 200
    checks["admin answers 200"] = client.get("/admin/").status_code == 200
    staff = Client()
    checks["district login works"] = staff.login(username="phongnoivu", password=DEMO_PASSWORD)
    page = staff.get("/", {"as_of": "2022-05-24"}).content.decode()
    checks["district dashboard shows 83,37 % on 24/05/2022"] = "83,37 %" in page
    checks["the trend shows 61,21 % on 31/12/2015"] = "61,21 %" in page
    catalogue = staff.get("/catalogue/").content.decode()
    checks["catalogue page names the articles"] = "NĐ 33/2023 Điều 10 k2" in catalogue
    checks["quota 23/21/19 from 25/06/2019 (426 on 01/07/2019)"] = _district_quota() == "426"
    province = Client()
    checks["province login works"] = province.login(username="sonoivu", password=DEMO_PASSWORD)
    today = province.get("/").content.decode()
    checks["province dashboard today lists the 2025 communes"] = all(
        name in today for name in ("Xã Chiến Thắng", "Xã Bằng Mạc", "Xã Vạn Linh", "Xã Quan Sơn")
    )
    figures = _today_2025_figures()
    for name in SIX_COMMUNES:
        row = figures.get(name)
        checks[f"{name} today: people in post and a percentage under 2025"] = bool(
            row and int(row["officials"]) > 0 and row["percent"]
        )
    checks["province dashboard today shows the six communes with percentages"] = (
        all(name in today for name in SIX_COMMUNES) and today.count(" %") >= 6
    )
    failed = [name for name, ok in checks.items() if not ok]
    for name, ok in checks.items():
        print(f"smoke: {'ok  ' if ok else 'FAIL'} {name}")
    print(f"smoke: {len(checks) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


SIX_COMMUNES = (
    "Xã Chi Lăng",
    "Xã Chiến Thắng",
    "Xã Bằng Mạc",
    "Xã Nhân Lý",
    "Xã Vạn Linh",
    "Xã Quan Sơn",
)


def _today_2025_figures() -> dict:
    """Return today's rows of the province (2025 data set, regime 2025) by commune name."""
    import csv
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("compliance_report", "--unit", "20", "--regime", "2025", stdout=out)
    rows = csv.DictReader(io.StringIO(out.getvalue()))
    return {row["unit_name"]: row for row in rows if row["unit_level"] == "commune"}


def _district_quota() -> str:
    import csv
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("compliance_report", "--as-of", "2019-07-01", "--unit", "187", stdout=out)
    rows = {row["unit_code"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    return rows["187"]["quota"]


if __name__ == "__main__":
    sys.exit(main())
