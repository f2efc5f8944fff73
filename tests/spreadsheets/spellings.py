"""The spellings offices type (issue 13), each with what the law means by it (DESIGN §4).

One list feeds both the unit tests of the parser and the sample sheet in `data/`.
"""

# (column, as written, [(level, field or language)] expected; [] is "none")
SPELLINGS = [
    # Foreign language: the level and, apart from it, the language.
    ("foreign_language", "Bậc 3", [("level_3", "")]),
    ("foreign_language", "Bậc 2", [("level_2", "")]),
    ("foreign_language", "Tiếng Anh bậc 3/6", [("level_3", "Tiếng Anh")]),
    ("foreign_language", "Tiếng Anh A2 khung châu Âu", [("level_2", "Tiếng Anh")]),
    ("foreign_language", "tiếng Anh bậc 3 (B1)", [("level_3", "Tiếng Anh")]),
    ("foreign_language", "Tiếng Anh bậc 3 (B1)", [("level_3", "Tiếng Anh")]),
    ("foreign_language", "TA B1", [("level_3", "Tiếng Anh")]),
    ("foreign_language", "Tiếng Anh B", [("cert_b", "Tiếng Anh")]),  # old B: on Bậc 2
    ("foreign_language", "Chứng chỉ A tiếng Anh", [("cert_a", "Tiếng Anh")]),
    ("foreign_language", "Ngoại ngữ Anh B", [("cert_b", "Tiếng Anh")]),
    ("foreign_language", "Cử nhân Ngôn ngữ Anh", [("bachelor", "Tiếng Anh")]),
    ("foreign_language", "Tiếng Pháp C", [("cert_c", "Tiếng Pháp")]),
    ("foreign_language", "Không", []),
    # General education.
    ("general_education", "Tốt nghiệp THPT", [("upper_secondary", "")]),
    ("general_education", "9/9", [("lower_secondary", "")]),
    ("general_education", "Lớp 9", [("lower_secondary", "")]),
    ("general_education", "Lớp 12", [("upper_secondary", "")]),
    ("general_education", "12/12 BTVH", [("upper_secondary", "")]),
    ("general_education", "12/12 (BT)", [("upper_secondary", "")]),
    ("general_education", "-", []),
    # Professional: abbreviations with dots, TCCN, and study modes that are never the field.
    ("professional", "Th.S", [("master", "")]),
    ("professional", "Đ.H", [("bachelor", "")]),
    ("professional", "TCCN", [("intermediate", "")]),
    ("professional", "Đại học tại chức", [("bachelor", "")]),
    ("professional", "Đại học chính quy", [("bachelor", "")]),
    ("professional", "Cử nhân văn bằng 2", [("bachelor", "")]),
    ("professional", "Đại học Kế toán (vừa làm vừa học)", [("bachelor", "Kế toán")]),
    ("professional", "Đại học hệ liên thông ngành Luật", [("bachelor", "Luật")]),
    ("professional", "Chưa có", []),
    # IT: TT 06/2012's own wording, the basic skills certificate in its usual names.
    ("it", "Tin học văn phòng trình độ A", [("cert_a", "")]),
    ("it", "Chuẩn kỹ năng sử dụng CNTT cơ bản", [("basic", "")]),
    ("it", "Kỹ năng sử dụng CNTT cơ bản", [("basic", "")]),
    ("it", "UDCNTT cơ bản", [("basic", "")]),
    ("it", "Chứng chỉ ứng dụng CNTT cơ bản (TT 03/2014)", [("basic", "")]),
    ("it", "Không", []),
    # Ethnic language: a certificate only.
    ("ethnic_language", "Không biết", []),
    ("ethnic_language", "Chưa có chứng chỉ", []),
    ("ethnic_language", "Biết nói tiếng Tày", []),
    ("ethnic_language", "-", []),
    ("ethnic_language", "Tày", [("certificate", "Tày")]),
]

# Study modes in the field column: never the field (DESIGN §4).
FIELDS = [
    ("chính quy", ""),
    ("Tại chức", ""),
    ("văn bằng 2", ""),
    ("Kế toán (tại chức)", "Kế toán"),
    ("Luật - hệ vừa làm vừa học", "Luật"),
    ("Quản lý đất đai, liên thông", "Quản lý đất đai"),
    ("Hành chính học từ xa", "Hành chính học"),
]

# Position names in the wordings of TT 06/2012 and TT 13/2019 (issue 17 item 6).
POSITIONS = [
    ("Địa chính - nông nghiệp - xây dựng và môi trường", "land_construction"),
    ("Địa chính - nông nghiệp - xây dựng và môi trường (đối với xã)", "land_construction"),
    ("Địa chính - xây dựng - đô thị và môi trường (đối với phường, thị trấn)", "land_construction"),
    ("Địa chính - xây dựng - nông nghiệp và môi trường", "land_construction"),
    ("Công chức Địa chính - xây dựng", "land_construction"),
    ("Trưởng Công an xã", "police_chief"),
    ("Trưởng Công an thị trấn", "police_chief"),
    ("Chỉ huy trưởng Quân sự", "military_commander"),
    ("Chỉ huy trưởng Ban Chỉ huy Quân sự phường", "military_commander"),
    ("Văn phòng - thống kê", "office_statistics"),
    ("Văn phòng - Thống kê phường", "office_statistics"),
    ("Tài chính - kế toán", "finance_accounting"),
    ("Tư pháp - hộ tịch thị trấn", "justice_civil_status"),
    ("Văn hóa - xã hội", "culture_social"),
    ("Công chức Văn hoá - Xã hội xã", "culture_social"),
    ("Bí thư Đảng ủy xã", "party_secretary"),
    ("Chủ tịch Ủy ban nhân dân phường", "committee_chair"),
    ("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam", "front_chair"),
    ("Chủ tịch Hội Liên hiệp Phụ nữ Việt Nam", "women_union_chair"),
    ("Chủ tịch Hội Nông dân Việt Nam thị trấn", "farmers_union_chair"),
    ("Chủ tịch Hội Cựu chiến binh Việt Nam", "veterans_union_chair"),
]
