"""Project-wide views: health check and the home page."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from officials.models import Official
from units.models import AdministrativeUnit, Level


@never_cache
@require_GET
def healthz(request):
    """Answer 200 when the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_required
def home(request):
    """Show what the registry holds; the dashboard issue replaces this with the figures."""
    context = {
        "communes": AdministrativeUnit.objects.filter(level=Level.COMMUNE).count(),
        "officials": Official.objects.count(),
    }
    return render(request, "home.html", context)
