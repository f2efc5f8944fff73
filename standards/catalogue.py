"""The default catalogue of positions and accepted field keywords (DESIGN §3, §5).

Shipped by a data migration; afterwards it is data that district staff edit.
"""

import datetime

CADRE, CIVIL_SERVANT = "cadre", "civil_servant"

POSITIONS = [
    # code, Vietnamese name, kind, key post
    ("party_secretary", "Bí thư Đảng uỷ", CADRE, True),
    ("party_deputy_secretary", "Phó Bí thư Đảng uỷ", CADRE, True),
    ("council_chair", "Chủ tịch Hội đồng nhân dân", CADRE, True),
    ("council_vice_chair", "Phó Chủ tịch Hội đồng nhân dân", CADRE, False),
    ("committee_chair", "Chủ tịch Uỷ ban nhân dân", CADRE, True),
    ("committee_vice_chair", "Phó Chủ tịch Uỷ ban nhân dân", CADRE, False),
    ("front_chair", "Chủ tịch Uỷ ban Mặt trận Tổ quốc", CADRE, False),
    ("youth_union_secretary", "Bí thư Đoàn Thanh niên Cộng sản Hồ Chí Minh", CADRE, False),
    ("women_union_chair", "Chủ tịch Hội Liên hiệp Phụ nữ", CADRE, False),
    ("farmers_union_chair", "Chủ tịch Hội Nông dân", CADRE, False),
    ("veterans_union_chair", "Chủ tịch Hội Cựu chiến binh", CADRE, False),
    ("police_chief", "Trưởng Công an xã", CIVIL_SERVANT, False),
    ("military_commander", "Chỉ huy trưởng Ban Chỉ huy Quân sự", CIVIL_SERVANT, False),
    ("office_statistics", "Văn phòng - thống kê", CIVIL_SERVANT, False),
    ("land_construction", "Địa chính - xây dựng", CIVIL_SERVANT, False),
    ("finance_accounting", "Tài chính - kế toán", CIVIL_SERVANT, False),
    ("justice_civil_status", "Tư pháp - hộ tịch", CIVIL_SERVANT, False),
    ("culture_social", "Văn hoá - xã hội", CIVIL_SERVANT, False),
]

# The regular police took over the commune police chief's post from 01/08/2023.
ABOLISHED_ON = {"police_chief": datetime.date(2023, 8, 1)}

FIELD_KEYWORDS = {
    "finance_accounting": ["kế toán", "tài chính", "kinh tế", "ngân hàng", "kiểm toán"],
    "justice_civil_status": ["luật"],
    "land_construction": [
        "địa chính",
        "đất đai",
        "xây dựng",
        "môi trường",
        "nông nghiệp",
        "trắc địa",
        "kiến trúc",
    ],
    "office_statistics": [
        "hành chính",
        "văn thư",
        "lưu trữ",
        "thống kê",
        "văn phòng",
        "luật",
        "kinh tế",
    ],
    "culture_social": [
        "văn hoá",
        "xã hội",
        "lao động",
        "du lịch",
        "thể dục",
        "giáo dục",
        "công tác xã hội",
    ],
    "military_commander": ["quân sự"],
}


# Standards regimes (DESIGN §5). Items marked (default) there are judgements, editable as data.
CADRES = [
    "party_secretary",
    "party_deputy_secretary",
    "council_chair",
    "council_vice_chair",
    "committee_chair",
    "committee_vice_chair",
    "front_chair",
    "youth_union_secretary",
    "women_union_chair",
    "farmers_union_chair",
    "veterans_union_chair",
]
CIVIL_SERVANTS = [
    "police_chief",
    "military_commander",
    "office_statistics",
    "land_construction",
    "finance_accounting",
    "justice_civil_status",
    "culture_social",
]
PROFESSIONAL_CIVIL_SERVANTS = [
    "office_statistics",
    "land_construction",
    "finance_accounting",
    "justice_civil_status",
    "culture_social",
]
QD04_LEADERS = ["party_secretary", "council_chair", "council_vice_chair", "committee_chair"]
OTHER_CADRES = [code for code in CADRES if code not in QD04_LEADERS]

