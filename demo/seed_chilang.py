"""The demo district of the seed article: Huyện Chi Lăng, Lạng Sơn (DESIGN §10 `seed_demo`).

Deterministic. Built so that, under regime 2019, the figures of the article come out of the
compliance engine itself (nothing here stores a figure):
- 24/05/2022: 415 officials in post in the district's 20 communes, 346 compliant (83,37 %);
  Thị trấn Chi Lăng 20 in post against a quota of 21, 15 compliant (75,00 %); Xã Nhân Lý
  18 of 20 compliant (90,00 %), 11 of 20 (55,00 %) at intermediate political theory or above,
  all 20 with an IT certificate of level A or above;
- 31/12/2015: 397 in post, 243 compliant (61,21 %), 22,16 points lower.

People are planned first (where and in which post on each date, compliant or not and why),
then their posts and credentials are written so that the rule gives exactly that plan.
"""

import datetime
import random
from dataclasses import dataclass, field

from cadre_registry.text import fold
from officials.models import (
    Assignment,
    Credential,
    EndReason,
    Gender,
    Official,
    Religion,
    Verification,
)
from standards.models import Position, Requirement
from units.models import AdministrativeUnit, CommuneClass, Dataset

D = datetime.date
SEED = 20220524
BEFORE = D(2015, 12, 31)  # the article's baseline ("so với năm 2015")
NOW = D(2022, 5, 24)  # the article's date
TERM_START = D(2020, 10, 1)  # "từ đầu nhiệm kỳ"

TT_CHI_LANG, NHAN_LY = "06466", "06496"

# commune code -> (class, officials in post 2015, officials in post 2022, compliant 2022)
COMMUNES = {
    "06463": (CommuneClass.I, 20, 21, 18),
    TT_CHI_LANG: (CommuneClass.II, 20, 20, 15),
    "06469": (CommuneClass.II, 20, 21, 18),
    "06472": (CommuneClass.II, 19, 21, 17),
    "06475": (CommuneClass.II, 20, 21, 18),
    "06478": (CommuneClass.II, 20, 21, 17),
    "06481": (CommuneClass.I, 20, 21, 18),
    "06484": (CommuneClass.II, 20, 21, 17),
    "06487": (CommuneClass.II, 19, 20, 17),
    "06490": (CommuneClass.II, 20, 21, 17),
    "06493": (CommuneClass.II, 20, 21, 18),
    NHAN_LY: (CommuneClass.II, 20, 20, 18),
    "06499": (CommuneClass.II, 20, 21, 17),
    "06502": (CommuneClass.II, 20, 21, 17),
    "06505": (CommuneClass.II, 20, 21, 18),
    "06508": (CommuneClass.II, 19, 20, 17),
    "06514": (CommuneClass.II, 20, 21, 17),
    "06517": (CommuneClass.II, 20, 21, 17),
    "06520": (CommuneClass.II, 20, 20, 17),
    "06523": (CommuneClass.I, 20, 21, 18),
}
STAYERS = 16  # in the same post in every commune on both dates
TRANSFER_SLOT = 16  # transfers and rotations keep this post when they move
# (from commune, to commune, date, reason)
MOVES = [
    ("06463", "06469", D(2017, 7, 1), EndReason.ROTATION),
    ("06466", "06496", D(2018, 3, 1), EndReason.TRANSFER),
    ("06472", "06475", D(2019, 1, 2), EndReason.TRANSFER),
    ("06478", "06481", D(2019, 8, 1), EndReason.ROTATION),
    ("06484", "06487", D(2020, 2, 3), EndReason.TRANSFER),
    ("06490", "06493", D(2020, 11, 2), EndReason.ROTATION),
    ("06499", "06502", D(2021, 3, 1), EndReason.TRANSFER),
    ("06505", "06508", D(2021, 6, 1), EndReason.TRANSFER),
    ("06514", "06517", D(2017, 9, 1), EndReason.ROTATION),
    ("06520", "06523", D(2018, 10, 1), EndReason.TRANSFER),
]
# Of the people in post on both dates: compliant both times, only in 2022, never.
BOTH_COMPLIANT, LATER_COMPLIANT = 220, 51
JOINERS_NOT_COMPLIANT, LEAVERS_COMPLIANT = 10, 23

