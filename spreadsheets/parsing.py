"""Read the cells of a roster (DESIGN §8): dates, levels (§4), positions, flags, classes.

Every parser takes a raw cell value (str, int, float, bool, date, datetime or None) and returns a
clean value or raises `CellError` with a problem a person can act on and, when one is close, a
suggestion.
"""

import datetime
import difflib
import functools
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from cadre_registry.text import fold
from officials.levels import Dimension, rank
from officials.models import Religion

D = Dimension

EARLIEST_DATE = datetime.date(1900, 1, 1)


class CellError(ValueError):
    """A cell value that cannot be read: what is wrong, and the closest valid value if any."""

    def __init__(self, problem: str, suggestion: str | None = None):
        super().__init__(problem)
        self.problem = problem
        self.suggestion = suggestion


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value) -> str:
    """Return a cell as the text a person would see (12.0 -> "12")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


_NON_WORD = re.compile(r"[^0-9a-z/]+")


def key(text) -> str:
    """Return `text` folded, with punctuation other than "/" turned into single spaces."""
    return _NON_WORD.sub(" ", fold(text_of(text))).strip()


def closest(text: str, choices: dict[str, str]) -> str | None:
    """Return the display form of the choice whose key is closest to `text`, if close enough."""
    found = difflib.get_close_matches(key(text), list(choices), n=1, cutoff=0.75)
    return choices[found[0]] if found else None


# Dates ---------------------------------------------------------------------------------------

_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value) -> datetime.date:
    """Return a date from dd/mm/yyyy text (also with - or .), an ISO date or a spreadsheet date."""
    if isinstance(value, datetime.datetime):
        return value.date()  # openpyxl and our reader give datetimes; compare as dates
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # a spreadsheet serial number stored without a date format
            result = from_excel(value)
            return result.date() if isinstance(result, datetime.datetime) else result
        raise CellError(_("is not a date; expected dd/mm/yyyy, e.g. 25/05/2022"))
    text = text_of(value)
    match = _DATE_TEXT.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO_TEXT.match(text)
        if not match:
            raise CellError(_("is not a date; expected dd/mm/yyyy, e.g. 25/05/2022"))
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(
            _("is not a day of the calendar (day %(day)s of month %(month)s, %(year)s)")
            % {"day": day, "month": month, "year": year}
        ) from None


def parse_birth_date(value, today: datetime.date) -> datetime.date:
    result = parse_date(value)
    if result > today:
        raise CellError(_("is in the future; expected a date of birth"))
    if result < EARLIEST_DATE:
        raise CellError(_("is before 1900; expected a date of birth"))
    return result


# Simple columns ------------------------------------------------------------------------------

_GENDERS = {"nam": "male", "male": "male", "m": "male", "nu": "female", "female": "female"}
_GENDERS.update({"f": "female", "trai": "male", "gai": "female"})
_YES = {"x", "co", "yes", "y", "true", "1", "dang vien", "v"}
_NO = {"khong", "no", "n", "false", "0", "-"}


def parse_gender(value) -> str:
    found = _GENDERS.get(key(value))
    if found is None:
        raise CellError(_("is not a gender; expected Nam or Nữ"))
    return found


def parse_citizen_id(value) -> str:
    """Return the 12 digits; a number cell that lost its leading zero (11 digits) gets it back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = str(int(value))
        if len(text) == 11:
            text = "0" + text
    else:
        text = re.sub(r"[\s.]", "", text_of(value)).lstrip("'")
    if not text.isdigit():
        raise CellError(_("is not a citizen ID; expected 12 digits"))
    if len(text) != 12:
        raise CellError(
            _("has %(count)s digits; a citizen ID (CCCD) has 12 digits") % {"count": len(text)}
        )
    return text


def parse_flag(value) -> bool:
    if value is True or value is False:
        return value
    folded = key(value)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise CellError(_("is not a yes/no mark; expected x, có or blank"))


@dataclass(frozen=True, slots=True)
class PartyMembership:
    member: bool
    joined_on: datetime.date | None


