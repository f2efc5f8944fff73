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
