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


@pytest.fixture
def chi_lang_town(chi_lang):
    """Thị trấn Chi Lăng (legacy 06466), a commune of the district that is not Nhân Lý."""
    return chi_lang.children.get(code="06466")


@pytest.fixture
def bac_son(chi_lang):
    """Huyện Bắc Sơn (legacy 185), a neighbouring district of Lạng Sơn."""
    return chi_lang.parent.children.get(code="185")


@pytest.fixture
def bac_son_commune(bac_son):
    """A commune of Huyện Bắc Sơn, outside Chi Lăng."""
    return bac_son.children.order_by("code").first()


@pytest.fixture
def reg(chi_lang):
    """Write the people, posts, credentials and classes of a test by hand (tests/factories.py),
    in Lạng Sơn's units (classes are Huyện Chi Lăng's unless told otherwise)."""
    from tests.factories import Registry

    return Registry()


# Personas (DESIGN §9) -----------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    from tests.personas import persona

    return persona("quantri", superuser=True)


@pytest.fixture
def district_staff(chi_lang):
    """Cán bộ Phòng Nội vụ huyện Chi Lăng (187)."""
    from accounts.models import Role
    from tests.personas import persona

    return persona("phongnoivu", Role.DISTRICT_STAFF, chi_lang)


@pytest.fixture
def secretary(commune):
    """The secretary of Xã Nhân Lý (06496)."""
    from accounts.models import Role
    from tests.personas import persona

    return persona("nhanly", Role.COMMUNE_SECRETARY, commune)


@pytest.fixture
def viewer(chi_lang):
    """A read-only user over the Chi Lăng district."""
    from accounts.models import Role
    from tests.personas import persona

    return persona("xem", Role.VIEWER, chi_lang)


@pytest.fixture
def bac_son_staff(bac_son):
    """District staff of Huyện Bắc Sơn (185), the neighbouring district."""
    from accounts.models import Role
    from tests.personas import persona

    return persona("bacson", Role.DISTRICT_STAFF, bac_son)


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Start every test with an empty local cache: what an earlier test asked (the questions
    the figures' writers refresh, standards.cached) must not make work in this one."""
    from django.core.cache import cache

    from standards import cached

    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        cache.clear()
        cached.forget_asked()


@pytest.fixture(autouse=True)
def _vietnamese_first():
    """Start every test in Vietnamese, the product's first language.

    A request answered in English (Accept-Language) leaves English active in the test's thread,
    so code that translates outside a request would otherwise depend on the order of the tests.
    """
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()


CATALOGUE_APPS = ("standards", "training")  # the apps whose data migrations ship a catalogue
_catalogue: list[str] = []  # the catalogue as migrated, serialized once per session


def _catalogue_models():
    from django.apps import apps

    return [model for label in CATALOGUE_APPS for model in apps.get_app_config(label).get_models()]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Keep the catalogue the migrations ship, to put back after a transactional test's flush.

    A reused test database (--reuse-db) emptied by a transactional test is refused.
    """
    from django.core import serializers

    with django_db_blocker.unblock():
        from standards.models import Position

        if not Position.objects.exists():
            pytest.exit(
                "The reused test database lost the catalogue the migrations ship; "
                "run again with --create-db.",
                returncode=3,
            )
        rows = [row for model in _catalogue_models() for row in model._base_manager.order_by("pk")]
        _catalogue[:] = [serializers.serialize("json", rows)]


@pytest.fixture
def catalogue(transactional_db):
    """A transactional database holding the catalogue the migrations ship.

    A transactional test ends with a flush, which empties the catalogue tables; this puts them
    back as migrated (Django's own serialized rollback misses them when the test runs inside
    Playwright's event loop, whose context sees another connection object).
    """
    from django.core import serializers
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from standards.models import Position

    if Position.objects.exists():
        return
    with transaction.atomic():
        for row in serializers.deserialize("json", _catalogue[0]):
            row.save()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), _catalogue_models()):
                cursor.execute(sql)
