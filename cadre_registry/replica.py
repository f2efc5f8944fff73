"""Report reads on a read replica (DATABASE_REPLICA_URL), never a page that reads its own write.

Only the views marked `@report_read` (the dashboard and the compliance API) read on the
replica, only the registry's own tables (never sessions, users or throttling), and only for a
user who has not written anything in the last REPLICA_STICKY_SECONDS: a write (any request but
GET, HEAD or OPTIONS) leaves a cookie that keeps that browser on the primary while the replica
catches up.
"""

import functools
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
WROTE_COOKIE = "cr_wrote"
# The figures' versions are read where the figures are: a lagging replica then shows the old
# versions with the old rows, and never caches old rows under a new version.
REPORT_APPS = frozenset({"units", "officials", "standards", "training", "figures"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_report_read: ContextVar[bool] = ContextVar("report_read", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Send the registry's reads inside a report view to the replica; everything else to default."""

    def db_for_read(self, model, **hints):
        if _report_read.get() and model._meta.app_label in REPORT_APPS and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA


def wrote_recently(request) -> bool:
    return WROTE_COOKIE in request.COOKIES


def report_read(view):
    """Let `view` read the registry on the replica, unless the request or its user just wrote."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in SAFE_METHODS or wrote_recently(request):
            return view(request, *args, **kwargs)
        token = _report_read.set(True)
        try:
            return view(request, *args, **kwargs)
        finally:
            _report_read.reset(token)

    return wrapped


class RecentWriteMiddleware:
    """Mark a browser that has just written, so that its next pages read on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and replica_configured():
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
