"""Benchmark of the roster import (DESIGN §8) on PostgreSQL.

Run by `make bench` under scripts/with-postgres. Builds a 10,000-row roster (.xlsx, one row per
official per post, a tenth of the officials holding two posts, four to seven credentials a row),
imports it into an empty registry, then imports it again unchanged; prints rows per second and
peak memory and writes them under "import" in var/bench/results.json. Right after the first
import it times the first national compliance report against the hand-written query of
scripts/bench.py (the planner statistics the import leaves behind, issue 12). It works in a
database of its own (cadre_bench_import), created here and dropped afterwards.

    scripts/with-postgres .venv/bin/python scripts/bench_import.py [--rows 170000] [--national]

`--national` spreads the rows over every legacy commune of the country (168,065 rows: about 16
officials each) instead of Lạng Sơn's.
"""

import argparse
import datetime
import gc
import json
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "var" / "bench" / "results.json"
BENCH_DB = os.environ.get("BENCH_IMPORT_DB", "cadre_bench_import")


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "bench_import needs PostgreSQL: run it under scripts/with-postgres or `make bench`."
        )
    return urlunsplit(urlsplit(url)._replace(path=f"/{BENCH_DB}"))


def _admin(url: str, statement: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(statement)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_roster(path: Path, rows: int, seed: int = 5) -> int:
    """Write a roster of `rows` rows over the loaded legacy communes; return its officials."""
    from openpyxl import Workbook

    from spreadsheets.reader import COLUMNS
    from standards.models import Position
    from units.models import AdministrativeUnit

    rng = random.Random(seed)
    communes = list(
        AdministrativeUnit.objects.filter(dataset="legacy", level="commune")
        .values_list("code", flat=True)
        .order_by("code")
    )
    positions = [p.name for p in Position.objects.exclude(code="police_chief").order_by("order")]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(["DANH SÁCH TRÍCH NGANG CÁN BỘ, CÔNG CHỨC CẤP XÃ"])
    sheet.append([])
    sheet.append(["STT", *[column.header for column in COLUMNS]])
    written = person = 0
    while written < rows:
        person += 1
        posts = 2 if person % 10 == 0 and written + 2 <= rows else 1
        commune = communes[person % len(communes)]
        born = datetime.date(1965 + person % 35, 1 + person % 12, 1 + person % 28)
        creds = {
            "general_education": "12/12",
            "professional": rng.choice(["Đại học", "Trung cấp", "Cao đẳng", "Thạc sĩ"]),
            "professional_field": rng.choice(["Kế toán", "Luật", "Hành chính", "Xây dựng"]),
            "political_theory": rng.choice(["Trung cấp", "Sơ cấp", "Cao cấp"]),
            "state_management": rng.choice(["Chuyên viên", "", "Cán sự"]),
            "it": rng.choice(["CNTT cơ bản", "Chứng chỉ A", ""]),
            "foreign_language": rng.choice(["Tiếng Anh B1", "Tiếng Anh A2", ""]),
        }
        for post in range(posts):
            written += 1
            values = {
                "commune_code": commune,
                "full_name": f"Nguyễn Văn Thử {person}",
                "date_of_birth": born,
                "gender": "Nam" if person % 2 else "Nữ",
                "citizen_id": f"{20000000000 + person:012d}",
                "ethnicity": ["Kinh", "Tày", "Nùng"][person % 3],
                "party_member": "x" if person % 3 else "",
                "position": positions[(person + post) % len(positions)],
                "start_date": f"01/{1 + person % 12:02d}/{2010 + person % 12}",
                "end_date": "",
                "commune_class": "",
                "special_area": "",
                "ethnic_language": "",
                **creds,
            }
            sheet.append([written, *[values.get(column.key) or None for column in COLUMNS]])
    sheet.append([])
    sheet.append([None, None, "Người lập biểu", None, None, None, None, "Thủ trưởng đơn vị"])
    book.save(path)
    return person


def timed_import(path: Path) -> tuple[object, float, float]:
    """Import `path`; return the report, the seconds and the peak traced Python memory (MB)."""
    from spreadsheets.services import import_roster

    gc.collect()
    tracemalloc.start()
    started = time.perf_counter()
    with open(path, "rb") as handle:
        report = import_roster(handle, path.name, dry_run=False)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return report, seconds, peak


def untraced_import(path: Path) -> float:
    from spreadsheets.services import import_roster

    started = time.perf_counter()
    with open(path, "rb") as handle:
        report = import_roster(handle, path.name, dry_run=False)
    assert not report.has_errors, report.errors[:5]
    return time.perf_counter() - started


def first_report_seconds() -> dict:
    """Time the first national report after the import beside the hand-written query."""
    from django.db import connection

    from scripts.bench import HAND_SQL, ON
    from standards.compliance import question_for, report

    options = question_for(ON, "2019")
    started = time.perf_counter()
    national = report(options, None, with_unmet=False)
    first = time.perf_counter() - started
    hand = []
    for _ in range(3):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, {"on": ON, "regime": options.regime.pk})
            cursor.fetchall()
        hand.append(time.perf_counter() - started)
    figures = {
        "first_report_officials": national.total.officials,
        "first_report_seconds": round(first, 3),
        "hand_sql_seconds": round(min(hand), 3),
        "first_report_to_hand_sql_ratio": round(first / min(hand), 2),
    }
    print(f"first national report after the import: {figures}", flush=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int)
    parser.add_argument("--national", action="store_true", help="every legacy commune")
    args = parser.parse_args()
    args.rows = args.rows or (168_065 if args.national else 10_000)
    url = _database_url()
    _admin(url, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    _admin(url, f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_registry.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from officials.models import Assignment, Credential, Official
    from units.loader import load_units

    try:
        call_command("migrate", verbosity=0)
        if args.national:
            load_units(datasets=("legacy",))
        else:
            load_units(provinces=["20"])
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "roster.xlsx"
            people = build_roster(path, args.rows)
            size_mb = path.stat().st_size / 1e6
            # Timings without tracemalloc (it slows Python down), then a traced run for memory.
            new_seconds = untraced_import(path)
            print(f"new: {args.rows / new_seconds:.0f} rows/s", flush=True)
            first_report = first_report_seconds()
            counts = (
                Official.objects.count(),
                Assignment.objects.count(),
                Credential.objects.count(),
            )
            if args.national:  # the repeated runs below would take minutes more
                figures = national_figures(args.rows, people, counts, new_seconds, first_report)
                return finish(figures, "import_national")
            unchanged_seconds = untraced_import(path)
            print(f"unchanged: {args.rows / unchanged_seconds:.0f} rows/s", flush=True)
            report, _seconds, unchanged_peak = timed_import(path)
            assert report.nothing_changes, report.summary()
            # Empty the registry the fast way: row-by-row deletes send a history signal each.
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE officials_official CASCADE")
            report, _seconds, new_peak = timed_import(path)
            assert report.counts["new"] == args.rows, report.summary()
        figures = {
            "rows": args.rows,
            "officials": people,
            "file_mb": round(size_mb, 2),
            "written": dict(zip(("officials", "posts", "credentials"), counts, strict=True)),
            "new_seconds": round(new_seconds, 2),
            "new_rows_per_second": round(args.rows / new_seconds),
            "unchanged_seconds": round(unchanged_seconds, 2),
            "unchanged_rows_per_second": round(args.rows / unchanged_seconds),
            "new_python_peak_mb": round(new_peak, 1),
            "unchanged_python_peak_mb": round(unchanged_peak, 1),
            "process_peak_rss_mb": round(_rss_mb(), 1),
            **first_report,
        }
    finally:
        connection.close()
        _admin(url, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    return finish(figures, "import")


def national_figures(rows, people, counts, seconds, first_report) -> dict:
    return {
        "rows": rows,
        "officials": people,
        "written": dict(zip(("officials", "posts", "credentials"), counts, strict=True)),
        "new_seconds": round(seconds, 2),
        "new_rows_per_second": round(rows / seconds),
        **first_report,
    }


def finish(figures: dict, key: str) -> int:
    # Other work on the machine slows the import: say how busy it was.
    figures["load_average"] = round(os.getloadavg()[0], 2)
    figures["machine_cores"] = os.cpu_count()
    for name, value in figures.items():
        print(f"{name}: {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[key] = figures
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
