"""Every spelling of issue 13 read as the law means it, one test case each (DESIGN §4, §8)."""

import pytest

from spreadsheets.parsing import LevelParser, PositionParser, clean_field, parse_field
from tests.spreadsheets.spellings import FIELDS, POSITIONS, SPELLINGS


def _read(column, written):
    return [(entry.level, entry.language or entry.field) for entry in LevelParser(column)(written)]


@pytest.mark.parametrize(("column", "written", "expected"), SPELLINGS)
def test_each_spelling_reads_as_the_law_means(column, written, expected):
    assert _read(column, written) == expected


@pytest.mark.parametrize(("written", "expected"), FIELDS)
def test_a_study_mode_is_never_the_field(written, expected):
    assert clean_field(written) == expected
    assert parse_field(written) == ([expected] if expected else [])


@pytest.mark.django_db
@pytest.mark.parametrize(("written", "code"), POSITIONS)
def test_position_names_in_the_legal_wordings(written, code):
    from standards.models import Position

    assert PositionParser(list(Position.objects.all()))(written).code == code


def test_a_refused_label_still_names_what_was_expected():
    from spreadsheets.parsing import CellError

    with pytest.raises(CellError, match="Chứng chỉ A"):
        LevelParser("it")("Tin học siêu cấp")


@pytest.mark.django_db
def test_the_sample_sheet_with_every_spelling_imports_end_to_end(units):
    from pathlib import Path

    from officials.models import Official
    from tests.spreadsheets.conftest import run_import
    from tests.spreadsheets.make_spellings_sheet import PATH, rows

    report = run_import(Path(PATH))
    assert report.file_error is None or report.file_error == ""
    assert [issue.text for issue in report.errors] == []
    assert report.committed
    [spoken] = report.warnings
    assert "Biết nói tiếng Tày" in spoken.text
    assert "ghi nhận là không có" in spoken.text
    assert report.notes == ["Các cột không có trong mẫu danh sách đã được bỏ qua: “Ghi chú”."]
    expected = [(column, written, levels) for column, written, levels in SPELLINGS] + [
        ("professional", f"Đại học / {written}", [("bachelor", field)]) for written, field in FIELDS
    ]
    people = {
        o.full_name: o for o in Official.objects.prefetch_related("credentials", "assignments")
    }
    for number, ((column, written, levels), row) in enumerate(
        zip(expected, rows(), strict=True), 1
    ):
        official = people[f"Lương Văn Mẫu {number}"]
        held = sorted(
            (c.level, c.language or c.field)
            for c in official.credentials.all()
            if c.dimension == column
        )
        assert held == sorted(levels), written
        [post] = official.assignments.all()
        assert post.position.code == POSITIONS[(number - 1) % len(POSITIONS)][1], row["position"]
