"""District staff and superusers edit the catalogue in the admin, with history."""

import pytest

from standards.models import Regime, Requirement


@pytest.mark.django_db
def test_editing_a_requirement_is_recorded_with_its_author(admin_client, admin_user):
    requirement = Requirement.objects.get(
        regime__code="2019", position__code="finance_accounting", dimension="it"
    )
    page = admin_client.get(f"/admin/standards/requirement/{requirement.pk}/change/")
    assert page.status_code == 200
    response = admin_client.post(
        f"/admin/standards/requirement/{requirement.pk}/change/",
        {
            "regime": requirement.regime_id,
            "position": requirement.position_id,
            "dimension": "it",
            "min_level": "advanced",
            "special_min_level": "",
            "citation": "TT 13/2019 Điều 1 k1",
        },
    )
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.min_level == "advanced"
    assert requirement.min_rank == 2
    last = requirement.history.first()
    assert (last.history_user, last.min_level) == (admin_user, "advanced")
    history = admin_client.get(f"/admin/standards/requirement/{requirement.pk}/history/")
    assert history.status_code == 200


@pytest.mark.django_db
def test_a_level_from_another_dimension_is_refused_in_the_admin(admin_client):
    requirement = Requirement.objects.get(
        regime__code="2019", position__code="finance_accounting", dimension="it"
    )
    page = admin_client.post(
        f"/admin/standards/requirement/{requirement.pk}/change/",
        {
            "regime": requirement.regime_id,
            "position": requirement.position_id,
            "dimension": "it",
            "min_level": "advanced_pt_nonexistent",
        },
    )
    assert page.status_code == 200
    page = admin_client.post(
        f"/admin/standards/requirement/{requirement.pk}/change/",
        {
            "regime": requirement.regime_id,
            "position": requirement.position_id,
            "dimension": "it",
            "min_level": "principal",
        },
    )
    assert "không thuộc" in page.content.decode()
    requirement.refresh_from_db()
    assert requirement.min_level == "basic"


@pytest.mark.django_db
def test_the_regime_page_lists_its_quotas_and_requirements(admin_client):
    regime = Regime.objects.get(code="2023")
    text = admin_client.get(f"/admin/standards/regime/{regime.pk}/change/").content.decode()
    assert "NĐ 33/2023/NĐ-CP" in text
    assert text.count('name="requirements-') > 40


@pytest.mark.django_db
def test_a_requirement_without_article_or_default_mark_is_refused(admin_client):
    requirement = Requirement.objects.get(
        regime__code="2019", position__code="finance_accounting", dimension="it"
    )
    url = f"/admin/standards/requirement/{requirement.pk}/change/"
    data = {
        "regime": requirement.regime_id,
        "position": requirement.position_id,
        "dimension": "it",
        "min_level": "basic",
        "special_min_level": "",
        "citation": "",
    }
    page = admin_client.post(url, data)
    assert "Hãy ghi điều khoản quy định tiêu chuẩn" in page.content.decode()
    requirement.refresh_from_db()
    assert requirement.citation == "TT 13/2019 Điều 1 k1"
    assert admin_client.post(url, {**data, "is_default": "on"}).status_code == 302
    requirement.refresh_from_db()
    assert (requirement.citation, requirement.is_default, requirement.basis) == (
        "",
        True,
        "mặc định",
    )
