"""Lists sorted the Vietnamese way: by given name, then middle and family name; Ă after A."""

import pytest

from cadre_registry.text import vietnamese_name_key
from tests.factories import AssignmentFactory


def test_given_name_first_and_vietnamese_letters():
    names = [
        "Nguyễn Văn Đạt",
        "Trần Thị Ánh",
        "Lê Văn Anh",
        "Lý Thị Ăn",
        "Vi Công Ân",
        "Hoàng Văn Dũng",
        "Nguyễn Thị Anh",
    ]
    assert sorted(names, key=vietnamese_name_key) == [
        "Nguyễn Thị Anh",
        "Lê Văn Anh",
        "Trần Thị Ánh",
        "Lý Thị Ăn",
        "Vi Công Ân",
        "Hoàng Văn Dũng",
        "Nguyễn Văn Đạt",
    ]


@pytest.mark.django_db
def test_the_officials_list_is_in_vietnamese_order(admin_client, commune):
    for name in ("Nguyễn Văn Đạt", "Lý Thị Ăn", "Lê Văn Anh", "Hoàng Văn Dũng"):
        AssignmentFactory(commune=commune, official__full_name=name)
    text = admin_client.get("/officials/").content.decode()
    positions = [
        text.index(name) for name in ("Lê Văn Anh", "Lý Thị Ăn", "Hoàng Văn Dũng", "Nguyễn Văn Đạt")
    ]
    assert positions == sorted(positions)
    assert text.index("Nguyễn Văn Đạt") > 0
    found = admin_client.get("/officials/", {"q": "nguyen van dat"}).content.decode()
    assert "Nguyễn Văn Đạt" in found and "Lê Văn Anh" not in found
