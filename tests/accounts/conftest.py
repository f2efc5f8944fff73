"""Officials inside and outside the personas' scope (the personas are in tests/conftest.py)."""

import pytest

from standards.models import Position
from tests.factories import AssignmentFactory, CredentialFactory


@pytest.fixture
def officials(commune, chi_lang_town, bac_son):
    """One official with a post and a credential in Nhân Lý, Thị trấn Chi Lăng and Bắc Sơn."""
    secretary_post = Position.objects.get(code="justice_civil_status")
    rows = {}
    for key, unit in (
        ("nhan_ly", commune),
        ("chi_lang_town", chi_lang_town),
        ("bac_son", bac_son.children.order_by("code").first()),
    ):
        post = AssignmentFactory(commune=unit, position=secretary_post)
        CredentialFactory(official=post.official, field="Luật")
        rows[key] = post.official
    return rows
