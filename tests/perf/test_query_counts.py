"""The scoped pages read a bounded number of queries, whatever the registry holds (issue 12)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import grant_role
from tests.factories import Registry

pytestmark = pytest.mark.django_db
ON = "2022-05-24"


def queries(client, path, params) -> int:
    """Return how many queries the page takes with an empty cache."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["district_staff", "province_staff"])
def test_the_pages_of_staff_take_as_many_queries_for_more_people(
    client, chi_lang, nhan_ly, tt_chi_lang, role
):
    unit = chi_lang if role == "district_staff" else chi_lang.parent
    user, _grant, _new = grant_role(username="canbo", role=role, unit=unit)
    client.force_login(user)
    reg = Registry()
    reg.accountant(nhan_ly, it="")  # one unmet line: the training that closes it is read
    pages = [
        ("/", {"as_of": ON}),
        (f"/communes/{nhan_ly.pk}/", {"as_of": ON}),
        ("/api/v1/compliance", {"as_of": ON, "unit": chi_lang.code}),
    ]
    few = [queries(client, path, params) for path, params in pages]
    for _ in range(4):
        reg.accountant(nhan_ly, it="")
        reg.accountant(tt_chi_lang, professional="")
    assert [queries(client, path, params) for path, params in pages] == few
