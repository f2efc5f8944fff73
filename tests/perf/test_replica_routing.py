"""Report reads on the replica, never a page that reads its own write (issue 12)."""

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory

from cadre_registry.replica import (
    WROTE_COOKIE,
    RecentWriteMiddleware,
    ReplicaRouter,
    report_read,
)
from officials.models import Official


@pytest.fixture
def with_replica(monkeypatch):
    """As with DATABASE_REPLICA_URL set (the router only names the alias, it does not connect)."""
    monkeypatch.setattr("cadre_registry.replica.replica_configured", lambda: True)


def database_read_by(request, model=Official):
    @report_read
    def view(request):
        return HttpResponse(ReplicaRouter().db_for_read(model) or "default")

    return view(request).content.decode()


def test_a_report_view_reads_the_registry_on_the_replica(with_replica):
    assert database_read_by(RequestFactory().get("/")) == "replica"


def test_sessions_and_users_are_never_read_on_the_replica(with_replica):
    assert database_read_by(RequestFactory().get("/"), Session) == "default"


def test_other_views_and_a_write_read_on_the_primary(with_replica):
    assert ReplicaRouter().db_for_read(Official) is None
    assert database_read_by(RequestFactory().post("/")) == "default"


def test_after_a_write_the_same_browser_reads_on_the_primary(with_replica):
    response = RecentWriteMiddleware(lambda request: HttpResponse())(RequestFactory().post("/"))
    cookie = response.cookies[WROTE_COOKIE]
    assert cookie["max-age"] > 0
    request = RequestFactory().get("/")
    request.COOKIES[WROTE_COOKIE] = cookie.value
    assert database_read_by(request) == "default"


def test_without_a_replica_everything_reads_on_the_primary():
    assert database_read_by(RequestFactory().get("/")) == "default"
    response = RecentWriteMiddleware(lambda request: HttpResponse())(RequestFactory().post("/"))
    assert WROTE_COOKIE not in response.cookies
