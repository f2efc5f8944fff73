"""The figures a small write made stale are computed again after its response has left."""

from figures import versions


class RefreshAfterResponse:
    """Keep the refreshes of figures.versions that a request's writes ask for, and run them
    when the server has sent the response (request_finished), so that the writer does not
    wait for them; the next readers find the figures computed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        versions.defer_refreshes()
        try:
            response = self.get_response(request)
        finally:
            pending = versions.deferred_refreshes()
        versions.refresh_after_response(pending)
        return response
