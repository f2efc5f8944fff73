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


def req(dimension, minimum, special="", field=False):
    """One requirement: (dimension, minimum level, special-area minimum, field must match)."""
    return (dimension, minimum, special, field)


def _qd04_cadres():
    """Cadres under QĐ 04/2004/QĐ-BNV (regimes 2012 and 2019)."""
    rules = {}
    for code in QD04_LEADERS:
        rules[code] = [
            req(GE, "upper_secondary"),
            req(PRO, "intermediate", "elementary"),
            req(PT, "intermediate", "intermediate" if code == "party_secretary" else "elementary"),
        ]
    for code in OTHER_CADRES:
        rules[code] = [req(GE, "upper_secondary"), req(PT, "elementary")]
    return rules


def _regime_2012():
    rules = _qd04_cadres()
    for code in PROFESSIONAL_CIVIL_SERVANTS:
        rules[code] = [
            req(GE, "upper_secondary", "lower_secondary"),
            req(PRO, "intermediate", field=True),
            req(IT, "cert_a"),
        ]
    rules["military_commander"] = [req(GE, "upper_secondary"), req(PRO, "intermediate", field=True)]
    rules["police_chief"] = [req(GE, "upper_secondary")]
    return rules


def _regime_2019():
    rules = _qd04_cadres()
    for code in PROFESSIONAL_CIVIL_SERVANTS:
        rules[code] = [
            req(GE, "upper_secondary"),
            req(PRO, "bachelor", "intermediate", field=True),
            req(IT, "basic"),
        ]
    rules["justice_civil_status"][1] = req(PRO, "intermediate", field=True)
    rules["military_commander"] = [req(GE, "upper_secondary"), req(PRO, "intermediate", field=True)]
    rules["police_chief"] = [req(GE, "upper_secondary")]
    return rules


def _regime_2023():
    rules = {}
    for code in CADRES:
        rules[code] = [
            req(GE, "upper_secondary"),
            req(PRO, "bachelor", "intermediate"),
            req(PT, "intermediate"),
        ]
    for code in CIVIL_SERVANTS:
        rules[code] = [req(GE, "upper_secondary"), req(PRO, "bachelor", "intermediate", field=True)]
    rules["justice_civil_status"][1] = req(PRO, "intermediate", field=True)
    rules["military_commander"] = [req(GE, "upper_secondary"), req(PRO, "intermediate", field=True)]
    return rules


def _by_class(i, ii, iii):
    return {"I": i, "II": ii, "III": iii}


REGIMES = [
    {
        "code": "2012",
        "title": "Tiêu chuẩn cán bộ, công chức cấp xã theo NĐ 92/2009, NĐ 112/2011",
        "legal_basis": "NĐ 92/2009/NĐ-CP, NĐ 112/2011/NĐ-CP, TT 06/2012/TT-BNV "
        "(cán bộ: QĐ 04/2004/QĐ-BNV)",
        "effective_from": datetime.date(2012, 2, 1),
        "effective_to": datetime.date(2019, 12, 24),
        "grace_until": None,
        "quotas": {"": _by_class(25, 23, 21)},
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
        "quotas": {"": _by_class(23, 21, 19)},
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
        "quotas": {"": _by_class(22, 20, 18), "phuong": _by_class(23, 21, 19)},
        "rules": _regime_2023(),
    },
]
