"""Every command of DESIGN §10 answers a wrong argument with one line, in Vietnamese, exit ≠ 0."""

import re

import pytest
from django.core.management import ManagementUtility
from django.db import connections

# Letters only Vietnamese writes: a message without any is not in the user's language.
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)

BAD_ARGUMENTS = {
    "load_units": [
        ["--province", "abc"],
        ["--province", "20", "99"],
        ["--dataset", "1990"],
        ["--provinces", "20"],
    ],
    "import_roster": [
        ["{tmp}/missing.xlsx"],
        ["{tmp}/garbage.xlsx"],
        ["{tmp}/garbage.xlsx", "--user", "nobody"],
        [],
    ],
    "export_roster": [
        ["{tmp}/out.txt"],
        ["{tmp}/no/such/folder/out.csv"],
        ["{tmp}/out.csv", "--unit", "99999"],
        ["{tmp}/out.csv", "--as-of", "2022-13-01"],
        ["{tmp}/out.csv", "--as-of", "hôm qua"],
        ["{tmp}/out.csv", "--dataset", "1990"],
    ],
    "bm02_report": [
        ["{tmp}/out.csv"],
        ["{tmp}/no/such/folder/out.xlsx"],
        ["{tmp}/out.xlsx", "--unit", "99999"],
        ["{tmp}/out.xlsx", "--as-of", "31/02/2022"],
        ["{tmp}/out.xlsx", "--dataset", "1990"],
    ],
    "compliance_report": [
        ["--as-of", "2022-13-01"],
        ["--as-of", "1990-01-01"],
        ["--regime", "1990"],
        ["--unit", "99999"],
        ["--format", "xml"],
        ["--dataset", "1990"],
    ],
    "training_report": [
        ["--from", "xx"],
        ["--to", "2022-02-30"],
        ["--from", "2022-12-31", "--to", "2022-01-01"],
        ["--unit", "99999"],
        ["--format", "xml"],
        ["--dataset", "1990"],
    ],
    "grant_role": [
        ["lan", "district_staff", "99999"],
        ["lan", "king", "187"],
        ["lan", "district_staff", "187", "--dataset", "1990"],
        ["lan", "district_staff", "187", "--password", "123"],
        ["lan"],
    ],
    "seed_demo": [["--unit", "187"]],
    "reorganise": [
        ["--province", "20"],
        ["--province", "abc", "--proposal", "{tmp}/out.xlsx"],
        ["--province", "187", "--proposal", "{tmp}/out.xlsx"],
        ["--province", "20", "--on", "2025-13-01", "--proposal", "{tmp}/out.xlsx"],
        ["--province", "20", "--proposal", "{tmp}/out.xlsx", "--apply", "{tmp}/garbage.xlsx"],
        ["--province", "20", "--apply", "{tmp}/garbage.xlsx"],
        ["--province", "20", "--apply", "{tmp}/missing.xlsx"],
        ["--province", "20", "--apply", "{tmp}/garbage.xlsx", "--user", "nobody"],
    ],
}
CASES = [(name, args) for name, cases in BAD_ARGUMENTS.items() for args in cases]


@pytest.fixture
def keep_connection(monkeypatch):
    """A command run from the command line closes the connections; the test's must stay open."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


@pytest.mark.parametrize(("name", "args"), CASES, ids=[f"{n} {' '.join(a)}" for n, a in CASES])
def test_a_wrong_argument_gets_one_vietnamese_line_and_a_failing_exit(
    chi_lang, keep_connection, tmp_path, capsys, name, args
):
    (tmp_path / "garbage.xlsx").write_bytes(b"not a workbook")
    argv = ["manage.py", name, *[arg.replace("{tmp}", str(tmp_path)) for arg in args]]
    with pytest.raises(SystemExit) as stopped:
        ManagementUtility(argv).execute()
    assert stopped.value.code not in (0, None)
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("Lỗi: ") and VIETNAMESE.search(lines[0].removeprefix("Lỗi")), err
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out.xlsx").exists()


def test_load_units_takes_several_provinces_after_one_flag_or_a_repeated_flag(db, keep_connection):
    from units.models import AdministrativeUnit, Level

    ManagementUtility(
        ["manage.py", "load_units", "--province", "20", "4", "--dataset", "2025"]
    ).execute()
    provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE)
    assert sorted(provinces.values_list("code", flat=True)) == ["04", "20"]
    ManagementUtility(
        ["manage.py", "load_units", "--province", "20", "--province", "4", "--dataset", "legacy"]
    ).execute()
    assert provinces.filter(dataset="legacy").count() == 2
