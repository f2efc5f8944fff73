"""Credential dimensions and their ordered levels (DESIGN §4).

Each dimension is a ladder; a higher rung satisfies a lower requirement. The rank of a level is its
position on its ladder, from 1; no credential in a dimension means rank 0 ("none").
"""

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    GENERAL_EDUCATION = "general_education", _("General education")
    PROFESSIONAL = "professional", _("Professional qualification")
    POLITICAL_THEORY = "political_theory", _("Political theory")
    STATE_MANAGEMENT = "state_management", _("State management")
    IT = "it", _("IT")
    FOREIGN_LANGUAGE = "foreign_language", _("Foreign language")
    ETHNIC_LANGUAGE = "ethnic_language", _("Ethnic minority language")


D = Dimension

# Rungs of each dimension, lowest first: (level code, label).
LADDERS: dict[str, list[tuple[str, str]]] = {
    D.GENERAL_EDUCATION: [
        ("primary", _("Primary (5/12)")),
        ("lower_secondary", _("Lower secondary (9/12)")),
        ("upper_secondary", _("Upper secondary (12/12)")),
    ],
    D.PROFESSIONAL: [
        ("elementary", _("Elementary")),
        ("intermediate", _("Intermediate")),
        ("college", _("College")),
        ("bachelor", _("Bachelor")),
        ("master", _("Master")),
        ("doctor", _("Doctor")),
    ],
    D.POLITICAL_THEORY: [
        ("elementary", _("Elementary")),
        ("intermediate", _("Intermediate")),
        ("advanced", _("Advanced")),
    ],
    D.STATE_MANAGEMENT: [
        ("clerk", _("Clerk")),
        ("specialist", _("Specialist")),
        ("principal", _("Principal specialist")),
        ("senior", _("Senior specialist")),
    ],
    D.IT: [
        ("basic", _("Basic IT skills")),
        ("advanced", _("Advanced IT skills")),
        ("intermediate", _("Intermediate")),
        ("college", _("College")),
        ("bachelor", _("Bachelor")),
    ],
    D.FOREIGN_LANGUAGE: [
        ("level_1", _("Level 1 (A1)")),
        ("level_2", _("Level 2 (A2)")),
        ("level_3", _("Level 3 (B1)")),
        ("level_4", _("Level 4 (B2)")),
        ("level_5", _("Level 5 (C1)")),
        ("level_6", _("Level 6 (C2)")),
        ("bachelor", _("Bachelor")),
    ],
    D.ETHNIC_LANGUAGE: [
        ("certificate", _("Certificate")),
    ],
}


# Levels that stand on the rung of another, their label kept as written: (code, label, rung).
# TTLT 17/2016/TTLT-BGDĐT-BTTTT Điều 23 k2 makes the old IT certificates A, B, C equivalent to the
# basic IT skills certificate; the old language certificates A, B, C sit on Bậc 1, 2, 3 (default).
SAME_RUNG: dict[str, list[tuple[str, str, str]]] = {
    # Cử nhân chính trị stands on the rung of Cao cấp (DESIGN §4), told apart in reports (BM02).
    D.POLITICAL_THEORY: [("bachelor", _("Bachelor of political science"), "advanced")],
    D.IT: [
        ("cert_a", _("Certificate A"), "basic"),
        ("cert_b", _("Certificate B"), "basic"),
        ("cert_c", _("Certificate C"), "basic"),
    ],
    D.FOREIGN_LANGUAGE: [
        ("cert_a", _("Certificate A"), "level_1"),
        ("cert_b", _("Certificate B"), "level_2"),
        ("cert_c", _("Certificate C"), "level_3"),
    ],
}


def ladder(dimension: str) -> list[tuple[str, str, int]]:
    """Return every level of `dimension`, lowest rung first: (code, label, rank)."""
    others = SAME_RUNG.get(dimension, [])
    result = []
    for index, (code, label) in enumerate(LADDERS[dimension], start=1):
        result.append((code, label, index))
        result += [(other, text, index) for other, text, rung in others if rung == code]
    return result


def _all_levels() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for dimension in LADDERS:
        for code, label, _rank in ladder(dimension):
            seen.setdefault(code, label)
    return list(seen.items())


LEVEL_CHOICES = _all_levels()


def rank(dimension: str, level: str | None) -> int:
    """Return the rung of `level` on the ladder of `dimension` (0 for none)."""
    if not level:
        return 0
    for code, _label, index in ladder(dimension):
        if code == level:
            return index
    raise ValueError(f"{level!r} is not a level of {dimension!r}")


def ladder_position(dimension: str, level: str | None) -> tuple[int, int]:
    """Return a key that orders levels by rung, then by their place on the ladder (0 for none).

    It tells which of two same-rung levels to report (Cử nhân chính trị over Cao cấp).
    """
    if not level:
        return (0, 0)
    return (rank(dimension, level), levels_of(dimension).index(level))


def level_label(dimension: str, level: str | None) -> str:
    """Return the label of `level` in `dimension`, or "none"."""
    for code, label, _rank in ladder(dimension) if dimension in LADDERS else []:
        if code == level:
            return str(label)
    return str(_("none"))


def rung_label(dimension: str, rank_: int) -> str:
    """Return the label of the rung `rank_` of `dimension` (its first level)."""
    return str(LADDERS[dimension][rank_ - 1][1])


def levels_of(dimension: str) -> list[str]:
    return [code for code, _label, _rank in ladder(dimension)]


def valid_pair_condition(dimension_field="dimension", level_field="level") -> Q:
    """Return the condition that a (dimension, level) pair belongs to one ladder."""
    condition = Q()
    for dimension in LADDERS:
        condition |= Q(**{dimension_field: dimension, f"{level_field}__in": levels_of(dimension)})
    return condition


def rank_expression(dimension_field="dimension", level_field="level") -> Case:
    """Return an SQL expression for the rank of a (dimension, level) pair (NULL when invalid)."""
    whens = []
    for dimension in LADDERS:
        by_rank: dict[int, list[str]] = {}
        for code, _label, index in ladder(dimension):
            by_rank.setdefault(index, []).append(code)
        for index, codes in by_rank.items():
            level = {level_field: codes[0]} if len(codes) == 1 else {f"{level_field}__in": codes}
            whens.append(When(Q(**{dimension_field: dimension}, **level), then=Value(index)))
    return Case(*whens, default=Value(None), output_field=models.SmallIntegerField())
