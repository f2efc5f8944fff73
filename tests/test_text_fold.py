"""fold(): the folded form search, import and field matching compare (lower case, no marks)."""

import re
import sys
import unicodedata

from cadre_registry.text import fold


def folded_char_by_char(text):
    """fold() as first written: every combining character dropped one by one."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped).strip().lower()


def test_vietnamese_folds_to_plain_letters():
    assert fold("  Nguyễn  Văn\tNhiên ") == "nguyen van nhien"
    assert fold("Uỷ") == fold("Ủy") == "uy"
    assert fold("ĐẢNG ỦY Ơ Ư Ă Â Ê Ô") == "dang uy o u a a e o"
    assert fold(None) == fold("") == ""


def test_every_combining_mark_goes_and_nothing_else():
    """The marks outside U+0300-U+036F too (Hebrew points, kana voicing marks, ...), and the
    grapheme joiner U+034F, which is not a combining mark, stays."""
    marks = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))]
    assert len(marks) > 900
    for char in [*marks, "\u034f", "\u05d0", "ß", "ǅ", "\u3099"]:
        assert fold(f"Ả{char}b") == folded_char_by_char(f"Ả{char}b"), hex(ord(char))
    assert fold("a\u05b0b\u3099c") == "abc"
    assert fold("a\u034fb") == "a\u034fb"
