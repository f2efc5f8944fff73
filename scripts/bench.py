"""Benchmark of the compliance engine on a national-scale synthetic registry (PostgreSQL).

Run by `make bench` under scripts/with-postgres. Builds every legacy commune with about 21
officials each and 4 to 5 credentials per official, then times the engine against one
hand-written SQL query on the same database, and writes var/bench/results.json ("compliance").
"""

import argparse
import datetime
import json
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "var" / "bench" / "results.json"
BENCH_DB = os.environ.get("BENCH_DB", "cadre_bench")
ON = datetime.date(2022, 5, 24)
OFFICIALS_PER_COMMUNE = 21

HAND_SQL = """
WITH p AS (
  SELECT a.official_id, a.commune_id, a.position_id, u.special_area
  FROM officials_assignment a JOIN units_administrativeunit u ON u.id = a.commune_id
  JOIN officials_official o ON o.id = a.official_id AND o.removed_at IS NULL
  WHERE a.start_date <= %(on)s AND (a.end_date IS NULL OR a.end_date > %(on)s)
    AND a.verification <> 'rejected'
    AND u.dataset = 'legacy' AND u.level = 'commune'
), bad AS (
  SELECT DISTINCT p.commune_id, p.official_id
  FROM p JOIN standards_requirement q ON q.position_id = p.position_id AND q.regime_id = %(regime)s
  WHERE NOT EXISTS (
    SELECT 1 FROM officials_credential c
    WHERE c.official_id = p.official_id AND c.dimension = q.dimension
      AND c.rank >= CASE WHEN p.special_area THEN COALESCE(q.special_min_rank, q.min_rank)
                         ELSE q.min_rank END
      AND (c.awarded_on IS NULL OR c.awarded_on <= %(on)s) AND c.verification <> 'rejected'
      AND (NOT q.field_must_match OR c.field_matches OR EXISTS (
        SELECT 1 FROM standards_fieldkeyword k
        WHERE k.position_id = q.position_id AND strpos(c.field_key, k.key) > 0)
        AND NOT EXISTS (
        SELECT 1 FROM standards_excludedfieldphrase x WHERE strpos(c.field_key, x.key) > 0)))
), inpost AS (
  SELECT commune_id, count(DISTINCT official_id) AS n FROM p GROUP BY commune_id
), failing AS (
  SELECT commune_id, count(*) AS n FROM bad GROUP BY commune_id
)
SELECT i.commune_id, i.n, i.n - COALESCE(f.n, 0)
FROM inpost i LEFT JOIN failing f USING (commune_id)
"""


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("make bench needs PostgreSQL: run it as `make bench` (or set DATABASE_URL).")
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def _recreate_database(url: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")


def _copy(cursor, model, rows: list[dict]) -> None:
    """COPY `rows` into `model`'s table; columns the rows leave out take the field default."""
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    named = set(rows[0])
    columns, defaults = [], {}
    for f in fields:
        if f.attname in named:
            columns.append(f.attname)
        elif not f.primary_key:
            columns.append(f.attname)
            defaults[f.attname] = f.get_default()
    table = model._meta.db_table
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] if c in row else defaults[c] for c in columns])


def build(seed: int = 20220524, officials: int | None = None) -> dict:
    """Fill every legacy commune with OFFICIALS_PER_COMMUNE officials; with `officials`, only
    as many communes as that takes, Lạng Sơn's (province 20, district 187) first, so that a
    smaller registry holds the same district pages (the growth table of bench_load)."""
    from django.db import connection

    from cadre_registry.text import fold
    from officials.levels import LADDERS
    from officials.models import Assignment, Credential, Official
    from standards.catalogue import FIELD_KEYWORDS
    from standards.models import Position
    from units.loader import load_units
    from units.models import AdministrativeUnit

    started = time.perf_counter()
    load_units(datasets=("legacy",))
    rng = random.Random(seed)
    communes = list(AdministrativeUnit.objects.filter(dataset="legacy", level="commune"))
    if officials is not None:
        province = AdministrativeUnit.objects.get(dataset="legacy", code="20")
        ours = set(AdministrativeUnit.objects.communes_under(province).values_list("pk", flat=True))
        communes.sort(key=lambda unit: (unit.pk not in ours, unit.code))
        communes = communes[: -(-officials // OFFICIALS_PER_COMMUNE)]
    for unit in communes:
        unit.commune_class = rng.choice(["I", "II", "III", ""])
        unit.special_area = rng.random() < 0.35
    AdministrativeUnit.objects.bulk_update(communes, ["commune_class", "special_area"], 5000)
    positions = list(Position.objects.order_by("order"))
    fields = [kw for kws in FIELD_KEYWORDS.values() for kw in kws] + ["Sư phạm", "Luật", "Y tế"]
    officials, posts, credentials = [], [], []
    pk = 0
    for unit in communes:
        for slot in range(OFFICIALS_PER_COMMUNE):
            pk += 1
            name = f"Nguyễn Văn Thử {pk}"
            officials.append(
                {
                    "id": pk,
                    "full_name": name,
                    "date_of_birth": datetime.date(1970 + pk % 30, 1, 1),
                    "gender": "male" if pk % 2 else "female",
                    "ethnicity": "Kinh",
                    "citizen_id": f"{pk:012d}",
                    "phone": "",
                    "search_key": fold(name),
                }
            )
            position = positions[slot % len(positions)]
            start = datetime.date(2010 + rng.randrange(12), 1 + rng.randrange(12), 1)
            ended = start < datetime.date(2021, 6, 30) and rng.random() < 0.08
            posts.append(
                {
                    "official_id": pk,
                    "position_id": position.pk,
                    "commune_id": unit.pk,
                    "start_date": start,
                    "end_date": datetime.date(2021, 6, 30) if ended else None,
                    "end_reason": "transfer" if ended else "",
                    "note": "",
                }
            )
            dims = ["general_education", "professional", "political_theory", "it"]
            if rng.random() < 0.5:
                dims.append("state_management")
            for dim in dims:
                ladder = LADDERS[dim]
                level = ladder[min(len(ladder) - 1, rng.randrange(len(ladder)) + 1)][0]
                field = rng.choice(fields) if dim == "professional" else ""
                credentials.append(
                    {
                        "official_id": pk,
                        "dimension": dim,
                        "level": level,
                        "field": field,
                        "field_key": fold(field),
                        "field_matches": False,
                        "language": "",
                        "issuer": "",
                        "number": "",
                        "evidence": "",
                        "verification": "verified",
                        "verification_note": "",
                        "awarded_on": None
                        if rng.random() < 0.3
                        else datetime.date(2005 + rng.randrange(19), 6, 1),
                    }
                )
    with connection.cursor() as cursor:
        raw = cursor.cursor
        _copy(raw, Official, officials)
        _copy(raw, Assignment, posts)
        _copy(raw, Credential, credentials)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('officials_official', 'id'), %s)", [pk]
        )
        cursor.execute("ANALYZE")
    return {
        "communes": len(communes),
        "officials": len(officials),
        "posts": len(posts),
        "credentials": len(credentials),
        "build_seconds": round(time.perf_counter() - started, 1),
    }


