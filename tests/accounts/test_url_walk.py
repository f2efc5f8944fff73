"""Every URL of the project, walked with every persona (DESIGN §9, issue 4).

The URLs come from Django's resolver, so a view added later is walked too. Each non-admin URL
needs a line in EXPECTATIONS (test_every_url_has_an_expectation fails otherwise); admin URLs are
judged by the rules of `admin_expectation`. Answers: anonymous -> 302 to the login page; a row
outside the persona's scope -> 404 (or the admin's "does not exist" redirect); inside it without
the right -> 403; otherwise the page.
"""

import datetime
import re
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from officials.models import Assignment, Credential, Official
from tests.personas import client_for
from units.models import AdministrativeUnit

PERSONAS = ["anonymous", "superuser", "district_staff", "secretary", "viewer", "bac_son_staff"]
# Which of the `officials` fixture's rows each persona may see, and what it may do there.
SEES = {
    "anonymous": set(),
    "superuser": {"nhan_ly", "chi_lang_town", "bac_son"},
    "district_staff": {"nhan_ly", "chi_lang_town"},
    "secretary": {"nhan_ly"},
    "viewer": {"nhan_ly", "chi_lang_town"},
    "bac_son_staff": {"bac_son"},
}
RIGHTS = {
    "anonymous": set(),
    "superuser": {"read", "write", "verify", "remove", "superuser"},
    "district_staff": {"read", "write", "verify", "remove"},
    "bac_son_staff": {"read", "write", "verify", "remove"},
    "secretary": {"read", "write"},
    "viewer": {"read"},
}
ADMIN_USERS = {"superuser", "district_staff", "bac_son_staff"}
# What district staff may do in the admin, per app (DESIGN §9: standards, courses, class and area).
STAFF_ADMIN = {
    "officials": {"view", "add", "change"},
    "units": {"view", "change"},
    "standards": {"view"},  # the catalogue is the superusers' (DESIGN §9)
    "training": {"view", "add", "change", "delete"},
    "spreadsheets": {"view"},  # the roster import and export page
}


# The district-level rows (course runs) are walked with one row in Chi Lăng, one in Bắc Sơn.
RUN_KEYS = ("nhan_ly", "bac_son")


@dataclass(frozen=True)
class Rule:
    """need: public | login | read | write | verify | remove | superuser.

    obj: the row the URL's <pk> names (official, assignment, credential, commune), walked for each
    persona with a row inside and outside its scope. get: the status of an allowed GET (405 for
    views that only take POST). post: also POST to it, expecting 404 outside the scope and 403
    without the right, and nothing changed. wide: the status of an allowed GET by a superuser,
    whose scope is the whole country (a report download becomes a background job: 302).
    """

    need: str
    obj: str | None = None
    get: int = 200
    post: bool = False
    kwargs: dict = field(default_factory=dict)
    query: str = ""
    keys: tuple = ("nhan_ly", "chi_lang_town", "bac_son")
    wide: int | None = None


