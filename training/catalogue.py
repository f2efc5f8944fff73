"""The default catalogue of programmes and terms (issue 6), shipped by a data migration.

The codes are stable: the demo data and reports rely on them. Afterwards it is data that district
staff edit in the admin.
"""

import datetime

# code, Vietnamese name, dimension, level (both blank: a refresher course granting nothing)
PROGRAMMES = [
    ("pt_advanced", "Cao cấp lý luận chính trị", "political_theory", "advanced"),
    ("pt_intermediate", "Trung cấp lý luận chính trị", "political_theory", "intermediate"),
    ("pt_elementary", "Sơ cấp lý luận chính trị", "political_theory", "elementary"),
    (
        "sm_specialist",
        "Bồi dưỡng quản lý nhà nước ngạch chuyên viên",
        "state_management",
        "specialist",
    ),
    (
        "sm_principal",
        "Bồi dưỡng quản lý nhà nước ngạch chuyên viên chính",
        "state_management",
        "principal",
    ),
    ("it_basic", "Ứng dụng công nghệ thông tin cơ bản", "it", "basic"),
    ("university_part_time", "Đại học (vừa làm vừa học)", "professional", "bachelor"),
    ("refresher_skills", "Bồi dưỡng kỹ năng", "", ""),
    ("refresher_professional", "Bồi dưỡng nghiệp vụ", "", ""),
    ("refresher_defence", "Bồi dưỡng kiến thức quốc phòng và an ninh", "", ""),
]

# code, name, start, end: commune terms begin with the commune party congresses (autumn).
TERMS = [
    ("2015-2020", "Nhiệm kỳ 2015-2020", datetime.date(2015, 10, 1), datetime.date(2020, 9, 30)),
    ("2020-2025", "Nhiệm kỳ 2020-2025", datetime.date(2020, 10, 1), datetime.date(2025, 9, 30)),
]