# The posts of a commune, most stable first; the first holder also chairs the council.
SLOTS = [
    "party_secretary",
    "committee_chair",
    "party_deputy_secretary",
    "council_vice_chair",
    "committee_vice_chair",
    "front_chair",
    "women_union_chair",
    "farmers_union_chair",
    "veterans_union_chair",
    "youth_union_secretary",
    "military_commander",
    "police_chief",
    "finance_accounting",
    "office_statistics",
    "land_construction",
    "culture_social",
    "justice_civil_status",
    "office_statistics",
    "land_construction",
    "culture_social",
    "finance_accounting",
]

FIELDS = {
    "finance_accounting": ["Kế toán", "Tài chính - Ngân hàng", "Kinh tế"],
    "office_statistics": ["Hành chính học", "Văn thư lưu trữ", "Luật"],
    "land_construction": ["Quản lý đất đai", "Địa chính", "Xây dựng dân dụng"],
    "culture_social": ["Văn hoá quần chúng", "Công tác xã hội", "Giáo dục thể chất"],
    "justice_civil_status": ["Luật", "Luật kinh tế"],
    "military_commander": ["Quân sự cơ sở"],
}
CADRE_FIELDS = ["Kinh tế nông nghiệp", "Luật", "Xây dựng Đảng và chính quyền nhà nước", "Kế toán"]
MISMATCHED_FIELDS = ["Sư phạm Toán", "Chăn nuôi thú y", "Điện dân dụng"]

FAMILY = {
    "Kinh": ["Nguyễn", "Trần", "Phạm", "Lê", "Đinh", "Vũ", "Đỗ", "Bùi"],
    "Tày": ["Hoàng", "Nông", "Vi", "Hà", "Lương", "Lộc", "Bế", "Triệu"],
    "Nùng": ["Lăng", "Lý", "Mã", "Lục", "Chu", "Vy", "Hoàng", "Dương"],
}
MIDDLE = {
    Gender.MALE: ["Văn", "Đức", "Công", "Minh", "Hữu", "Quang"],
    Gender.FEMALE: ["Thị", "Thu", "Hồng", "Ngọc", "Thị Thanh"],
}
GIVEN = {
    Gender.MALE: [
        "Hậu",
        "Trường",
        "Tuấn",
        "Sơn",
        "Hùng",
        "Dũng",
        "Thắng",
        "Cường",
        "Hải",
        "Long",
        "Bình",
        "Thành",
        "Vinh",
        "Huy",
        "Khánh",
        "Toàn",
        "Lâm",
        "Chiến",
        "Đạt",
        "Quý",
    ],
    Gender.FEMALE: [
        "Lan",
        "Hằng",
        "Huyền",
        "Mai",
        "Hoa",
        "Thuý",
        "Nga",
        "Liên",
        "Hạnh",
        "Yến",
        "Thảo",
        "Dung",
        "Phương",
        "Ngân",
        "Trang",
        "Hiền",
    ],
}


@dataclass
class Stint:
    """A post held: where, which, from when, until when and why it ended."""

    commune: str
    slot: int
    start: datetime.date
    end: datetime.date | None = None
    reason: str = ""
    from_district: bool = False  # came by rotation from the district (luân chuyển)


@dataclass
class Person:
    key: int
    stints: list[Stint]
    compliant_before: bool | None = None  # None: not in post on 31/12/2015
    compliant_now: bool | None = None  # None: not in post on 24/05/2022
    pt_intermediate: bool = False  # political theory intermediate or above in 2022
    it_at_least_a: bool = False
    name: str = ""
    gender: str = Gender.MALE
    ethnicity: str = "Kinh"
    birth: datetime.date = D(1975, 1, 1)
    credentials: list[tuple] = field(default_factory=list)
    gap: str | None = None
    religion: str = ""
    # Held besides the planned credentials, which the training plan reads: none changes a figure.
    extra_credentials: list[tuple] = field(default_factory=list)

    @property
    def positions(self) -> set[str]:
        codes = {SLOTS[s.slot] for s in self.stints}
        if any(s.slot == 0 for s in self.stints):
            codes.add("council_chair")
        return codes

    def commune_on(self, date) -> str | None:
        for s in self.stints:
            if s.start <= date and (s.end is None or s.end > date):
                return s.commune
        return None


