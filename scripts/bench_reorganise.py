"""Benchmark of the 2025 reorganisation on the whole country (PostgreSQL).

Run by `make bench` under scripts/with-postgres. Builds the national data set as scripts/bench.py
does (every legacy commune, about 21 officials each), with the 2025 units and their successor
links, then times, province by province as province staff would: writing the proposal worksheet
(.xlsx), and applying it (reading the file back, one transaction per province). Goals: the whole
country's proposal in under 2 minutes, applied in under 5. Writes var/bench/results.json
("reorganisation").
"""

import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
RESULTS = ROOT / "var" / "bench" / "results.json"
os.environ.setdefault("BENCH_DB", "cadre_bench_reorganise")


def main() -> int:
    import bench

    url = bench._database_url()
    reuse = os.environ.get("BENCH_REUSE") == "1"
    if not reuse:
        bench._recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_registry.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    figures = {"built": "reused" if reuse else _build(bench)}
    figures.update(measure())
    for key, value in figures.items():
        print(f"{key:40} {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["reorganisation"] = figures
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0 if figures["lost"] == 0 else 1


def _build(bench) -> dict:
    """Build bench.py's national data set, with both data sets of units (successor links)."""
    import units.loader

    original = units.loader.load_units

    def both(**kwargs):
        return original(**{**kwargs, "datasets": ("legacy", "2025")})

    units.loader.load_units = both
    try:
        return bench.build()
    finally:
        units.loader.load_units = original


def measure() -> dict:
    from django.db import connection

    from reorganisation.services import placement_report, proposal
    from spreadsheets.reorganisation import apply_worksheet, write_worksheet
    from units.models import AdministrativeUnit, Dataset, Level

    provinces = list(
        AdministrativeUnit.objects.filter(dataset=Dataset.LEGACY, level=Level.PROVINCE).order_by(
            "code"
        )
    )
    sheets, rows, meets = {}, 0, 0
    started = time.perf_counter()
    for province in provinces:
        worksheet = proposal(province=province)
        out = io.BytesIO()
        rows += write_worksheet(worksheet, out)
        meets += sum(1 for row in worksheet.rows if row.meets)
        sheets[province.pk] = out.getvalue()
    proposal_s = time.perf_counter() - started
    print(f"proposal: {rows} rows in {proposal_s:.1f} s", flush=True)
    placed = not_placed = 0
    started = time.perf_counter()
    for province in provinces:
        outcome = apply_worksheet(
            sheets[province.pk], "sap-xep.xlsx", province=province, actor=None, dry_run=False
        )
        placed += outcome.placed
        not_placed += outcome.not_placed
    apply_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    started = time.perf_counter()
    lost = waiting = 0
    for province in provinces:
        report = placement_report(province=province)
        lost += len(report.lost)
        waiting += report.waiting
    report_s = time.perf_counter() - started
    return {
        "provinces": len(provinces),
        "worksheet_rows": rows,
        "worksheet_megabytes": round(sum(len(data) for data in sheets.values()) / 1e6, 1),
        "rows_meeting_2025_standard": meets,
        "proposal_whole_country_seconds": round(proposal_s, 1),
        "apply_whole_country_seconds": round(apply_s, 1),
        "report_whole_country_seconds": round(report_s, 1),
        "placed": placed,
        "not_placed": not_placed,
        "waiting": waiting,
        "lost": lost,
        "goals_met": proposal_s < 120 and apply_s < 300,
    }


if __name__ == "__main__":
    sys.exit(main())
