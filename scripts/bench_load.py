"""Load test (issue 12): concurrent users over HTTP against gunicorn on the national bench data.

Run by `make bench` after scripts/bench.py, on the database it built (cadre_bench, or $BENCH_DB).
Starts the production profile (gunicorn, DEBUG off; the shared cache the profile recommends for
several workers: REDIS_URL, or the machine's own Redis, database 9) on a free loopback port,
logs in district and province staff, commune secretaries, viewers and two superusers, and lets
them use their pages for a bounded time: each user waits a think time between two pages
(uniform around --think seconds, as a person reading the page), and the secretaries save
credential edits now and then: a new certificate number, and half the time a new award date,
which makes the figures of their commune, district, province and country stale, past dates
included. Prints p50/p95/p99 per page, errors and throughput and writes them under "load" in
var/bench/results.json.

With --growth, first the same load on smaller registries (10,000 and 50,000 officials, built by
scripts/bench.py --officials in databases of their own, Lạng Sơn's communes always full), so
that the table shows whether the scoped pages stay flat as the registry grows to the country
(about 200,000 officials, the main run); written under "load_growth".

    scripts/with-postgres .venv/bin/python scripts/bench_load.py [--users 50] [--seconds 60]
        [--think 3] [--growth]
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "var" / "bench" / "results.json"
BENCH_DB = os.environ.get("BENCH_DB", "cadre_bench")
AS_OF = "2022-05-24"
PASSWORD = "tai-thu-mat-khau-2026"  # noqa: S105 (a throwaway bench database)
GOALS_MS = {  # p95 goals of issue 12
    "dashboard (district staff)": 100,
    "commune page (district staff)": 100,
    "dashboard (province staff)": 100,
    "commune page (province staff)": 100,
    "api (district)": 50,
    "dashboard (whole country)": 1000,
}
# Ten users in a row: three district staff, four secretaries, two viewers, one province staff;
# users 0 and n/2 are superusers.
MIX = (
    "staff",
    "secretary",
    "staff",
    "viewer",
    "secretary",
    "staff",
    "secretary",
    "province",
    "viewer",
    "secretary",
)
GROWTH = (10_000, 50_000)  # officials; the main run is the third row (about 200,000)


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench_load needs PostgreSQL: run it as `make bench` (or set DATABASE_URL).")
    return urlunsplit(urlsplit(url)._replace(path=f"/{BENCH_DB}"))


def personas(users: int) -> list[dict]:
    """Create the bench's logins (idempotent) and return what each one does."""
    from accounts.models import RoleGrant
    from accounts.services import grant_role
    from officials.models import Credential
    from units.models import AdministrativeUnit

    RoleGrant.objects.filter(user__username__startswith="bench-").delete()  # an earlier run's
    # Lạng Sơn's districts, Chi Lăng (187) first: full in every registry of the growth table, so
    # that its rows compare the same pages on registries of different sizes.
    districts = list(
        AdministrativeUnit.objects.filter(
            dataset="legacy", level="district", parent__code="20"
        ).order_by("code")
    )
    chosen = sorted(districts, key=lambda d: d.code != "187")[:10]
    communes = {d.pk: list(d.children.order_by("code")) for d in chosen}
    result = []
    for n in range(users):
        district = chosen[n % len(chosen)]
        commune = communes[district.pk][n % len(communes[district.pk])]
        kind = MIX[n % len(MIX)]
        if n in (0, users // 2):
            kind = "superuser"
        username = f"bench-{kind}-{n}"
        if kind == "superuser":
            from django.contrib.auth import get_user_model

            user, _ = get_user_model().objects.get_or_create(username=username)
            user.is_staff = user.is_superuser = True
            user.set_password(PASSWORD)
            user.save()
        else:
            role = {
                "staff": "district_staff",
                "province": "province_staff",
                "secretary": "commune_secretary",
            }.get(kind, "viewer")
            unit = {"secretary": commune, "province": district.parent}.get(kind, district)
            grant_role(username=username, role=role, unit=unit, password=PASSWORD)
        credentials = list(
            Credential.objects.filter(
                official__assignments__commune=commune, official__assignments__end_date=None
            ).values_list("pk", flat=True)[:20]
        )
        result.append(
            {
                "username": username,
                "kind": kind,
                "district": district.code,
                "province": district.parent.code,
                "communes": [c.pk for c in communes[district.pk]],
                "commune": commune.pk,
                "credentials": credentials,
            }
        )
    return result


class FormFields(HTMLParser):
    """The fields of the first form with a `version` field, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "file", "checkbox"):
            self.fields.setdefault(name, a.get("value") or "")
        elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
            self.fields.setdefault(name, a.get("value") or "on")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and ("selected" in a):
            self.fields[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.setdefault(name, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


class User:
    def __init__(self, base: str, persona: dict, think: float = 0.0):
        self.base, self.p, self.think = base, persona, think
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.rng = random.Random(persona["username"])
        self.stop = float("inf")  # time.monotonic() after which a user stops thinking

    def pause(self) -> None:
        """Read the page: a think time uniform between half and one and a half --think."""
        if self.think:
            wait = self.think * self.rng.uniform(0.5, 1.5)
            time.sleep(max(0.0, min(wait, self.stop - time.monotonic())))

    def _csrf(self, page: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=600) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def login(self) -> None:
        _status, page = self.open("/accounts/login/")
        data = {"username": self.p["username"], "password": PASSWORD}
        status, _page = self.open(  # then to the health check, not the (measured) dashboard
            "/accounts/login/?next=/healthz", {**data, "csrfmiddlewaretoken": self._csrf(page)}
        )
        if status != 200 or "sessionid" not in {c.name for c in self.jar}:
            raise RuntimeError(f"{self.p['username']} could not log in ({status})")

    def visit_communes(self) -> None:
        """Open every commune page this persona visits at random (staff): unmeasured."""
        if self.p["kind"] in ("staff", "province"):
            for commune in self.p["communes"]:
                self.open(f"/communes/{commune}/?as_of={AS_OF}")

    def step(self) -> list[tuple[str, float, int]]:
        """One visit of this persona's pages; return (page, seconds, status) per request."""
        p, out = self.p, []

        def timed(label, path, data=None):
            if time.monotonic() >= self.stop:
                return 0, ""
            started = time.perf_counter()
            status, page = self.open(path, data)
            out.append((label, time.perf_counter() - started, status))
            self.pause()
            return status, page

        commune = self.rng.choice(p["communes"])
        if p["kind"] == "superuser":
            timed("dashboard (whole country)", f"/?as_of={AS_OF}")
        elif p["kind"] == "staff":
            timed("dashboard (district staff)", f"/?as_of={AS_OF}&unit={p['district']}")
            timed("commune page (district staff)", f"/communes/{commune}/?as_of={AS_OF}")
            timed("api (district)", f"/api/v1/compliance?as_of={AS_OF}&unit={p['district']}")
        elif p["kind"] == "province":
            timed("dashboard (province staff)", f"/?as_of={AS_OF}&unit={p['province']}")
            timed("commune page (province staff)", f"/communes/{commune}/?as_of={AS_OF}")
        elif p["kind"] == "viewer":
            timed("dashboard (viewer)", f"/?as_of={AS_OF}&unit={p['district']}")
        else:
            timed("commune page (secretary)", f"/communes/{p['commune']}/?as_of={AS_OF}")
            if p["credentials"] and self.rng.random() < 0.3:
                path = f"/credentials/{self.rng.choice(p['credentials'])}/edit/"
                status, page = timed("credential edit form (secretary)", path)
                if status == 200:
                    form = FormFields()
                    form.feed(page)
                    form.fields["number"] = f"BENCH-{self.rng.randrange(10**6)}"
                    if self.rng.random() < 0.5:  # half the edits change what figures count
                        form.fields["awarded_on"] = f"01/06/{self.rng.randrange(2005, 2022)}"
                    timed("credential save (secretary)", path, form.fields)
        return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BENCH_REDIS = "redis://127.0.0.1:6379/9"  # the production profile's shared cache, the bench's own


def shared_cache() -> str:
    """Return REDIS_URL, or the local Redis of every machine of this project (its database 9,
    emptied first: a bench's cache only); '' without one (each worker keeps its own cache)."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    try:
        import redis

        client = redis.Redis.from_url(BENCH_REDIS, socket_connect_timeout=1)
        client.flushdb()
    except Exception:  # noqa: BLE001 (no Redis here: say so in the results)
        return ""
    return BENCH_REDIS


def serve(url: str, workers: int, threads: int = 1, redis_url: str = "") -> tuple:
    port = free_port()
    env = dict(
        os.environ,
        REDIS_URL=redis_url,
        GUNICORN_THREADS=str(threads),
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-secret-key",
        SECURE_COOKIES="0",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=url,
        CONN_MAX_AGE="60",
        AXES_FAILURE_LIMIT="1000",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_TIMEOUT="900",  # a cold whole-country dashboard may take a minute here
        WEB_CONCURRENCY=str(workers),
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    python = sys.executable
    gunicorn = [python, "-m", "gunicorn", "--access-logfile", "/dev/null"]
    process = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=5)
            return process, base
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def run(base: str, people: list[dict], seconds: float, think: float) -> dict:
    users = [User(base, p, think) for p in people]
    for user in users:  # logins are not what is measured
        user.login()
    # One unmeasured visit each, all at once, and every commune page of the staff's districts
    # once: the caches a day of use would have filled.
    warmers = [threading.Thread(target=user.step) for user in users]
    warmers += [threading.Thread(target=user.visit_communes) for user in users]
    for thread in warmers:
        thread.start()
    for thread in warmers:
        thread.join()
    samples: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def loop(user):
        user.stop = stop
        time.sleep(user.rng.uniform(0, think))  # users arrive at their own pace
        while time.monotonic() < stop:
            for label, took, status in user.step():
                with lock:
                    samples[label].append(took)
                    if status >= 400:
                        errors[label] += 1

    threads = [threading.Thread(target=loop, args=(u,)) for u in users]
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    pages = {}
    for label, values in sorted(samples.items()):
        pages[label] = {
            "requests": len(values),
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(percentile(values, 95) * 1000, 1),
            "p99_ms": round(percentile(values, 99) * 1000, 1),
            "errors": errors[label],
        }
        if label in GOALS_MS:
            pages[label]["goal_p95_ms"] = GOALS_MS[label]
            pages[label]["goal_met"] = pages[label]["p95_ms"] < GOALS_MS[label]
    total = sum(len(v) for v in samples.values())
    return {
        "users": len(users),
        "kinds": {kind: sum(p["kind"] == kind for p in people) for kind in sorted(set(MIX))}
        | {"superuser": sum(p["kind"] == "superuser" for p in people)},
        "think_seconds": think,
        "seconds": round(elapsed, 1),
        "requests": total,
        "throughput_per_second": round(total / elapsed, 1),
        "errors": sum(errors.values()),
        "pages": pages,
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
    }


def measure(url: str, args) -> dict:
    """Run the load against the registry at `url` (Django already set up on it)."""
    from django.db import connection

    people = personas(args.users)
    officials = _officials()
    connection.close()
    redis_url = shared_cache()
    process, base = serve(url, args.workers, args.threads, redis_url)
    try:
        figures = run(base, people, args.seconds, args.think)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    figures["officials"] = officials
    figures["gunicorn_workers"] = args.workers
    figures["machine_cores"] = os.cpu_count()
    figures["gunicorn_threads"] = args.threads
    figures["shared_cache"] = bool(redis_url)
    return figures


def _officials() -> int:
    from officials.models import Official

    return Official.objects.count()


def growth(args) -> list[dict]:
    """Build the smaller registries and run the load on each, in processes of their own."""
    rows = []
    for size in GROWTH:
        name = f"{BENCH_DB}_{size // 1000}k"
        env = dict(os.environ, BENCH_DB=name)
        env.pop("BENCH_REUSE", None)
        print(f"growth: building {size} officials in {name}", flush=True)
        bench = [sys.executable, str(ROOT / "scripts" / "bench.py"), "--officials", str(size)]
        subprocess.run([*bench, "--build-only"], env=env, check=True)
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            load = [sys.executable, __file__, "--json-out", out.name]
            for flag in ("users", "seconds", "think", "workers", "threads"):
                load += [f"--{flag}", str(getattr(args, flag))]
            subprocess.run(load, env=env, check=False)
            rows.append(json.loads(Path(out.name).read_text()))
        _drop(name)
    return rows


def _drop(name: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


def show(figures: dict) -> None:
    print(
        f"{figures['officials']} officials, {figures['users']} users {figures['kinds']}, think "
        f"{figures['think_seconds']} s, {figures['seconds']} s: {figures['requests']} requests, "
        f"{figures['throughput_per_second']}/s, {figures['errors']} errors, load average "
        f"{figures['load_average_before']:.2f} before, {figures['load_average_after']:.2f} after"
    )
    for label, page in figures["pages"].items():
        goal = f" (goal p95 {page['goal_p95_ms']})" if "goal_p95_ms" in page else ""
        print(
            f"  {label:36} n={page['requests']:5} p50 {page['p50_ms']:7} p95 {page['p95_ms']:7}"
            f" p99 {page['p99_ms']:7} ms, errors {page['errors']}{goal}"
        )


def growth_table(rows: list[dict]) -> dict:
    """Return, per page, p50/p95 at each registry size (the growth table)."""
    table: dict[str, dict] = {}
    for row in rows:
        for label, page in row["pages"].items():
            table.setdefault(label, {})[str(row["officials"])] = {
                "p50_ms": page["p50_ms"],
                "p95_ms": page["p95_ms"],
            }
    sizes = [str(row["officials"]) for row in rows]
    print("growth (p50 / p95 ms by officials in the registry):")
    print(f"  {'page':36} " + " ".join(f"{size:>17}" for size in sizes))
    for label, by_size in table.items():
        cells = [by_size.get(size) for size in sizes]
        print(
            f"  {label:36} "
            + " ".join(f"{c['p50_ms']:>8} /{c['p95_ms']:>7}" if c else f"{'–':>17}" for c in cells)
        )
    return {"sizes": sizes, "pages": table, "runs": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=3.0, help="mean seconds between pages")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--growth", action="store_true", help="10k and 50k registries first")
    parser.add_argument("--json-out", help=argparse.SUPPRESS)  # a growth run's figures
    args = parser.parse_args()
    smaller = growth(args) if args.growth else []
    url = _database_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre_registry.settings")
    import django

    django.setup()
    figures = measure(url, args)
    show(figures)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures))
        return 0
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["load"] = figures
    if smaller:
        results["load_growth"] = growth_table([*smaller, figures])
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0 if figures["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