def parse_party(value) -> PartyMembership:
    """Return the membership from "x", "có", a date of joining, or "không"."""
    if isinstance(value, datetime.date | datetime.datetime):
        return PartyMembership(True, parse_date(value))
    if isinstance(value, str) and _DATE_TEXT.match(value.strip()):
        return PartyMembership(True, parse_date(value))
    try:
        return PartyMembership(parse_flag(value), None)
    except CellError:
        raise CellError(
            _("is not a party membership; expected x, có or the date of joining")
        ) from None


# Usual ways of writing a religion (folded) besides its name in the national list.
RELIGION_ALIASES = {
    "dao phat": "buddhism",
    "phat": "buddhism",
    "thien chua": "catholicism",
    "thien chua giao": "catholicism",
    "cong giao": "catholicism",
    "tin lanh": "protestantism",
    "dao tin lanh": "protestantism",
    "cao dai": "cao_dai",
    "dao cao dai": "cao_dai",
    "hoa hao": "hoa_hao",
    "phat giao hoa hao": "hoa_hao",
    "hoi giao": "islam",
    "dao hoi": "islam",
}


def religion_label(code: str) -> str:
    """Return the Vietnamese name the export writes for a religion ("" for none)."""
    if not code:
        return ""
    with translation.override("vi"):
        return str(Religion(code).label)


def parse_religion(value) -> str:
    """Return the religion code of a name of the national list or a usual form ("" for none)."""
    folded = key(value)
    if folded in _NO or folded in ("", "khong co", "khong ton giao"):
        return ""
    names = {key(religion_label(code)): code for code in Religion.values}
    names |= {key(str(label)): code for code, label in Religion.choices}
    found = names.get(folded) or RELIGION_ALIASES.get(folded)
    if found is None:
        raise CellError(
            _("is not a religion of the national list; expected e.g. %(example)s or Không")
            % {"example": "“Phật giáo”, “Công giáo”"}
        )
    return found


_CLASSES = {"i": "I", "1": "I", "ii": "II", "2": "II", "iii": "III", "3": "III"}


def parse_commune_class(value) -> str:
    text = key(value)
    text = re.sub(r"^(phan )?loai ", "", text)
    text = re.sub(r"^(xa|phuong|thi tran) ", "", text)
    found = _CLASSES.get(text)
    if found is None:
        raise CellError(_("is not a commune class; expected I, II or III"))
    return found


def parse_commune_code(value) -> str:
    text = text_of(value).lstrip("'")
    if not text.isdigit() or len(text) > 5:
        raise CellError(_("is not a commune code; expected the 5-digit code, e.g. 06496"))
    return text


# Positions -----------------------------------------------------------------------------------

# Usual short forms of the position names (folded) -> position code.
POSITION_ALIASES = {
    "bi thu dang uy": "party_secretary",
    "bi thu": "party_secretary",
    "pho bi thu dang uy": "party_deputy_secretary",
    "pho bi thu": "party_deputy_secretary",
    "chu tich hdnd": "council_chair",
    "pho chu tich hdnd": "council_vice_chair",
    "chu tich ubnd": "committee_chair",
    "pho chu tich ubnd": "committee_vice_chair",
    "chu tich ubmttq": "front_chair",
    "chu tich mttq": "front_chair",
    "chu tich mat tran to quoc": "front_chair",
    "bi thu doan thanh nien": "youth_union_secretary",
    "bi thu doan": "youth_union_secretary",
    "bi thu doan tn": "youth_union_secretary",
    "chu tich hoi lhpn": "women_union_chair",
    "chu tich hoi phu nu": "women_union_chair",
    "chu tich hoi nd": "farmers_union_chair",
    "chu tich hoi ccb": "veterans_union_chair",
    "truong cong an": "police_chief",
    "chi huy truong quan su": "military_commander",
    "chi huy truong ban chqs": "military_commander",
    "chi huy truong": "military_commander",
    "van phong thong ke": "office_statistics",
    "dia chinh xay dung": "land_construction",
    # TT 06/2012 and TT 13/2019 name the post of a xã "Địa chính - nông nghiệp - xây dựng và môi
    # trường" (of a phường or thị trấn "Địa chính - xây dựng - đô thị và môi trường").
    "dia chinh nong nghiep xay dung va moi truong": "land_construction",
    "dia chinh nong nghiep xay dung moi truong": "land_construction",
    "tai chinh ke toan": "finance_accounting",
    "tu phap ho tich": "justice_civil_status",
    "van hoa xa hoi": "culture_social",
}
_UNIT_SUFFIX = re.compile(r" (xa|phuong|thi tran|cap xa)$")
_KIND_PREFIX = re.compile(r"^(cong chuc|can bo) ")  # "Công chức Tư pháp - hộ tịch"


