"""Text helpers shared by search, import and field matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Return `text` lower-cased, without Vietnamese diacritics and with single spaces.

    "Nguyễn Văn Nhiên" and "nguyen van nhien" fold alike, and so do "Uỷ" and "Ủy".
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()