def _timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _timed_in_turns(fns: list, repeat: int) -> list[tuple[float, object]]:
    """Return the median seconds and the last result of each of `fns`, run in turns."""
    times: list[list[float]] = [[] for _ in fns]
    results: list[object] = [None] * len(fns)
    for _ in range(repeat):
        for n, fn in enumerate(fns):
            started = time.perf_counter()
            results[n] = fn()
            times[n].append(time.perf_counter() - started)
    return [(statistics.median(t), result) for t, result in zip(times, results, strict=True)]


def measure() -> dict:
    from django.db import connection

    from standards.compliance import question_for, report
    from units.models import AdministrativeUnit

    options = question_for(ON, "2019")
    district = AdministrativeUnit.objects.get(dataset="legacy", code="187")
    province = AdministrativeUnit.objects.get(dataset="legacy", code="20")

    def hand():
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, {"on": ON, "regime": options.regime.pk})
            return cursor.fetchall()

    report(options, None, with_unmet=False)  # warm caches once
    # Taken in turns, so that a slower moment of the machine weighs on both alike.
    (hand_s, hand_rows), (engine_s, national) = _timed_in_turns(
        [hand, lambda: report(options, None, with_unmet=False)], 5
    )
    full_s, _full = _timed(lambda: report(options, None), 1)
    district_s, _d = _timed(lambda: report(options, district), 20)
    province_s, _p = _timed(lambda: report(options, province), 10)

    by_commune = {item.unit.pk: (item.officials, item.compliant) for item in national.communes}
    same = all(by_commune.get(cid) == (n, ok) for cid, n, ok in hand_rows)
    same = same and sum(n for _c, n, _ok in hand_rows) == national.total.officials

    tracemalloc.start()
    report(options, None)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    total = national.total
    return {
        "as_of": ON.isoformat(),
        "regime": options.regime.code,
        "national_officials_in_post": total.officials,
        "national_compliant": total.compliant,
        "national_percent": str(total.percent),
        "engine_national_seconds": round(engine_s, 3),
        "engine_national_with_unmet_seconds": round(full_s, 3),
        "hand_sql_national_seconds": round(hand_s, 3),
        "engine_to_hand_sql_ratio": round(engine_s / hand_s, 2),
        "engine_matches_hand_sql": same,
        "district_187_ms": round(district_s * 1000, 1),
        "province_20_ms": round(province_s * 1000, 1),
        "engine_python_peak_mb": round(peak / 2**20, 1),
        "process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, help="a smaller registry (growth table)")
    parser.add_argument("--build-only", action="store_true", help="build, measure nothing")
    args = parser.parse_args()
    url = _database_url()
    reuse = os.environ.get("BENCH_REUSE") == "1"  # keep a database built by an earlier run
    if not reuse:
        _recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_registry.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    figures = {"built": "reused" if reuse else build(officials=args.officials)}
    if args.build_only:
        print(figures["built"])
        return 0
    figures.update(measure())
    for key, value in figures.items():
        print(f"{key:40} {value}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["compliance"] = figures
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0 if figures["engine_matches_hand_sql"] else 1


if __name__ == "__main__":
    sys.exit(main())