def position_key(text) -> str:
    return _KIND_PREFIX.sub("", _UNIT_SUFFIX.sub("", key(text)))


class PositionParser:
    """Find a position by its code, its Vietnamese name or a usual short form."""

    def __init__(self, positions):
        self.by_key: dict[str, object] = {}
        self.display: dict[str, str] = {}
        codes = {position.code: position for position in positions}
        for alias, code in POSITION_ALIASES.items():
            if code in codes:
                self.by_key[alias] = codes[code]
        for position in positions:
            self.by_key[key(position.code)] = position
            self.by_key[position_key(position.name)] = position
            self.display[position_key(position.name)] = position.name
        # Longer official names start with a known one ("Địa chính - xây dựng - đô thị và ...").
        self.prefixes = sorted((k for k in self.by_key if k.count(" ") >= 2), key=len, reverse=True)

    def __call__(self, value):
        text = position_key(value)
        found = self.by_key.get(text)
        if found is None:
            for alias in self.prefixes:
                if text.startswith(alias + " "):
                    return self.by_key[alias]
            raise CellError(
                _(
                    "is not a position of the catalogue; expected a code or a name such as "
                    "%(example)s"
                )
                % {"example": "“Tài chính - kế toán”"},
                closest(text, self.display),
            )
        return found


# Levels (DESIGN §4) --------------------------------------------------------------------------

# The label the export writes for each level; the importer reads it back.
EXPORT_LABELS: dict[str, dict[str, str]] = {
    D.GENERAL_EDUCATION: {"primary": "5/12", "lower_secondary": "9/12", "upper_secondary": "12/12"},
    D.PROFESSIONAL: {
        "elementary": "Sơ cấp",
        "intermediate": "Trung cấp",
        "college": "Cao đẳng",
        "bachelor": "Đại học",
        "master": "Thạc sĩ",
        "doctor": "Tiến sĩ",
    },
    D.POLITICAL_THEORY: {
        "elementary": "Sơ cấp",
        "intermediate": "Trung cấp",
        "advanced": "Cao cấp",
        "bachelor": "Cử nhân chính trị",
    },
    D.STATE_MANAGEMENT: {
        "clerk": "Cán sự",
        "specialist": "Chuyên viên",
        "principal": "Chuyên viên chính",
        "senior": "Chuyên viên cao cấp",
    },
    D.IT: {
        "cert_a": "Chứng chỉ A",
        "cert_b": "Chứng chỉ B",
        "cert_c": "Chứng chỉ C",
        "basic": "CNTT cơ bản",
        "advanced": "CNTT nâng cao",
        "intermediate": "Trung cấp",
        "college": "Cao đẳng",
        "bachelor": "Đại học",
    },
    D.FOREIGN_LANGUAGE: {
        "cert_a": "A",
        "cert_b": "B",
        "cert_c": "C",
        "level_1": "A1",
        "level_2": "A2",
        "level_3": "B1",
        "level_4": "B2",
        "level_5": "C1",
        "level_6": "C2",
        "bachelor": "Đại học",
    },
    D.ETHNIC_LANGUAGE: {"certificate": "Chứng chỉ"},
}

_DEGREES = {
    "intermediate": ["trung cap", "tc", "trung hoc chuyen nghiep", "thcn", "tccn"],
    "college": ["cao dang", "cd", "c d"],
    "bachelor": ["dai hoc", "dh", "d h", "cu nhan", "cn", "ky su", "ks", "kien truc su", "bac si"],
}

