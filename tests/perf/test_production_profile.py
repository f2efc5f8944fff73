"""The production profile (issue 12): gunicorn with several workers, DEBUG off, over real HTTP."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-san-xuat-2026"  # noqa: S105 (test only)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def production_env(tmp_path):
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO", "PYTEST"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="production-profile-test-key-0123456789",
        SECURE_COOKIES="0",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url(),
        STATIC_ROOT=str(tmp_path / "static"),
        WEB_CONCURRENCY="2",
    )
    env.pop("REDIS_URL", None)
    return env


@pytest.fixture
def server(production_env):
    """Collect the static files, then serve with gunicorn on a free loopback port."""
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env,
        check=True,
    )
    port = free_port()
    env = dict(production_env, GUNICORN_BIND=f"127.0.0.1:{port}")
    process = subprocess.Popen(
        [python, "-m", "gunicorn"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                    assert response.status == 200
                    break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stderr.read().decode()) from None
                time.sleep(0.3)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def worker_count(master_pid: int) -> int:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return len(children)


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_a_login_with_debug_off_and_compressed_static(catalogue, server):
    base, process = server
    # The server runs the production settings, whose hashers the tests' fast one is not among.
    hashed = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    get_user_model().objects.create(username="phongnoivu", password=hashed)
    assert worker_count(process.pid) == 2

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": "phongnoivu", "password": PASSWORD, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    with opener.open(request) as response:  # follows the redirect to the dashboard
        assert response.status == 200
        assert urllib.parse.urlsplit(response.url).path == "/"
        assert "phongnoivu" in response.read().decode()
    assert "sessionid" in {cookie.name for cookie in jar}

    asset = urllib.request.Request(
        f"{base}/static/vendor/htmx.min.js", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(asset) as response:
        assert response.headers["Content-Encoding"] == "gzip"
    with pytest.raises(urllib.error.HTTPError) as missing:  # DEBUG off: no debug page
        urllib.request.urlopen(f"{base}/no-such-page/")
    assert missing.value.code == 404
    assert b"Traceback" not in missing.value.read()
