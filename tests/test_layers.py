"""The apps are floors (STYLE.md, issue 14): each imports only the apps below it.

The contracts are in pyproject.toml ([tool.importlinter]); these tests run them on the code as it
is, and on a copy with one import against the floors, which they must refuse.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(where: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_no_app_imports_an_app_above_it():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _copy_of_the_code(target: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", target)
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {".venv", "tests", "scripts", "var", "node_modules"}:
            continue
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / relative)


def test_an_import_against_the_floors_is_refused(tmp_path):
    _copy_of_the_code(tmp_path)
    # Even an import inside a function: officials reaching up into the pages.
    with (tmp_path / "officials/levels.py").open("a") as module:
        module.write("\n\ndef _reach_up():\n    from pages import views  # noqa: F401\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "officials is not allowed to import pages" in result.stdout