GE, PRO, PT, IT = "general_education", "professional", "political_theory", "it"

# Phrases that make a field match no keyword of any position (DESIGN §5, default): political
# degrees ("Xây dựng Đảng và chính quyền nhà nước", "Giáo dục chính trị", "Kinh tế chính trị").
EXCLUDED_FIELD_PHRASES = ["xây dựng đảng", "chính trị"]

DEFAULT = "default"  # marks a requirement that rests on no article (DESIGN §5, *(default)*)


def req(dimension, minimum, special="", field=False, *, cite="", default=False):
    """One requirement: (dimension, minimum, special minimum, field match, article, default)."""
    if not (cite or default):
        raise ValueError("every requirement cites its article or is marked as a default")
    return (dimension, minimum, special, field, cite, default)


# The articles (DESIGN §5). QĐ 04/2004/QĐ-BNV sets the cadres' standards of regimes 2012 and 2019.
QD04 = {
    "party_secretary": "QĐ 04/2004 Điều 5",
    "council_chair": "QĐ 04/2004 Điều 7",
    "council_vice_chair": "QĐ 04/2004 Điều 7",
    "committee_chair": "QĐ 04/2004 Điều 8",
}
# TT 06/2012/TT-BNV, one article per civil-servant title, clause 2 its standards.
TT06 = {
    "office_statistics": "TT 06/2012 Điều 3 k2",
    "land_construction": "TT 06/2012 Điều 4 k2",
    "finance_accounting": "TT 06/2012 Điều 5 k2",
    "justice_civil_status": "TT 06/2012 Điều 6 k2",
    "culture_social": "TT 06/2012 Điều 7 k2",
}
TT13 = "TT 13/2019 Điều 1 k1"  # civil servants under NĐ 34/2019
CIVIL_STATUS_LAW = "Luật Hộ tịch 2014 Điều 72"  # trung cấp luật for civil-status officers
MILITIA_LAW = "Luật Dân quân tự vệ 2019 Điều 26"
ND33_CADRES = {code: "NĐ 33/2023 Điều 8 k2" for code in CADRES[6:]}  # the Front, mass organisations
ND33_CADRES.update(
    {
        code: "NĐ 33/2023 Điều 8 k3"
        for code in ("council_chair", "council_vice_chair", "committee_chair")
    }
)
ND33_CADRES["committee_vice_chair"] = "NĐ 33/2023 Điều 8 k3"
ND33_CIVIL_SERVANTS = "NĐ 33/2023 Điều 10 k2"


def _qd04_cadres():
    """Cadres under QĐ 04/2004/QĐ-BNV (regimes 2012 and 2019)."""
    rules = {}
    for code in QD04_LEADERS:
        cite = QD04[code]
        pt_special = "intermediate" if code == "party_secretary" else "elementary"
        rules[code] = [
            req(GE, "upper_secondary", cite=cite),
            req(PRO, "intermediate", "elementary", cite=cite),
            # The special-area minimum of the council and committee is a default (DESIGN §5).
            req(PT, "intermediate", pt_special, cite=cite, default=code != "party_secretary"),
        ]
    for code in OTHER_CADRES:
        rules[code] = [
            req(GE, "upper_secondary", default=True),
            req(PT, "elementary", default=True),
        ]
    return rules


def _regime_2012():
    rules = _qd04_cadres()
    for code in PROFESSIONAL_CIVIL_SERVANTS:
        cite = TT06[code]
        rules[code] = [
            req(GE, "upper_secondary", "lower_secondary", cite=cite),
            req(PRO, "intermediate", field=True, cite=cite),
            req(IT, "basic", cite=cite),  # "tin học văn phòng trình độ A": the basic rung (§4)
        ]
    rules["military_commander"] = [
        req(GE, "upper_secondary", cite="TT 87/2011", default=True),
        req(PRO, "intermediate", field=True, cite="TT 87/2011", default=True),
    ]
    rules["police_chief"] = [req(GE, "upper_secondary", default=True)]
    return rules


