"""The users of DESIGN §9 that tests log in as (the fixtures in tests/conftest.py)."""

from django.contrib.auth import get_user_model
from django.test import Client

from accounts.services import grant_role

PASSWORD = "mat-khau-rat-dai-2024"  # noqa: S105 (test only)


def persona(username, role=None, unit=None, *, superuser=False):
    """Return a user with `role` on `unit` (or a superuser), password PASSWORD."""
    if superuser:
        return get_user_model().objects.create_superuser(username, password=PASSWORD)
    user, _grant, _new = grant_role(username=username, role=role, unit=unit, password=PASSWORD)
    return user


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