# Folded words and abbreviations of each level, per dimension (the §4 labels and usual forms).
ALIASES: dict[str, dict[str, list[str]]] = {
    D.GENERAL_EDUCATION: {
        "primary": ["tieu hoc", "5/12", "4/10", "cap 1", "cap i", "5/5", "5"],
        "lower_secondary": [
            "thcs",
            "trung hoc co so",
            "9/12",
            "7/10",
            "8/10",
            "cap 2",
            "cap ii",
            "9/9",
            "9",
        ],
        "upper_secondary": [
            "thpt",
            "trung hoc pho thong",
            "12/12",
            "10/10",
            "cap 3",
            "cap iii",
            "12",
        ],
    },
    D.PROFESSIONAL: {
        "elementary": ["so cap", "sc"],
        **_DEGREES,
        "master": ["thac si", "thac sy", "ths", "th s", "cao hoc"],
        "doctor": ["tien si", "tien sy", "ts", "t s"],
    },
    D.POLITICAL_THEORY: {
        "elementary": ["so cap", "sc"],
        "intermediate": ["trung cap", "tc"],
        "advanced": ["cao cap", "cc"],
        "bachelor": ["cu nhan chinh tri", "cu nhan", "cn"],
    },
    D.STATE_MANAGEMENT: {
        "clerk": ["can su", "cs"],
        "specialist": ["chuyen vien", "cv"],
        "principal": ["chuyen vien chinh", "cvc"],
        "senior": ["chuyen vien cao cap", "cvcc"],
    },
    D.IT: {
        "cert_a": ["chung chi a", "a", "trinh do a"],
        "cert_b": ["chung chi b", "b", "trinh do b"],
        "cert_c": ["chung chi c", "c", "trinh do c"],
        "basic": ["co ban", "ung dung cntt co ban", "cntt co ban", "udcntt co ban"],
        "advanced": ["nang cao", "ung dung cntt nang cao", "cntt nang cao"],
        **_DEGREES,
    },
    D.FOREIGN_LANGUAGE: {
        "cert_a": ["a"],
        "cert_b": ["b"],
        "cert_c": ["c"],
        "level_1": ["a1", "bac 1", "bac 1/6", "1/6"],
        "level_2": ["a2", "bac 2", "bac 2/6", "2/6"],
        "level_3": ["b1", "bac 3", "bac 3/6", "3/6"],
        "level_4": ["b2", "bac 4", "bac 4/6", "4/6"],
        "level_5": ["c1", "bac 5", "bac 5/6", "5/6"],
        "level_6": ["c2", "bac 6", "bac 6/6", "6/6"],
        "bachelor": ["dai hoc", "dh", "cu nhan"],
    },
    D.ETHNIC_LANGUAGE: {"certificate": ["chung chi", "x", "co"]},
}

# Words that may come before the level ("Trình độ Đại học", "Bồi dưỡng QLNN ngạch CV").
_LEADING = {
    D.GENERAL_EDUCATION: [
        "trinh do",
        "bo tuc van hoa",
        "bo tuc",
        "btvh",
        "lop",
        "he",
        "tot nghiep",
    ],
    D.PROFESSIONAL: ["trinh do", "bang", "tot nghiep", "he"],
    D.POLITICAL_THEORY: ["trinh do", "bang", "llct", "ly luan chinh tri"],
    D.STATE_MANAGEMENT: [
        "boi duong",
        "chung chi",
        "chuong trinh",
        "kien thuc",
        "quan ly nha nuoc",
        "qlnn",
        "ngach",
        "tuong duong",
    ],
    D.IT: [
        "trinh do",
        "chung chi",
        "cc",
        "tin hoc",
        "van phong",
        "ung dung",
        "udcntt",
        "cntt",
        "cong nghe thong tin",
        "chuan",
        "ky nang",
        "su dung",
    ],
    D.FOREIGN_LANGUAGE: ["trinh do", "chung chi", "cc", "bac", "khung"],
    D.ETHNIC_LANGUAGE: [],
}