def _regime_2019():
    rules = _qd04_cadres()
    for code in PROFESSIONAL_CIVIL_SERVANTS:
        rules[code] = [
            req(GE, "upper_secondary", cite=TT13),
            req(PRO, "bachelor", "intermediate", field=True, cite=TT13),
            req(IT, "basic", cite=TT13),
        ]
    rules["justice_civil_status"][1] = req(PRO, "intermediate", field=True, cite=CIVIL_STATUS_LAW)
    rules["military_commander"] = [
        req(GE, "upper_secondary", default=True),
        req(PRO, "intermediate", field=True, cite=MILITIA_LAW),
    ]
    rules["police_chief"] = [req(GE, "upper_secondary", default=True)]
    return rules


def _regime_2023():
    rules = {}
    for code in CADRES:
        cite = ND33_CADRES.get(code, "")
        rules[code] = [
            req(GE, "upper_secondary", cite=cite, default=not cite),
            req(PRO, "bachelor", "intermediate", cite=cite, default=not cite),
            req(PT, "intermediate", cite=cite, default=not cite),
        ]
    for code in CIVIL_SERVANTS:
        rules[code] = [
            req(GE, "upper_secondary", cite=ND33_CIVIL_SERVANTS),
            req(PRO, "bachelor", "intermediate", field=True, cite=ND33_CIVIL_SERVANTS),
        ]
    rules["justice_civil_status"][1] = req(PRO, "intermediate", field=True, cite=CIVIL_STATUS_LAW)
    rules["military_commander"] = [
        req(GE, "upper_secondary", default=True),
        req(PRO, "intermediate", field=True, cite=f"NĐ 33/2023 Điều 10 k1; {MILITIA_LAW}"),
    ]
    return rules


def _by_class(i, ii, iii):
    return {"I": i, "II": ii, "III": iii}


# Quotas carry their own dates (DESIGN §5): (commune kind or "" for every kind, by class, from,
# until, legal basis). Quotas by class end with the legacy communes on 30/06/2025: from 01/07/2025
# each commune has the staffing number the province sets, with no default by class (§11.3).
ND34_QUOTA_FROM = datetime.date(2019, 6, 25)
LAST_LEGACY_DAY = datetime.date(2025, 6, 30)


REGIMES = [
    {
        "code": "2012",
        "title": "Tiêu chuẩn cán bộ, công chức cấp xã theo NĐ 92/2009, NĐ 112/2011",
        "legal_basis": "NĐ 92/2009/NĐ-CP, NĐ 112/2011/NĐ-CP, TT 06/2012/TT-BNV "
        "(cán bộ: QĐ 04/2004/QĐ-BNV)",
        "effective_from": datetime.date(2012, 2, 1),
        "effective_to": datetime.date(2019, 12, 24),
        "grace_until": None,
        "quotas": [
            (
                "",
                _by_class(25, 23, 21),
                datetime.date(2012, 2, 1),
                ND34_QUOTA_FROM - datetime.timedelta(days=1),
                "NĐ 92/2009 Điều 4",
            )
        ],
        "rules": _regime_2012(),
    },
    {
        "code": "2019",
        "title": "Tiêu chuẩn cán bộ, công chức cấp xã theo NĐ 34/2019",
        "legal_basis": "NĐ 34/2019/NĐ-CP, TT 13/2019/TT-BNV (cán bộ: QĐ 04/2004/QĐ-BNV; "
        "Chỉ huy trưởng Quân sự: Luật Dân quân tự vệ 2019, Điều 26)",
        "effective_from": datetime.date(2019, 12, 25),
        "effective_to": datetime.date(2023, 7, 31),
        "grace_until": datetime.date(2024, 12, 25),
        "quotas": [
            ("", _by_class(23, 21, 19), ND34_QUOTA_FROM, datetime.date(2023, 7, 31), "NĐ 34/2019")
        ],
        "rules": _regime_2019(),
    },
    {
        "code": "2023",
        "title": "Tiêu chuẩn cán bộ, công chức cấp xã theo NĐ 33/2023",
        "legal_basis": "NĐ 33/2023/NĐ-CP (Chỉ huy trưởng Quân sự: Luật Dân quân tự vệ 2019, "
        "Điều 26)",
        "effective_from": datetime.date(2023, 8, 1),
        "effective_to": None,
        "grace_until": datetime.date(2028, 8, 1),
        "quotas": [
            (
                "",
                _by_class(22, 20, 18),
                datetime.date(2023, 8, 1),
                LAST_LEGACY_DAY,
                "NĐ 33/2023 Điều 6",
            ),
            (
                "phuong",
                _by_class(23, 21, 19),
                datetime.date(2023, 8, 1),
                LAST_LEGACY_DAY,
                "NĐ 33/2023 Điều 6",
            ),
        ],
        "rules": _regime_2023(),
    },
]


