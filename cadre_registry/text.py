"""Text helpers shared by search, import and field matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# The combining marks of the combining diacritical marks block (U+0300-U+036F, but for the
# grapheme joiner, which is not one): every mark of decomposed Vietnamese.
_DIACRITICS = re.compile("[\u0300-\u034e\u0350-\u036f]")


def fold(text: str | None) -> str:
    """Return `text` lower-cased, without Vietnamese diacritics and with single spaces.

    "Nguyễn Văn Nhiên" and "nguyen van nhien" fold alike, and so do "Uỷ" and "Ủy".
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    # Every combining character goes; those of Vietnamese at once (a roster import folds
    # 60,000 texts per 10,000 rows), any other one by one.
    stripped = _DIACRITICS.sub("", decomposed)
    if not stripped.isascii():
        stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER = {letter: index for index, letter in enumerate(_ALPHABET)}
_MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters, tones = [], []
    for char in word.lower():
        if char == "đ":
            letters.append(_LETTER["đ"])
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        tone = 0
        for mark in marks:
            if (base, mark) in _MODIFIED:
                base = _MODIFIED[(base, mark)]
            elif mark in _TONE:
                tone = _TONE[mark]
        letters.append(_LETTER.get(base, len(_ALPHABET) + ord(base)))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def vietnamese_name_key(full_name: str) -> tuple:
    """Return a sort key for a Vietnamese name: given name, then middle, then family name.

    Letters in Vietnamese order (Ă after A, Đ after D), tones compared after the letters.
    """
    words = (full_name or "").split()
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    return tuple(_word_key(word) for word in ordered)