# Words that may follow the level in a dimension without a field ("TC LLCT", "Cao cấp LLCT - HC").
_TRAILING_WORDS = {
    D.GENERAL_EDUCATION: {"thpt", "thcs", "he", "bo", "tuc", "btvh", "bt", "12/12", "9/12"},
    D.POLITICAL_THEORY: {"ly", "luan", "chinh", "tri", "llct", "hanh", "lt", "ct", "hc"},
    D.STATE_MANAGEMENT: {"qlnn", "quan", "ly", "nha", "nuoc", "va", "tuong", "duong", "td"},
    D.IT: {"tin", "hoc", "cntt", "cong", "nghe", "thong", "ung", "dung", "may", "tinh"},
}

# Words of a language cell that are neither the language nor its level.
_LANGUAGE_NOISE = {
    "trinh",
    "do",
    "chung",
    "chi",
    "cc",
    "bac",
    "khung",
    "chau",
    "au",
    "cefr",
    "nang",
    "luc",
    "ngoai",
    "ngu",
    "vstep",
    "theo",
    "tuong",
    "duong",
    "td",
    "6",
}

_LANGUAGE_NAMES = {
    "ta": "Tiếng Anh",
    "ngon ngu anh": "Tiếng Anh",
    "anh": "Tiếng Anh",
    "anh van": "Tiếng Anh",
    "english": "Tiếng Anh",
    "phap": "Tiếng Pháp",
    "phap van": "Tiếng Pháp",
    "trung": "Tiếng Trung",
    "hoa": "Tiếng Trung",
    "nga": "Tiếng Nga",
}

# A level cell that says "none" in words (DESIGN §4: "Không", "Chưa có", "Không biết", "-").
NONE_WORDS = {
    "",
    "khong",
    "khong co",
    "khong biet",
    "chua",
    "chua co",
    "chua co chung chi",
    "chua co bang",
    "khong co chung chi",
    "chua qua dao tao",
    "0",
    "none",
}

# "Biết nói tiếng Tày": a spoken language without a certificate, which counts as none (§4).
_SPOKEN = re.compile(r"^(biet|noi duoc|nghe noi|giao tiep duoc|su dung duoc)\b")


def spoken_only(value) -> bool:
    """Tell whether an ethnic-language cell names a spoken language and no certificate."""
    folded = key(value)
    return bool(_SPOKEN.match(folded)) and "chung chi" not in folded


# A reference to the text that defines a certificate, e.g. "(TT 03/2014)": not part of the level.
_LEGAL_REFERENCE = re.compile(
    r"\(\s*(theo\s+)?(tt|ttlt|thông tư|nđ|nghị định|qđ)\b[^)]*\)", flags=re.IGNORECASE
)

# How a degree was earned (DESIGN §4): never its field.
STUDY_MODES = [
    "chinh quy",
    "tai chuc",
    "vua lam vua hoc",
    "vlvh",
    "van bang 2",
    "van bang hai",
    "vb2",
    "lien thong",
    "tu xa",
    "dao tao tu xa",
    "khong chinh quy",
]
_MODE_LEAD = {"he", "hinh", "thuc"}  # "hệ tại chức", "hình thức vừa làm vừa học"
_FIELD_WORD = re.compile(r"[^\s\-–—,;:()+/]+")


@functools.lru_cache(maxsize=4096)  # a roster repeats a few hundred fields
def clean_field(text: str) -> str:
    """Return a field without the study mode written with it ("Kế toán (tại chức)" -> "Kế toán")."""
    words = [(m.start(), m.end(), key(m.group())) for m in _FIELD_WORD.finditer(text)]
    modes = sorted((tuple(mode.split(" ")) for mode in STUDY_MODES), key=len, reverse=True)
    cut: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        for mode in modes:
            folded = tuple(w for _s, _e, w in words[index : index + len(mode)])
            if folded == mode:
                start = index
                while start > 0 and words[start - 1][2] in _MODE_LEAD:
                    start -= 1
                cut.append((words[start][0], words[index + len(mode) - 1][1]))
                index += len(mode) - 1
                break
        index += 1
    for start, end in reversed(cut):
        text = text[:start] + text[end:]
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+", " ", text).strip(" -–—,:;()")
    return re.sub(r"^(chuyên ngành|ngành|chuyên môn)\s*:?\s*", "", text, flags=re.I).strip()


