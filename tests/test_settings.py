"""Settings come from the environment and refuse values that cannot be meant."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", "import cadre_registry.settings"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_vietnamese_first_in_vietnam_time():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True


def test_secret_key_required_without_debug():
    result = _import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_a_debug_value_that_is_not_a_boolean_is_refused():
    result = _import_settings(DEBUG="maybe", SECRET_KEY="x")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_a_database_url_of_another_engine_is_refused():
    result = _import_settings(SECRET_KEY="x", DATABASE_URL="mysql://u@h/db")
    assert result.returncode != 0
    assert "PostgreSQL or SQLite" in result.stderr


def test_debug_defaults_to_sqlite_under_var():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cadre_registry import settings as s; print(s.DATABASES['default']['NAME'])",
        ],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", "DATABASE_URL": ""},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("var/db.sqlite3")
