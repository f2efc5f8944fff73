"""A request that may write runs in one transaction, at whose end the figures its writes made
stale are computed again, before the commit (figures.versions.settle_changes)."""

from django.db import connection, transaction

from figures import versions

READS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class FiguresBeforeCommit:
    """Run a request that may write (any method but GET, HEAD, OPTIONS, TRACE) in a
    transaction; after the view, bump the versions of the units it changed and compute again
    the figures recently asked of them, then commit. A server error rolls the request back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in READS:
            return self.get_response(request)
        with transaction.atomic():
            if connection.vendor == "postgresql":  # SQLite (the demo): after the commit
                versions.hold_changes()
            try:
                response = self.get_response(request)
                if response.status_code >= 500:  # an exception the handler turned into a page
                    transaction.set_rollback(True)
                else:
                    versions.settle_changes()
            finally:
                versions.drop_changes()
        return response
