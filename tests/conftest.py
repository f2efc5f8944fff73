import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside the ORM


def pytest_configure(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        pytest.exit(
            f"The tests run on PostgreSQL only, and DATABASE_URL names {engine}. "
            "Run `make test` (it starts a throwaway server) or set DATABASE_URL=postgres://…",
            returncode=3,
        )
    # Tests log in hundreds of times: a fast hasher (the real one is for real passwords).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def chi_lang(db):
    """Lạng Sơn's units (both data sets), as `make run` loads them."""
    from units.loader import load_units
    from units.models import AdministrativeUnit

    load_units(provinces=["20"])
    return AdministrativeUnit.objects.get(dataset="legacy", code="187")


@pytest.fixture
def commune(chi_lang):
    """Xã Nhân Lý (legacy 06496)."""
    return chi_lang.children.get(code="06496")


@pytest.fixture
def nhan_ly(chi_lang):
    """Xã Nhân Lý, class II (quota 21 under regime 2019)."""
    commune = chi_lang.children.get(code="06496")
    commune.commune_class = "II"
    commune.save()
    return commune


@pytest.fixture
def tt_chi_lang(chi_lang):
    """Thị trấn Chi Lăng, class II."""
    commune = chi_lang.children.get(code="06466")
    commune.commune_class = "II"
    commune.save()
    return commune


def restore_catalogue():
    """Put back the catalogues the data migrations ship (a transactional test flushes them)."""
    import importlib

    from django.apps import apps

    for module, function in (
        ("standards.migrations.0002_default_positions", "create_positions"),
        ("standards.migrations.0004_default_regimes", "create_regimes"),
        ("training.migrations.0002_default_catalogue", "create_catalogue"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A database reused (--reuse-db) after transactional tests flushed it gets its catalogue
    back, as migrations shipped it."""
    with django_db_blocker.unblock():
        from standards.models import Position
        from training.models import Programme

        if not (Position.objects.exists() and Programme.objects.exists()):
            restore_catalogue()
