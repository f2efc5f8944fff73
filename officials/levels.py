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

# Ladder of each dimension, lowest first: (level code, label).
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
        ("bachelor", _("Bachelor of political science")),
    ],
    D.STATE_MANAGEMENT: [
        ("clerk", _("Clerk")),
        ("specialist", _("Specialist")),
        ("principal", _("Principal specialist")),
        ("senior", _("Senior specialist")),
    ],
    D.IT: [
        ("cert_a", _("Certificate A")),
        ("cert_b", _("Certificate B")),
        ("cert_c", _("Certificate C")),
        ("basic", _("Basic IT skills")),
        ("advanced", _("Advanced IT skills")),
        ("intermediate", _("Intermediate")),
        ("college", _("College")),
        ("bachelor", _("Bachelor")),
    ],
    D.FOREIGN_LANGUAGE: [
        ("cert_a", _("Certificate A")),
        ("cert_b", _("Certificate B")),
        ("cert_c", _("Certificate C")),
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


# Levels on the rung of another level of their ladder: told apart in reports, equal for the rule.
SAME_RUNG: dict[str, dict[str, str]] = {
    D.POLITICAL_THEORY: {"bachelor": "advanced"},  # Cử nhân chính trị = Cao cấp (DESIGN §4)
}


def _rungs(dimension: str) -> dict[str, int]:
    """Return the rung of each level of `dimension`, from 1; a same-rung level shares one."""
    rungs: dict[str, int] = {}
    for code, _label in LADDERS[dimension]:
        same = SAME_RUNG.get(dimension, {}).get(code)
        rungs[code] = rungs[same] if same else max(rungs.values(), default=0) + 1
    return rungs


RUNGS = {dimension: _rungs(dimension) for dimension in LADDERS}


def _all_levels() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for ladder in LADDERS.values():
        for code, label in ladder:
            seen.setdefault(code, label)
    return list(seen.items())


LEVEL_CHOICES = _all_levels()


def rank(dimension: str, level: str | None) -> int:
    """Return the rung of `level` on the ladder of `dimension` (0 for none)."""
    if not level:
        return 0
    try:
        return RUNGS[dimension][level]
    except KeyError:
        raise ValueError(f"{level!r} is not a level of {dimension!r}") from None


def ladder_position(dimension: str, level: str | None) -> tuple[int, int]:
    """Return a key that orders levels by rung, then by their place on the ladder (0 for none).

    It tells which of two same-rung levels to report (Cử nhân chính trị over Cao cấp).
    """
    if not level:
        return (0, 0)
    return (rank(dimension, level), levels_of(dimension).index(level))


def level_label(dimension: str, level: str | None) -> str:
    """Return the label of `level` in `dimension`, or "none"."""
    for code, label in LADDERS.get(dimension, []):
        if code == level:
            return str(label)
    return str(_("none"))


def levels_of(dimension: str) -> list[str]:
    return [code for code, _label in LADDERS[dimension]]


def valid_pair_condition(dimension_field="dimension", level_field="level") -> Q:
    """Return the condition that a (dimension, level) pair belongs to one ladder."""
    condition = Q()
    for dimension, ladder in LADDERS.items():
        condition |= Q(
            **{dimension_field: dimension, f"{level_field}__in": [code for code, _ in ladder]}
        )
    return condition


def rank_expression(dimension_field="dimension", level_field="level") -> Case:
    """Return an SQL expression for the rank of a (dimension, level) pair (NULL when invalid)."""
    return Case(
        *[
            When(Q(**{dimension_field: dimension, level_field: code}), then=Value(rung))
            for dimension, rungs in RUNGS.items()
            for code, rung in rungs.items()
        ],
        default=Value(None),
        output_field=models.SmallIntegerField(),
    )
