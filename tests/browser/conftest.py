"""Browser tests: Playwright drives Debian's chromium against the live test server."""

import os
from pathlib import Path

import pytest

from accounts.models import Role
from accounts.services import grant_role
from tests.personas import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}: run `make test`, which installs it, "
            "or `apt-get install chromium`.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def shot(page):
    """Save a screenshot of the page under test-artifacts/browser/ (kept by CI)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def seeded_district(catalogue):
    from demo.seed_chilang import seed_people
    from units.loader import load_units
    from units.models import AdministrativeUnit

    load_units(provinces=["20"])
    seed_people()
    return AdministrativeUnit.objects.get(dataset="legacy", code="187")


@pytest.fixture
def login(page, live_server):
    def as_user(username, role, unit):
        grant_role(username=username, role=role, unit=unit, password=PASSWORD)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return as_user


CLICKS: list[tuple[str, int, int]] = []  # (task, clicks, limit), printed after the run


class ClickCounter:
    """Click, tick and choose as a user would, counting each action (typing is not counted)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, locator):
        self.count += 1
        locator.click()

    def check(self, locator):
        self.count += 1
        locator.check()

    def choose(self, locator, label: str | None = None, *, value: str | None = None):
        """Open a list and pick the entry named `label` (or of `value`): two actions."""
        self.count += 2
        locator.select_option(label=label, value=value)

    def done(self, task: str, limit: int) -> int:
        CLICKS.append((task, self.count, limit))
        assert self.count < limit, f"{task}: {self.count} clicks, the aim is under {limit}"
        return self.count


@pytest.fixture
def clicks(page):
    return ClickCounter(page)


def pytest_terminal_summary(terminalreporter):
    if not CLICKS:
        return
    terminalreporter.section("clicks per task (browser tests)")
    lines = [f"{count:3d} clicks (aim: under {limit})  {task}" for task, count, limit in CLICKS]
    for line in lines:
        terminalreporter.write_line(line)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "clicks.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


__all__ = ["Role"]