def _date_between(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def plan_people(rng: random.Random) -> list[Person]:
    """Return the people of the district with their posts and their status on both dates."""
    people: list[Person] = []
    out_of = {src: (dst, date, reason) for src, dst, date, reason in MOVES}
    into = {dst for _src, dst, _date, _reason in MOVES}

    def new(stints):
        person = Person(key=len(people) + 1, stints=stints)
        people.append(person)
        return person

    stayers, joiners, leavers, movers = [], [], [], []
    for code, (_class, before, now, _compliant) in COMMUNES.items():
        for slot in range(STAYERS):
            start = _date_between(rng, D(2008, 1, 1), D(2015, 10, 1))
            stayers.append(new([Stint(code, slot, start)]))
        first_free_before = STAYERS + (1 if code in out_of else 0)
        for slot in range(first_free_before, before):
            start = _date_between(rng, D(2006, 1, 1), D(2015, 11, 30))
            end = _date_between(rng, D(2016, 3, 1), D(2021, 12, 31))
            reason = rng.choice(
                [
                    EndReason.RETIREMENT,
                    EndReason.DISMISSAL,
                    EndReason.END_OF_TERM,
                    EndReason.RESIGNATION,
                    EndReason.TRANSFER,
                ]
            )
            leavers.append(new([Stint(code, slot, start, end, reason)]))
        first_free_now = STAYERS + (1 if code in into else 0)
        for slot in range(first_free_now, now):
            joiners.append(new([Stint(code, slot, _date_between(rng, D(2016, 2, 1), NOW))]))
    for src, dst, date, reason in MOVES:
        start = _date_between(rng, D(2009, 1, 1), D(2015, 6, 30))
        movers.append(
            new([Stint(src, TRANSFER_SLOT, start, date, reason), Stint(dst, TRANSFER_SLOT, date)])
        )
    _assign_statuses(rng, stayers + movers, joiners, leavers)
    return people


def _assign_statuses(rng, both: list[Person], joiners: list[Person], leavers: list[Person]):
    """Mark who is compliant on each date so that every commune meets its 2022 target."""
    for person in leavers:
        person.compliant_now = None
    for person in rng.sample(leavers, len(leavers)):
        person.compliant_before = False
    for person in rng.sample(leavers, LEAVERS_COMPLIANT):
        person.compliant_before = True
    by_commune: dict[str, list[Person]] = {code: [] for code in COMMUNES}
    for person in both + joiners:
        by_commune[person.commune_on(NOW)].append(person)
    joiner_failures = JOINERS_NOT_COMPLIANT
    for code, members in by_commune.items():
        _class, _before, now, compliant = COMMUNES[code]
        assert len(members) == now, (code, len(members), now)
        failing = now - compliant
        new_people = [p for p in members if p.commune_on(BEFORE) is None]
        old_people = [p for p in members if p.commune_on(BEFORE) is not None]
        rng.shuffle(new_people)
        rng.shuffle(old_people)
        failing_joiners = 1 if joiner_failures and failing > 1 and new_people else 0
        joiner_failures -= failing_joiners
        for index, person in enumerate(new_people):
            person.compliant_now = index >= failing_joiners
        # The party secretary (slot 0) is compliant in the demo communes the article names.
        old_people.sort(key=lambda p: p.stints[-1].slot == 0)
        never = failing - failing_joiners
        for index, person in enumerate(old_people):
            person.compliant_now = index >= never
            person.compliant_before = person.compliant_now
    assert joiner_failures == 0, joiner_failures
    now_compliant_old = [p for p in both if p.compliant_now]
    for person in rng.sample(now_compliant_old, LATER_COMPLIANT):
        person.compliant_before = False
    assert sum(1 for p in both if p.compliant_before) == BOTH_COMPLIANT


def _requirements() -> dict[str, list[tuple[str, str, bool]]]:
    """Return regime 2019's requirements per position in a special area: (dim, level, field)."""
    table: dict[str, list[tuple[str, str, bool]]] = {}
    for req in Requirement.objects.filter(regime__code="2019").select_related("position"):
        level = req.special_min_level or req.min_level
        table.setdefault(req.position.code, []).append((req.dimension, level, req.field_must_match))
    return table


def _field_for(positions: set[str], rng) -> str:
    for code in (
        "justice_civil_status",
        "finance_accounting",
        "land_construction",
        "office_statistics",
        "culture_social",
        "military_commander",
    ):
        if code in positions:
            return rng.choice(FIELDS[code])
    return rng.choice(CADRE_FIELDS)


def plan_credentials(person: Person, rng, requirements, avoid=()) -> None:
    """Give `person` credentials that make the rule agree with their planned status."""
    needs: dict[str, tuple[str, bool]] = {}
    for code in person.positions:
        for dimension, level, must_match in requirements.get(code, []):
            old = needs.get(dimension)
            if old is None or _rank(dimension, level) > _rank(dimension, old[0]):
                needs[dimension] = (level, must_match or (old[1] if old else False))
            elif must_match:
                needs[dimension] = (old[0], True)
    failing = person.compliant_now is False or (
        person.compliant_now is None and person.compliant_before is False
    )
    closes_later = person.compliant_before is False and person.compliant_now is True
    gap = _choose_gap(needs, rng, avoid) if (failing or closes_later) else None
    person.gap = gap
    field = _field_for(person.positions, rng)
    first_post = min(s.start for s in person.stints)
    early = _date_between(rng, D(1995, 6, 1), min(first_post, D(2012, 6, 30)))
    held = {}
    for dimension, (level, _must_match) in needs.items():
        held[dimension] = (level, field if dimension == "professional" else "")
    # A level above the minimum, now and then, as in real rosters.
    if "professional" in held and rng.random() < 0.45:
        held["professional"] = ("bachelor", held["professional"][1])
    held.setdefault("general_education", ("upper_secondary", ""))
    if "professional" not in held:
        held["professional"] = (rng.choice(["intermediate", "bachelor", "college"]), field)
    person.credentials = []
    for dimension, (level, fld) in held.items():
        if dimension == gap:
            continue
        person.credentials.append((dimension, level, fld, None if rng.random() < 0.3 else early))
    if gap is not None:
        person.credentials += _gap_credentials(gap, needs[gap], field, closes_later, rng)


def _rank(dimension, level):
    from officials.levels import rank

    return rank(dimension, level)


def _choose_gap(needs, rng, avoid=()) -> str:
    for dimension in ("it", "political_theory", "professional", "general_education"):
        if dimension in avoid:
            continue
        # Half of those short of IT lack a certificate; the others fall short elsewhere (a
        # degree below the rung or in another field), as offices reported after 2021.
        if dimension == "it" and rng.random() < 0.5:
            continue
        if dimension in needs and (dimension != "professional" or rng.random() < 0.5):
            return dimension
    return "general_education"


def _gap_credentials(dimension, need, field, closes_later, rng) -> list[tuple]:
    """The credential that is missing (or too low) until it is obtained, if ever."""
    level, must_match = need
    # No IT certificate at all: an old A, B or C certificate is the basic rung (TTLT 17/2016).
    below = {
        "it": None,
        "political_theory": ("elementary", "") if level != "elementary" else None,
        "general_education": ("lower_secondary", ""),
        "professional": ("elementary", field) if level != "elementary" else None,
    }[dimension]
    if dimension == "professional" and must_match and rng.random() < 0.5:
        below = (level, rng.choice(MISMATCHED_FIELDS))
    rows = []
    if below is not None:
        rows.append((dimension, below[0], below[1], D(2008, 6, 30)))
    if closes_later:
        obtained = _date_between(rng, D(2016, 6, 1), D(2021, 12, 31))
        rows.append((dimension, level, field if dimension == "professional" else "", obtained))
    return rows


def seed_district(*, actor=None) -> dict[str, int]:
    """Create the district's officials, posts, credentials and training history."""
    people, officials = _seed(actor)
    return {"officials": len(officials), **seed_training(people, officials, actor=actor)}


def seed_people(*, actor=None) -> list[Official]:
    """Create the district's officials, posts and credentials (history recorded)."""
    return _seed(actor)[1]


def _seed(actor) -> tuple[list[Person], list[Official]]:
    rng = random.Random(SEED)
    units = {
        u.code: u
        for u in AdministrativeUnit.objects.filter(dataset=Dataset.LEGACY, code__in=COMMUNES)
    }
    for code, (commune_class, *_rest) in COMMUNES.items():
        unit = units[code]
        if (unit.commune_class, unit.special_area) != (commune_class, True):
            unit.commune_class, unit.special_area = commune_class, True
            unit.save()
    people = plan_people(rng)
    requirements = _requirements()
    for person in people:
        # Nhân Lý's political theory is set below (11 of 20 at intermediate or above), and
        # everyone there holds an IT certificate, so nobody there lacks one.
        avoid = ("political_theory", "it") if person.commune_on(NOW) == NHAN_LY else ()
        plan_credentials(person, rng, requirements, avoid)
    _adjust_nhan_ly(people, rng)
    _name_people(people, rng)
    _mark_report_columns(people)
    return people, _write(people, units, actor)


def _adjust_nhan_ly(people: list[Person], rng) -> None:
    """Xã Nhân Lý: 11 of 20 at intermediate political theory or above, all with IT A or above."""
    members = [p for p in people if p.commune_on(NOW) == NHAN_LY]
    members.sort(key=lambda p: [s.slot for s in p.stints if s.commune == NHAN_LY][0])
    for index, person in enumerate(members):
        pt_levels = [c for c in person.credentials if c[0] == "political_theory"]
        wanted = "intermediate" if index < 11 else "elementary"
        if index < 11:
            person.credentials = [c for c in person.credentials if c[0] != "political_theory"]
            person.credentials.append(("political_theory", wanted, "", D(2012, 6, 30)))
        elif any(c[1] in ("intermediate", "advanced") for c in pt_levels):
            person.credentials = [c for c in person.credentials if c[0] != "political_theory"]
            person.credentials.append(("political_theory", "elementary", "", D(2010, 6, 30)))
        if not any(c[0] == "it" for c in person.credentials):
            person.credentials.append(("it", rng.choice(["cert_a", "cert_b"]), "", D(2011, 6, 30)))


def _name_people(people: list[Person], rng) -> None:
    for person in people:
        person.ethnicity = rng.choices(["Nùng", "Tày", "Kinh"], weights=[5, 2, 3])[0]
        person.gender = Gender.FEMALE if rng.random() < 0.3 else Gender.MALE
        family = rng.choice(FAMILY[person.ethnicity])
        person.name = " ".join(
            [family, rng.choice(MIDDLE[person.gender]), rng.choice(GIVEN[person.gender])]
        )
        person.birth = D(rng.randrange(1962, 1996), rng.randrange(1, 13), rng.randrange(1, 29))
    named = {TT_CHI_LANG: ("Nguyễn Văn Nhiên", "Kinh"), NHAN_LY: ("Vi Công Hậu", "Tày")}
    for person in people:
        stint = person.stints[-1]
        if stint.slot == 0 and stint.commune in named and person.commune_on(NOW):
            person.name, person.ethnicity = named[stint.commune]
            person.gender = Gender.MALE


def _mark_report_columns(people: list[Person]) -> None:
    """Fill BM02's religion, "Cử nhân chính trị" and rotation columns, by rule, not by chance.

    No random draw is taken (the article's figures depend on the draws), and nothing here changes
    compliance: religion and rotation are not requirements, and Cử nhân chính trị goes to Nhân Lý
    people who already hold Trung cấp (whom seed_training keeps out of the Cao cấp class).
    """
    for person in people:
        if person.key % 29 == 2:
            person.religion = Religion.BUDDHISM
        elif person.key % 47 == 5:
            person.religion = Religion.CATHOLICISM
        for stint in person.stints:  # party secretaries sent by the district for the 2015 term
            term_2015 = D(2013, 1, 1) <= stint.start <= D(2015, 12, 31)
            if stint.slot == 0 and term_2015 and person.key % 2 == 0:
                stint.from_district = True
    nhan_ly = [p for p in people if p.commune_on(NOW) == NHAN_LY]
    holders = [
        p
        for p in nhan_ly
        if ("political_theory", "intermediate", "", D(2012, 6, 30)) in p.credentials
    ]
    for person in holders[:3]:
        person.extra_credentials.append(("political_theory", "bachelor", "", D(2016, 6, 30)))


def citizen_id(person: Person) -> str:
    century_gender = "0" if person.gender == Gender.MALE else "1"
    return f"020{century_gender}{person.birth.year % 100:02d}{person.key:06d}"


def _write(people: list[Person], units, actor) -> list[Official]:
    positions = {p.code: p for p in Position.objects.all()}
    officials = [
        Official(
            full_name=p.name,
            date_of_birth=p.birth,
            gender=p.gender,
            ethnicity=p.ethnicity,
            religion=p.religion,
            citizen_id=citizen_id(p),
            party_member=True,
            party_joined_on=D(p.birth.year + 24, 5, 19),
            search_key=fold(p.name),
        )
        for p in people
    ]
    _bulk(Official, officials, actor)
    by_key = {p.key: o for p, o in zip(people, officials, strict=True)}
    posts, credentials = [], []
    for person in people:
        official = by_key[person.key]
        for stint in person.stints:
            codes = [SLOTS[stint.slot]] + (["council_chair"] if stint.slot == 0 else [])
            posts += [
                Assignment(
                    official=official,
                    position=positions[code],
                    commune=units[stint.commune],
                    start_date=stint.start,
                    end_date=stint.end,
                    end_reason=stint.reason,
                    from_district=stint.from_district,
                )
                for code in codes
            ]
        credentials += [
            Credential(
                official=official,
                dimension=dimension,
                level=level,
                field=fld,
                field_key=fold(fld),
                awarded_on=awarded,
                issuer=_issuer(dimension),
                verification=Verification.VERIFIED,
            )
            for dimension, level, fld, awarded in person.credentials + person.extra_credentials
        ]
    _bulk(Assignment, posts, actor)
    _bulk(Credential, credentials, actor)
    return officials


def _issuer(dimension: str) -> str:
    return {
        "political_theory": "Trường Chính trị Hoàng Văn Thụ tỉnh Lạng Sơn",
        "it": "Trung tâm Tin học tỉnh Lạng Sơn",
        "general_education": "Sở Giáo dục và Đào tạo Lạng Sơn",
    }.get(dimension, "")


def _bulk(model, rows, actor):
    from simple_history.utils import bulk_create_with_history

    bulk_create_with_history(rows, model, batch_size=500, default_user=actor)


# Training since the start of the 2020-2025 term ("từ đầu nhiệm kỳ") -----------------------------

PROVIDER = "Trường Chính trị Hoàng Văn Thụ tỉnh Lạng Sơn"
# programme, class name, start, end, how many, outcome ("completed", "enrolled", or a number failed)
POLITICAL_RUNS = [
    ("pt_intermediate", "Lớp Trung cấp LLCT K41", D(2020, 11, 2), D(2021, 10, 29), 70, 0),
    ("pt_intermediate", "Lớp Trung cấp LLCT K42", D(2021, 3, 1), D(2022, 2, 25), 60, 3),
    ("pt_intermediate", "Lớp Trung cấp LLCT K43", D(2021, 10, 4), D(2022, 9, 30), 44, None),
    ("pt_advanced", "Lớp Cao cấp LLCT hệ không tập trung", D(2020, 12, 1), D(2021, 11, 30), 19, 0),
]
REFRESHERS = [
    ("refresher_skills", D(2020, 10, 12), D(2020, 10, 16)),
    ("refresher_defence", D(2020, 12, 7), D(2020, 12, 11)),
    ("refresher_professional", D(2021, 3, 15), D(2021, 3, 19)),
    ("refresher_skills", D(2021, 5, 10), D(2021, 5, 14)),
    ("refresher_professional", D(2021, 8, 16), D(2021, 8, 20)),
    ("refresher_defence", D(2021, 10, 18), D(2021, 10, 22)),
    ("refresher_skills", D(2021, 12, 6), D(2021, 12, 10)),
    ("refresher_professional", D(2022, 3, 14), D(2022, 3, 18)),
    ("refresher_skills", D(2022, 5, 9), D(2022, 5, 13)),
]


def _pt_rank(person: Person, on) -> int:
    ranks = [
        _rank("political_theory", level)
        for dimension, level, _f, awarded in person.credentials
        if dimension == "political_theory" and (awarded is None or awarded <= on)
    ]
    return max(ranks, default=0)


def seed_training(people: list[Person], officials: list[Official], *, actor=None) -> dict:
    """Open the district's classes and record who went, passed or failed (through the services).

    Who goes where keeps the planned figures of 24/05/2022: classes that end before then take
    only people whose compliance a new certificate cannot change, outside Nhân Lý; the class still
    running takes anyone who lacks the certificate (the forecast shows what it will change).
    """
    from training.models import Programme
    from training.services import (
        run_complete_all,
        run_create,
        run_enrol_nominees,
        run_nominate,
        run_record_results,
    )

    rng = random.Random(SEED + 1)
    district = AdministrativeUnit.objects.get(dataset=Dataset.LEGACY, code="187")
    programmes = {p.code: p for p in Programme.objects.all()}
    by_key = {p.key: o for p, o in zip(people, officials, strict=True)}
    used: set[int] = set()
    counts = {"runs": 0, "enrolments": 0}

    def open_run(code, name, start, end):
        counts["runs"] += 1
        data = {
            "programme": programmes[code],
            "name": name,
            "unit": district,
            "provider": PROVIDER,
            "place": "Chi Lăng",
            "starts_on": start,
            "ends_on": end,
        }
        return run_create(data=data, actor=actor)

    for code, name, start, end, size, outcome in POLITICAL_RUNS:
        target = 3 if code == "pt_advanced" else 2
        finished = outcome is not None and end <= NOW

        def fits(p, code=code, start=start, end=end, target=target, finished=finished):
            if p.key in used or p.commune_on(start) is None or p.commune_on(NOW) is None:
                return False
            if code == "pt_advanced":
                return _pt_rank(p, start) == 2 and p.commune_on(NOW) != NHAN_LY
            if _pt_rank(p, end) >= target:
                return False
            if finished:
                return p.commune_on(NOW) != NHAN_LY and p.gap != "political_theory"
            return True

        chosen = rng.sample([p for p in people if fits(p)], size)
        used.update(p.key for p in chosen)
        run = open_run(code, name, start, end)
        run_nominate(run=run, officials=[by_key[p.key] for p in chosen], actor=actor)
        run_enrol_nominees(run=run, actor=actor)
        counts["enrolments"] += size
        if outcome is None:
            continue
        failed = {by_key[p.key].pk for p in chosen[:outcome]}
        results = {
            by_key[p.key].pk: ("failed" if by_key[p.key].pk in failed else "completed")
            for p in chosen
        }
        run_record_results(run=run, results=results, actor=actor)
    for index, (code, start, end) in enumerate(REFRESHERS, start=1):
        attending = [by_key[p.key] for p in people if p.commune_on(start) is not None]
        run = open_run(code, f"{programmes[code].name} đợt {index}", start, end)
        run_nominate(run=run, officials=attending, actor=actor)
        run_enrol_nominees(run=run, actor=actor)
        run_complete_all(run=run, actor=actor)
        counts["enrolments"] += len(attending)
    return counts