_TOKEN = re.compile(r"[^\s\-–—,;:()+]+")


@dataclass(frozen=True, slots=True)
class LevelEntry:
    """One credential named in a cell: its level and, where the dimension has one, field or
    language."""

    dimension: str
    level: str
    field: str = ""
    language: str = ""


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Return (folded word, start, end) for each word of `text`."""
    result = []
    for match in _TOKEN.finditer(text):
        word = key(match.group())
        if word:
            for part in word.split(" "):
                result.append((part, match.start(), match.end()))
    return result


class LevelParser:
    """Read the level cells of one dimension: §4 labels, abbreviations and long forms."""

    def __init__(self, dimension: str):
        self.dimension = dimension
        self.phrases: dict[tuple[str, ...], str] = {}
        for level, aliases in ALIASES[dimension].items():
            for alias in aliases:
                self.phrases[tuple(alias.split(" "))] = level
            self.phrases[tuple(level.split("_"))] = level  # the code: upper_secondary, level_3
        self.longest = max(len(words) for words in self.phrases)
        self.leading = [tuple(words.split(" ")) for words in _LEADING[dimension]]
        self.leading.sort(key=len, reverse=True)
        self.display = {}
        for level, label in EXPORT_LABELS[dimension].items():
            self.display[key(label)] = label
            for alias in ALIASES[dimension][level]:
                if len(alias) > 3:
                    self.display.setdefault(alias, label)
        if dimension == D.GENERAL_EDUCATION:
            self.display.update({"thpt": "THPT", "thcs": "THCS", "tieu hoc": "Tiểu học"})

    def _match_at(self, words: list[str], index: int) -> tuple[str, int] | None:
        """Return (level, words used) for the longest level phrase starting at `index`."""
        for size in range(min(self.longest, len(words) - index), 0, -1):
            level = self.phrases.get(tuple(words[index : index + size]))
            if level:
                return level, size
        return None

    def _skip_leading(self, words: list[str], index: int) -> int:
        moved = True
        while moved:
            moved = False
            for phrase in self.leading:
                if tuple(words[index : index + len(phrase)]) == phrase and index + len(
                    phrase
                ) < len(words):
                    index += len(phrase)
                    moved = True
                    break
        return index

    def entry(self, text: str) -> LevelEntry:
        """Return the entry one piece of a cell names, or raise CellError."""
        tokens = _tokens(text)
        words = [word for word, _start, _end in tokens]
        if not words:
            raise self._error(text)
        if self.dimension == D.FOREIGN_LANGUAGE:
            return self._language_entry(text, tokens, words)
        if self.dimension == D.ETHNIC_LANGUAGE:
            return self._ethnic_entry(text, words, tokens)
        start = self._skip_leading(words, 0)
        found = self._match_at(words, start)
        if not found:
            raise self._error(text)
        level, size = found
        rest = words[start + size :]
        if self.dimension == D.PROFESSIONAL:
            field = clean_field(text[tokens[start + size][1] :]) if rest else ""
            return LevelEntry(self.dimension, level, field=field)
        if rest and not set(rest) <= _TRAILING_WORDS.get(self.dimension, set()):
            raise self._error(text)
        return LevelEntry(self.dimension, level)

    def _language_entry(self, text, tokens, words) -> LevelEntry:
        """Read the level and, apart from it, the language: "Tiếng Anh B1", "B1 tiếng Anh",
        "Anh văn B", "Chứng chỉ A", "Bậc 3", "Tiếng Anh bậc 3 (B1)", "TA B1"."""
        matches = []
        index = 0
        while index < len(words):
            found = self._match_at(words, index)
            if found:
                matches.append((index, found[1], found[0]))
                index += found[1]
            else:
                index += 1
        if not matches:
            raise self._error(text)
        level = matches[-1][2]  # "bậc 3 (B1)": the level named twice, the last is kept
        level_words = {
            i
            for start, size, found in matches
            if rank(self.dimension, found) == rank(self.dimension, level)
            for i in range(start, start + size)
        }
        # The language: the first run of other words, without the noise at its edges.
        runs: list[list[int]] = []
        for i in range(len(words)):
            if i in level_words:
                continue
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            while run and words[run[0]] in _LANGUAGE_NOISE:
                run.pop(0)
            while run and words[run[-1]] in _LANGUAGE_NOISE:
                run.pop()
            if run:
                break
        else:
            return LevelEntry(self.dimension, level)
        language = text[tokens[run[0]][1] : tokens[run[-1]][2]]
        return LevelEntry(self.dimension, level, language=normalise_language(language))

    def _ethnic_entry(self, text, words, tokens) -> LevelEntry:
        if tuple(words) in self.phrases:
            return LevelEntry(self.dimension, "certificate")
        language = text.strip()
        language = re.sub(r"^(chứng chỉ|chung chi)\s*", "", language, flags=re.I)
        return LevelEntry(self.dimension, "certificate", language=language)

    def _error(self, text: str) -> CellError:
        examples = ", ".join(f"“{label}”" for label in EXPORT_LABELS[self.dimension].values())
        if self.dimension == D.FOREIGN_LANGUAGE:
            examples = "“Tiếng Anh B1”, “Tiếng Anh A2”, “Tiếng Pháp C”"
        return CellError(
            _("is not a level of this column; expected one of %(examples)s")
            % {"examples": examples},
            closest(text, self.display),
        )

    def __call__(self, value) -> list[LevelEntry]:
        """Return the entries of a cell; several are separated by ";" or new lines."""
        if isinstance(value, datetime.date | datetime.datetime):
            if self.dimension != D.GENERAL_EDUCATION:
                raise self._error(text_of(value))
            # Excel turns "12/12" or "9/12" typed in a cell into a date.
            for text in (f"{value.day}/{value.month}", f"{value.month}/{value.day}"):
                level = self.phrases.get((text,))
                if level:
                    return [LevelEntry(self.dimension, level)]
            raise self._error(text_of(value))
        text = _LEGAL_REFERENCE.sub(" ", text_of(value)).strip()
        if key(text) in NONE_WORDS:
            return []
        if self.dimension == D.ETHNIC_LANGUAGE and spoken_only(text):
            return []  # the import warns (§4)
        return [self.entry(piece) for piece in re.split(r"[;\n]+", text) if piece.strip()]


def normalise_language(text: str) -> str:
    """Return "Tiếng Anh" for "Anh", "Anh văn" or "tiếng Anh"; other names as written."""
    folded = key(text)
    if not folded:
        return ""
    if folded in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[folded]
    if folded.startswith("tieng "):
        rest = text.strip()[len("tiếng ") :].strip()
        return _LANGUAGE_NAMES.get(key(rest), "Tiếng " + rest[:1].upper() + rest[1:])
    return "Tiếng " + text.strip()


def language_key(text: str) -> str:
    """Return the key under which two spellings of one language compare equal."""
    folded = key(text)
    return folded[len("tieng ") :] if folded.startswith("tieng ") else folded


def parse_field(value) -> list[str]:
    """Return the fields of a "Chuyên ngành" cell, without their study modes (§4)."""
    pieces = (clean_field(piece) for piece in re.split(r"[;\n]+", text_of(value)))
    return [piece for piece in pieces if piece]


@functools.lru_cache(maxsize=4096, typed=True)  # typed: the cells 1 and True read apart
def read_by_folding(written, label: str) -> bool:
    """Return whether `written` names `label` only once diacritics are folded ("Đại hoc" for
    "Đại học"): a misspelling the import corrected, to be pointed out."""
    text = text_of(written)
    if not text or label.casefold() in text.casefold():
        return False
    return f" {key(label)} " in f" {key(text)} "