# The 2025 job positions of civil servants (DESIGN §11.3, defaults the province adapts).
LEADERSHIP, PROFESSIONAL = "leadership", "professional"
POSITIONS_2025 = [
    # code, Vietnamese name, group
    ("office_head", "Chánh Văn phòng HĐND và UBND", LEADERSHIP),
    ("office_deputy", "Phó Chánh Văn phòng HĐND và UBND", LEADERSHIP),
    ("economy_head", "Trưởng phòng Kinh tế (phường: Kinh tế, Hạ tầng và Đô thị)", LEADERSHIP),
    ("economy_deputy", "Phó Trưởng phòng Kinh tế (phường: Kinh tế, Hạ tầng và Đô thị)", LEADERSHIP),
    ("culture_social_head", "Trưởng phòng Văn hoá - Xã hội", LEADERSHIP),
    ("culture_social_deputy", "Phó Trưởng phòng Văn hoá - Xã hội", LEADERSHIP),
    ("service_centre_head", "Giám đốc Trung tâm phục vụ hành chính công", LEADERSHIP),
    ("service_centre_deputy", "Phó Giám đốc Trung tâm phục vụ hành chính công", LEADERSHIP),
    ("home_affairs", "Nội vụ", PROFESSIONAL),
    ("justice", "Tư pháp", PROFESSIONAL),
    ("civil_status", "Hộ tịch", PROFESSIONAL),
    ("finance_planning", "Tài chính - kế hoạch", PROFESSIONAL),
    ("agriculture_environment", "Nông nghiệp và môi trường", PROFESSIONAL),
    ("land", "Địa chính, đất đai", PROFESSIONAL),
    ("construction_urban", "Xây dựng, đô thị", PROFESSIONAL),
    ("industry_trade", "Công thương", PROFESSIONAL),
    ("culture_sports_tourism", "Văn hoá, thể thao và du lịch", PROFESSIONAL),
    ("labour_social", "Lao động, xã hội", PROFESSIONAL),
    ("education_health", "Giáo dục, y tế", PROFESSIONAL),
    ("ethnic_religious", "Dân tộc, tôn giáo", PROFESSIONAL),
    ("science_digital", "Khoa học, công nghệ và chuyển đổi số", PROFESSIONAL),
    ("office_records", "Văn thư, lưu trữ", PROFESSIONAL),
    ("one_stop", "Tiếp nhận và trả kết quả (một cửa)", PROFESSIONAL),
    ("accounting", "Kế toán", PROFESSIONAL),
]
LEADING_CIVIL_SERVANTS = [code for code, _name, group in POSITIONS_2025 if group == LEADERSHIP]
PROFESSIONALS_2025 = [code for code, _name, group in POSITIONS_2025 if group == PROFESSIONAL]
FIELD_KEYWORDS_2025 = {
    "home_affairs": ["hành chính", "luật", "quản lý nhà nước", "nhân lực"],
    "justice": ["luật"],
    "civil_status": ["luật"],
    "finance_planning": ["tài chính", "kế toán", "kinh tế", "ngân hàng", "kiểm toán", "đầu tư"],
    "agriculture_environment": [
        "nông nghiệp",
        "lâm nghiệp",
        "thuỷ sản",
        "môi trường",
        "tài nguyên",
    ],
    "land": ["địa chính", "đất đai", "quản lý đất đai", "trắc địa"],
    "construction_urban": [
        "kỹ thuật xây dựng",
        "xây dựng dân dụng",
        "kinh tế xây dựng",
        "kiến trúc",
        "quy hoạch",
        "giao thông",
    ],
    "industry_trade": ["kinh tế", "thương mại", "công thương"],
    "culture_sports_tourism": ["văn hoá", "thể dục", "thể thao", "du lịch", "thông tin"],
    "labour_social": ["lao động", "xã hội", "công tác xã hội"],
    "education_health": ["giáo dục", "y tế", "y học", "dược"],
    "ethnic_religious": ["dân tộc", "tôn giáo"],
    "science_digital": ["công nghệ thông tin", "tin học", "khoa học", "điện tử", "viễn thông"],
    "office_records": ["văn thư", "lưu trữ", "hành chính", "văn phòng"],
    "one_stop": ["hành chính", "luật", "quản lý nhà nước"],
    "accounting": ["kế toán"],
}

