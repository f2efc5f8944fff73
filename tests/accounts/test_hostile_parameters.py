"""No GET parameter of any URL gives a server error (issue 10 item 6).

Each URL of the URL walk is first requested plainly, recording which query parameters its view
reads (forms and views read them through QueryDict); then those parameters and the usual ones
are sent NUL bytes, 10,000-character values, huge integers and odd Unicode: all at once, and
one by one for the values that pass the door (NUL bytes and oversized values get a 400 before
any view, whichever the parameter).
"""

import pytest
from django.http import QueryDict
from django.urls import reverse

from tests.accounts import test_url_walk
from tests.accounts.test_url_walk import EXPECTATIONS, app_urls
from tests.personas import client_for

rows = test_url_walk.rows  # the URL walk's rows in and out of each scope (a fixture)

HOSTILE = {
    "nul byte": "2024\x0001-01",
    "10,000 characters": "9" * 10_000,
    "huge integer": "9" * 40,
    "negative": "-99999999999999999999",
    "odd unicode": "\u202eＮｈâｎ\u0301 Lý\ufeff٣١２",
    "fullwidth date": "２０２４-０１-０１",
    "impossible date": "2024-02-30",
}
AT_THE_DOOR = {"nul byte", "10,000 characters"}
ONE_BY_ONE = {"huge integer", "odd unicode", "impossible date"}  # the rest: all parameters at once
# Parameters read by pages that the plain request may not reach (a form's other branch): sent
# with the others, all at once.
USUAL = ("as_of", "regime", "unit", "q", "format", "all", "dataset", "position", "dimension")


@pytest.fixture
def read_parameters(monkeypatch):
    """Record the names of the query parameters the views read."""
    seen: set[str] = set()
    original_get, original_getitem = QueryDict.get, QueryDict.__getitem__
    original_getlist, original_contains = QueryDict.getlist, QueryDict.__contains__

    def get(self, key, default=None):
        seen.add(key)
        return original_get(self, key, default)

    def getitem(self, key):
        seen.add(key)
        return original_getitem(self, key)

    def getlist(self, key, default=None):
        seen.add(key)
        return original_getlist(self, key, default)

    def contains(self, key):
        seen.add(key)
        return original_contains(self, key)

    monkeypatch.setattr(QueryDict, "get", get)
    monkeypatch.setattr(QueryDict, "__getitem__", getitem)
    monkeypatch.setattr(QueryDict, "getlist", getlist)
    monkeypatch.setattr(QueryDict, "__contains__", contains)
    return seen


def _urls(rows):
    for _route, name in app_urls():
        rule = EXPECTATIONS.get(name)
        if rule is None or rule.get == 405 or name in ("logout", "set_language"):
            continue
        kwargs = dict(rule.kwargs)
        if rule.obj:
            kwargs["pk"] = rows["nhan_ly"][rule.obj].pk
        yield reverse(name, kwargs=kwargs)


def test_hostile_query_parameters_never_give_a_server_error(district_staff, rows, read_parameters):
    client = client_for(district_staff)
    client.raise_request_exception = False  # a server error is an answer to count here
    errors = []
    for url in _urls(rows):
        read_parameters.clear()
        client.get(url)
        read = {n for n in read_parameters if n.isidentifier()} - {"csrfmiddlewaretoken", "next"}
        names = read | set(USUAL)
        for what, value in HOSTILE.items():
            response = client.get(url, dict.fromkeys(names, value))
            if response.status_code >= 500:
                errors.append(f"{url}, every parameter ({what}): {response.status_code}")
            if what in AT_THE_DOOR:
                assert response.status_code == 400
            if what not in ONE_BY_ONE:
                continue
            for name in sorted(read):
                response = client.get(url, {name: value})
                if response.status_code >= 500:
                    errors.append(f"{url}?{name}= ({what}): {response.status_code}")
    assert errors == [], "\n".join(errors)