EXPECTATIONS = {
    "home": Rule("login"),
    "healthz": Rule("public"),
    "login": Rule("public"),
    "logout": Rule("public", get=405),
    "password_change": Rule("login"),
    "password_change_done": Rule("login"),
    "password_reset": Rule("public"),
    "password_reset_done": Rule("public"),
    "password_reset_confirm": Rule("public", kwargs={"uidb64": "MQ", "token": "a-b"}),
    "password_reset_complete": Rule("public"),
    "set_language": Rule("public", get=302),
    "pages:official_list": Rule("read"),
    "pages:official_add": Rule("write"),
    "pages:official_detail": Rule("read", "official"),
    "pages:official_panel": Rule("read", "official"),
    "pages:official_edit": Rule("write", "official", post=True),
    "pages:official_history": Rule("read", "official"),
    "accounts:unit_options": Rule("login"),  # the unit picker: the user's own units only
    "pages:official_remove": Rule("remove", "official", post=True),
    "pages:official_restore": Rule("superuser", "official", get=405, post=True),
    "pages:assignment_add": Rule("write", "official", post=True),
    "pages:assignment_edit": Rule("write", "assignment", post=True),
    "pages:assignment_row": Rule("read", "assignment"),
    "accounts:assignment_decide": Rule("verify", "assignment", get=405, post=True),
    "pages:credential_add": Rule("write", "official", post=True),
    "pages:credential_edit": Rule("write", "credential", post=True),
    "pages:credential_row": Rule("read", "credential"),
    "pages:credential_evidence": Rule("read", "credential"),
    "accounts:credential_decide": Rule("verify", "credential", get=405, post=True),
    "accounts:identity_change_decide": Rule("verify", get=405, kwargs={"pk": 999999}),
    "accounts:verification_queue": Rule("write"),  # secretaries see what they sent
    "pages:commune": Rule("read", "commune"),
    # Province staff set a 2025 commune's staffing number; none of these personas is one.
    "pages:commune-staffing": Rule("superuser", "commune", get=405, post=True),
    "pages:unmet": Rule("read", query="?position=justice_civil_status&dimension=professional"),
    "standards:api-compliance": Rule("read"),
    "standards:closed-reports": Rule("read"),
    "standards:catalogue": Rule("login"),
    "standards:closed-report": Rule("login", get=404, kwargs={"pk": 999999}),
    # Course runs belong to a district: its communes' users see them (DESIGN §7, §9).
    "training:programmes": Rule("read"),
    "training:runs": Rule("read"),
    "training:run_add": Rule("verify"),
    "training:run_detail": Rule("read", "run", keys=RUN_KEYS),
    "training:run_nominate": Rule("write", "run", keys=RUN_KEYS),
    "training:run_results": Rule("verify", "run", get=405, post=True, keys=RUN_KEYS),
    "training:enrolment_action": Rule(
        "write", "enrolment", get=405, kwargs={"action": "withdraw"}, keys=RUN_KEYS
    ),
    "training:gaps": Rule("read"),
    "training:forecast": Rule("read"),
    "training:report": Rule("read"),
    "spreadsheets:import": Rule("write"),
    "spreadsheets:import_confirm": Rule("write", get=405, kwargs={"token": "x"}),
    "spreadsheets:export": Rule("read", wide=302),
    "spreadsheets:bm02": Rule("read", wide=302),
    "spreadsheets:bm02_page": Rule("read"),
    # The reorganisation is province staff's (and superusers'); none of these personas is one.
    "spreadsheets:reorganisation": Rule("superuser"),
    "spreadsheets:reorganisation_province": Rule("superuser", kwargs={"code": "20"}),
    "spreadsheets:reorganisation_proposal": Rule("superuser", kwargs={"code": "20"}),
    "spreadsheets:reorganisation_apply": Rule(
        "superuser", get=405, kwargs={"code": "20", "token": "x"}
    ),
    # A large roster's confirmation becomes a background job; jobs are their owner's only.
    "import-confirm-job": Rule("write", get=405, kwargs={"token": "x"}),
    "jobs:list": Rule("login"),
    "jobs:detail": Rule("login", get=404, kwargs={"pk": 999999}),
    "jobs:restart": Rule("login", get=405, kwargs={"pk": 999999}),
    "jobs:file": Rule("login", get=404, kwargs={"pk": 999999}),
    # So do a large reorganisation worksheet and a wide report download (the same URLs).
    "reorganisation-apply-job": Rule("superuser", get=405, kwargs={"code": "20", "token": "x"}),
    "export-job": Rule("read", wide=302),
    "bm02-job": Rule("read", wide=302),
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield prefix + str(pattern.pattern), name


def all_urls() -> list[tuple[str, str | None]]:
    return list(_walk(get_resolver().url_patterns))


def app_urls():
    return [(route, name) for route, name in all_urls() if not route.startswith("admin/")]


def test_every_url_has_an_expectation():
    unlisted = [f"{name or '(no name)'}: /{route}" for route, name in app_urls()]
    unlisted = [
        u
        for u in unlisted
        if u.split(":")[0] not in EXPECTATIONS
        and not any(u.startswith(f"{name}:") for name in EXPECTATIONS)
    ]
    static = [u for u in unlisted if "/media/" in u or "/static/" in u]
    missing = [u for u in unlisted if u not in static]
    assert missing == [], "add these URLs to EXPECTATIONS in tests/accounts/test_url_walk.py"


@pytest.fixture
def rows(officials, settings, tmp_path, chi_lang, bac_son):
    """The rows each URL's <pk> may name, keyed by scope (nhan_ly, chi_lang_town, bac_son)."""
    from training.models import CourseRun, Enrolment, Programme

    settings.MEDIA_ROOT = tmp_path
    found = {}
    programme = Programme.objects.order_by("pk").first()
    districts = {"nhan_ly": chi_lang, "chi_lang_town": chi_lang, "bac_son": bac_son}
    for key, official in officials.items():
        credential = official.credentials.get()
        credential.evidence.save("bang.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
        run = CourseRun.objects.create(
            programme=programme,
            unit=districts[key],
            starts_on=datetime.date(2024, 3, 1),
            ends_on=datetime.date(2024, 6, 30),
        )
        found[key] = {
            "official": official,
            "assignment": official.assignments.get(),
            "credential": credential,
            "commune": official.assignments.get().commune,
            "run": run,
            "enrolment": Enrolment.objects.create(run=run, official=official),
        }
    return found


def _expected(rule: Rule, persona: str, key: str | None) -> int:
    if rule.need == "public":
        return rule.get
    if persona == "anonymous":
        return 302
    if rule.get == 405:
        return 405
    if key is not None and key not in SEES[persona]:
        return 404
    if rule.need != "login" and rule.need not in RIGHTS[persona]:
        return 403
    if persona == "superuser" and rule.wide is not None:
        return rule.wide
    return rule.get


def _snapshot():
    return (
        sorted(Official.all_objects.values_list("pk", "version", "removed_at")),
        sorted(Assignment.all_objects.values_list("pk", "version", "verification")),
        sorted(Credential.all_objects.values_list("pk", "version", "verification")),
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_walk_every_app_url(persona, request, rows):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = client_for(user)
    before = _snapshot()
    wrong = []
    for _route, name in app_urls():
        rule = EXPECTATIONS.get(name)
        if rule is None:
            continue  # reported by test_every_url_has_an_expectation
        keys = list(rule.keys) if rule.obj else [None]
        for key in keys:
            kwargs = dict(rule.kwargs)
            if key is not None:
                kwargs["pk"] = rows[key][rule.obj].pk
            url = reverse(name, kwargs=kwargs) + rule.query
            expected = _expected(rule, persona, key)
            response = client.get(url)
            if response.status_code != expected:
                wrong.append(f"GET {url} ({key}): {response.status_code}, expected {expected}")
            elif (
                expected == 302
                and persona == "anonymous"
                and rule.need != "public"
                and not response["Location"].startswith("/accounts/login/")
            ):
                wrong.append(f"GET {url}: redirected to {response['Location']}")
            if rule.post and user is not None:
                refused = _expected(Rule(rule.need, rule.obj), persona, key)
                if refused in (403, 404):
                    answer = client.post(url, {"decision": "verify", "reason": "x"})
                    if answer.status_code != refused:
                        wrong.append(f"POST {url} ({key}): {answer.status_code}, not {refused}")
    assert wrong == [], "\n".join(wrong)
    assert _snapshot() == before, "a refused request changed a row"


# Admin ----------------------------------------------------------------------------------------

ADMIN_NAME = re.compile(r"^admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_(?P<view>[a-z_]+)$")
OBJECT_VIEWS = {"change", "delete", "history", "simple_history"}
SCOPED_MODELS = {Official: "official", Assignment: "assignment", Credential: "credential"}
SCOPED_LABELS = {"training.CourseRun": "run", "training.Enrolment": "enrolment"}


def _admin_models():
    return {(m._meta.app_label, m._meta.model_name): m for m in admin.site._registry}


def _row_for(model, key, rows):
    label = model._meta.label
    if model in SCOPED_MODELS:
        return rows[key][SCOPED_MODELS[model]]
    if label in SCOPED_LABELS:
        return rows[key][SCOPED_LABELS[label]]
    if model is AdministrativeUnit:
        return rows[key]["assignment"].commune
    return None


def _may(persona, app, action):
    return persona == "superuser" or action in STAFF_ADMIN.get(app, set())


def _refused_to_all(model, action) -> bool:
    """Return whether the model's admin refuses `action` even to superusers (e.g. no add)."""
    from django.contrib.auth.models import User
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_active=True, is_staff=True)
    return not getattr(admin.site._registry[model], f"has_{action}_permission")(request)


def admin_expectation(persona, name, model, view, key) -> set[int]:
    """Return the statuses acceptable for `persona` on the admin URL `name`."""
    if persona not in ADMIN_USERS:
        return {200} if name == "admin:login" else {302}
    if name == "admin:login":
        return {302}
    fixed = {"admin:logout": {405}, "admin:autocomplete": {200}, "admin:view_on_site": {404}}
    if name in fixed:
        return fixed[name]
    if model is None:
        return {200}
    app = model._meta.app_label
    scoped = (
        model in SCOPED_MODELS or model is AdministrativeUnit or model._meta.label in SCOPED_LABELS
    )
    if view in ("changelist",):
        return {200} if _may(persona, app, "view") else {403}
    if view == "add":
        if _refused_to_all(model, "add"):
            return {403}
        return {200} if _may(persona, app, "add") else {403}
    if view == "password_change":
        return {200} if persona == "superuser" else {403}
    outside = scoped and key not in SEES[persona]
    if view == "delete":
        if not _may(persona, app, "delete") or _refused_to_all(model, "delete"):
            return {403}
        return {302} if outside else {200}
    if not _may(persona, app, "view"):
        return {403}
    if outside:
        return {302} if view == "change" else {404}
    return {200}


def _dummy_kwargs(route: str) -> dict:
    """Return made-up values for the parameters of a route (an admin view added by an app)."""
    kwargs = {}
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        kwargs[name] = 999999 if converter == "int" else "x"
    for name in re.findall(r"\(\?P<(\w+)>", route):
        kwargs[name] = "x"
    return kwargs


def _admin_urls(rows):
    """Yield (name, model, view, key, url) for every admin URL, with a row in and out of scope."""
    models = _admin_models()
    for route, name in all_urls():
        if not route.startswith("admin/"):
            continue
        if name is None:
            yield "admin:catch_all", None, None, None, "/admin/no-such-page/"
            continue
        if name == "admin:app_list":
            for app in sorted({app for app, _model in models}):
                yield name, None, "app_list", app, reverse(name, kwargs={"app_label": app})
            continue
        if name == "admin:view_on_site":
            yield name, None, None, None, "/admin/r/1/1/"
            continue
        if name == "admin:autocomplete":
            query = "?app_label=officials&model_name=assignment&field_name=commune&term=a"
            yield name, None, None, None, reverse(name) + query
            continue
        match = ADMIN_NAME.match(name)
        model = match and models.get((match["app"], match["model"]))
        if model is None:
            view = "other" if match else None  # a view an app added, or the site's own
            yield name, None, view, None, reverse(name, kwargs=_dummy_kwargs(route))
            continue
        view = match["view"]
        if view in ("changelist", "add"):
            yield name, model, view, None, reverse(name)
            continue
        for key in rows:
            row = _row_for(model, key, rows)
            if row is None:
                row = model._default_manager.order_by("pk").first()
                if row is None:
                    break
                key = "any"
            args = [row.pk]
            if view == "simple_history":
                record = row.history.order_by("-history_date").first()
                if record is None:
                    continue  # units loaded in bulk have no history yet
                args.append(record.history_id)
            yield name, model, view, key, reverse(name, args=args)
            if key == "any":
                break


@pytest.mark.parametrize("persona", PERSONAS)
def test_walk_every_admin_url(persona, request, rows):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = client_for(user)
    wrong = []
    for name, model, view, key, url in _admin_urls(rows):
        if view == "app_list":
            app = key
            ok = (
                {200}
                if _may(persona, app, "view") or app == "officials" and (persona in ADMIN_USERS)
                else {404}
            )
            expected = ok if persona in ADMIN_USERS else {302}
            if persona == "district_staff" and app not in STAFF_ADMIN:
                expected = {404}
        elif name == "admin:catch_all":
            expected = {404} if persona in ADMIN_USERS else {302}
        elif view == "other":
            # a view an app adds to the admin: refused at the door, never a server error inside
            expected = {200, 302, 403, 404, 405} if persona in ADMIN_USERS else {302}
        else:
            expected = admin_expectation(persona, name, model, view, key)
        status = client.get(url).status_code
        if status not in expected:
            wrong.append(f"GET {url} ({key}): {status}, expected {expected}")
    assert wrong == [], "\n".join(wrong)


def test_admin_change_outside_the_scope_says_it_does_not_exist(district_staff, rows):
    client = client_for(district_staff)
    bac_son = rows["bac_son"]["official"]
    page = client.get(f"/admin/officials/official/{bac_son.pk}/change/", follow=True)
    assert bac_son.full_name not in page.content.decode()
    listing = client.get("/admin/officials/official/").content.decode()
    assert rows["nhan_ly"]["official"].full_name in listing
    assert bac_son.full_name not in listing


# Links ----------------------------------------------------------------------------------------

LINK = re.compile(r'href="(/[^"#]*)"')
NOT_FOLLOWED = ("/static/", "/admin/", "/i18n/", "/accounts/logout/")
CRAWL_LIMIT = 40  # pages per persona, breadth first from the dashboard


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_no_page_links_a_user_to_a_page_that_refuses_them(persona, request, rows):
    """Follow the links of the pages a persona reaches from the dashboard: none of them answers
    403 or 404 (a link the user cannot use should not be shown)."""
    client = client_for(request.getfixturevalue(persona))
    queue, seen, refused, found_on = ["/"], {"/"}, [], {"/": "the login"}
    while queue and len(seen) <= CRAWL_LIMIT:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code in (403, 404):
            refused.append(f"{url}: {response.status_code} (linked from {found_on[url]})")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link in seen or link.startswith(NOT_FOLLOWED):
                continue
            seen.add(link)
            found_on[link] = url
            queue.append(link)
    assert refused == [], "\n".join(refused)
