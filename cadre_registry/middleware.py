"""Requests refused before any view reads them."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

MAX_QUERY_VALUE = 2000  # no search, date or code of this registry comes near it


class HostileQueryMiddleware:
    """Answer 400 to a query string carrying NUL bytes or a value longer than any field.

    PostgreSQL refuses NUL bytes in text, and no view should have to think about them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            for text in (key, *values):
                if "\x00" in text or len(text) > MAX_QUERY_VALUE:
                    return HttpResponseBadRequest(
                        _("The address carries a value this site cannot read."),
                        content_type="text/plain; charset=utf-8",
                    )
        return self.get_response(request)