# The Steering Committee's guidance for commune leadership, 2025, known from the press: cited,
# and marked as a default until the text itself is found (DESIGN §11.3, *(as reported)*).
STEERING_2025 = "Hướng dẫn của Ban Chỉ đạo về cán bộ lãnh đạo cấp xã, 2025 (theo báo chí)"


def _regime_2025():
    """Cadres and leading civil servants as the guidance says; professionals by field (§11.3)."""
    rules = {}
    for code in CADRES + LEADING_CIVIL_SERVANTS:
        rules[code] = [
            req(GE, "upper_secondary", cite=STEERING_2025, default=True),
            req(PRO, "bachelor", cite=STEERING_2025, default=True),
            req(PT, "intermediate", cite=STEERING_2025, default=True),
        ]
    for code in LEADING_CIVIL_SERVANTS:
        rules[code].append(req("state_management", "specialist", default=True))
    for code in PROFESSIONALS_2025:
        rules[code] = [
            req(GE, "upper_secondary", default=True),
            req(PRO, "bachelor", field=True, default=True),
        ]
    return rules


# Shipped by its own migration, after the 2025 positions exist. No quota by class: each 2025
# commune has the staffing number the province sets. The grace deadline is the announced date
# for placing everyone by job position (default).
REGIME_2025 = {
    "code": "2025",
    "title": "Tiêu chuẩn cán bộ, công chức cấp xã theo vị trí việc làm (chính quyền hai cấp)",
    "legal_basis": "Luật Cán bộ, công chức 2025 (Luật 80/2025/QH15); NĐ 150/2025/NĐ-CP; "
    "NĐ 170/2025/NĐ-CP; hướng dẫn của Ban Chỉ đạo và Bộ Nội vụ, 2025",
    "effective_from": datetime.date(2025, 7, 1),
    "effective_to": None,
    "grace_until": datetime.date(2027, 7, 1),
    "quotas": [],
    "rules": _regime_2025(),
}


# The mapping of DESIGN §11.4 (defaults): the 2025 position a post of a §3 position maps to.
# Cadres keep their position; military_commander and abolished positions have no counterpart.
COUNTERPARTS = {
    **{code: code for code in CADRES},
    "office_statistics": "office_records",
    "finance_accounting": "finance_planning",
    "justice_civil_status": "justice",
    "land_construction": "land",
    "culture_social": "culture_sports_tourism",
}
