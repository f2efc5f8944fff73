"""Project-wide promises: migrations match the models, the catalogues are complete and compiled."""

from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    [*ROOT.glob("locale/vi/LC_MESSAGES/django.po"), *ROOT.glob("*/locale/vi/LC_MESSAGES/django.po")]
)


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_there_is_a_vietnamese_catalogue():
    assert ROOT / "locale/vi/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_vietnamese_string_is_translated_and_not_fuzzy(path):
    po = polib.pofile(str(path))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_matches_the_source(path):
    po = polib.pofile(str(path))
    mo = polib.mofile(str(path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    for entry in po.translated_entries():
        expected = entry.msgstr or entry.msgstr_plural
        assert compiled.get((entry.msgctxt, entry.msgid)) == expected, entry.msgid


def _english_django_strings() -> set[str]:
    """Return the English strings of Django's own catalogues that a page may show."""
    import django

    base = Path(django.__file__).parent
    found = set()
    for folder in ("conf", "contrib/admin", "contrib/auth"):
        for entry in polib.pofile(str(base / folder / "locale/en/LC_MESSAGES/django.po")):
            text = entry.msgid
            # Short or formatted strings also occur inside data and markup: keep the sentences.
            if len(text.split()) >= 2 and "%" not in text and "{" not in text and "<" not in text:
                found.add(text)
    return found


@pytest.mark.django_db
def test_the_admin_pages_show_no_english_django_string(admin_client, chi_lang):
    import re

    from django.contrib import admin
    from django.urls import reverse

    from tests.factories import OfficialFactory

    OfficialFactory()  # a row, so that the changelists show the action list
    english = _english_django_strings()
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        pages += [
            reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
            reverse(f"admin:{meta.app_label}_{meta.model_name}_add"),
        ]
    left = {}
    for url in pages:
        page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        if page.status_code != 200:
            continue  # a model that cannot be added by hand
        html = re.sub(r"<script.*?</script>", "", page.content.decode(), flags=re.S)
        text = re.sub(r"\s+", " ", html.replace("&nbsp;", " "))
        shown = {s for s in english if f">{s}<" in text or f'"{s}"' in text or f">{s} " in text}
        if shown:
            left[url] = sorted(shown)
    assert left == {}
    officials = admin_client.get(reverse("admin:officials_official_changelist"))
    assert "- Chọn một mục -" in officials.content.decode()  # the action list
