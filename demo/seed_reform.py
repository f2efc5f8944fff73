"""The demo continues to today (DESIGN §11.6): Chi Lăng's 20 communes became Xã Chi Lăng, Chiến
Thắng, Bằng Mạc, Nhân Lý, Vạn Linh and Quan Sơn on 01/07/2025.

The reorganisation goes through the same service as the page and the command: the default
proposal, with a few people retiring or leaving (with reasons); then the province sets each new
commune's staffing number. A second run changes nothing.
"""

from reorganisation.models import NotPlacedReason
from reorganisation.services import (
    Decision,
    Outcome,
    legacy_province,
    proposal,
    reorganisation_apply,
)
from units.models import AdministrativeUnit, Dataset, Level

DEMO_PROVINCE = "20"
# Biên chế set by the province for each new commune (demo values).
STAFFING = {
    "Xã Chi Lăng": 60,
    "Xã Chiến Thắng": 78,
    "Xã Bằng Mạc": 76,
    "Xã Nhân Lý": 75,
    "Xã Vạn Linh": 58,
    "Xã Quan Sơn": 40,
}
# Who does not go on: the oldest holders of a civil-servant post retire, two younger ones leave
# the service and one is transferred to other work (chosen by rule, so the demo stays the same).
LEAVERS = [NotPlacedReason.RETIRED] * 4 + [
    NotPlacedReason.RESIGNED,
    NotPlacedReason.RESIGNED,
    NotPlacedReason.TRANSFERRED,
]


def seed_reform(*, actor=None) -> Outcome:
    """Apply the reorganisation of Lạng Sơn's demo data and set the staffing numbers."""
    province = legacy_province(DEMO_PROVINCE)
    rows = proposal(province=province).rows
    reasons = _leavers(rows)
    decisions = [
        Decision(
            number=number,
            post_id=row.post_id,
            citizen_id=row.citizen_id,
            commune=row.commune.code if row.commune else "",
            position=row.position_code,
            reason=reasons.get(row.official_id, row.reason),
        )
        for number, row in enumerate(rows, start=1)
    ]
    outcome = reorganisation_apply(province=province, decisions=decisions, actor=actor)
    _set_staffing()
    return outcome


def _leavers(rows) -> dict[int, str]:
    """Return the people who retire or leave: holders of one civil-servant post only."""
    posts: dict[int, list] = {}
    for row in rows:
        posts.setdefault(row.official_id, []).append(row)
    single = [
        held[0]
        for held in posts.values()
        if len(held) == 1 and not held[0].reason and held[0].position_code != ""
    ]
    cadres = _cadre_codes()
    single = [row for row in single if row.legacy_position_code not in cadres]
    oldest = sorted(single, key=lambda row: (row.date_of_birth, row.citizen_id))
    youngest = sorted(single, key=lambda row: (row.date_of_birth, row.citizen_id), reverse=True)
    chosen = {}
    for row in oldest[:4]:
        chosen[row.official_id] = NotPlacedReason.RETIRED
    for row, reason in zip(youngest[:3], LEAVERS[4:], strict=True):
        chosen.setdefault(row.official_id, reason)
    return chosen


def _cadre_codes() -> set[str]:
    from standards.models import Position, PositionKind

    return set(Position.objects.filter(kind=PositionKind.CADRE).values_list("code", flat=True))


def _set_staffing() -> None:
    communes = AdministrativeUnit.objects.filter(
        dataset=Dataset.Y2025, level=Level.COMMUNE, parent__code=DEMO_PROVINCE, name__in=STAFFING
    )
    for commune in communes:
        if commune.staffing_number != STAFFING[commune.name]:
            commune.staffing_number = STAFFING[commune.name]
            commune.save()
