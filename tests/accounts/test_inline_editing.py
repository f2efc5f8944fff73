"""Credentials and posts edited in place on the official page (htmx partials, issue 7 item 2).

htmx sends `HX-Request: true`: the views then answer with one row or its inline form, not a page.
Without it the same URLs keep serving the full form pages.
"""

import datetime
import re

import pytest
from django.utils import timezone

from officials.models import Assignment, Credential, Verification
from standards.models import Position
from tests.personas import client_for

HTMX = {"HTTP_HX_REQUEST": "true"}


def _credential_data(credential, **changes):
    data = {
        "dimension": credential.dimension,
        "level": credential.level,
        "field": credential.field,
        "language": "",
        "issuer": "",
        "number": "",
        "awarded_on": "",
        "version": credential.version,
    }
    data.update(changes)
    return data


def _post_data(post, **changes):
    data = {
        "position": post.position_id,
        "commune": post.commune_id,
        "start_date": post.start_date.strftime("%d/%m/%Y"),
        "end_date": "",
        "end_reason": "",
        "note": "",
        "version": post.version,
    }
    data.update(changes)
    return data


def _errors_of(page: str, field: str) -> str:
    """Return the error list rendered in the field group of `field` (next to its input)."""
    group = re.search(
        rf'<div class="field invalid">(?:(?!</div>).)*?id_{field}".*?</div>', page, re.S
    )
    assert group, f"no error next to {field}"
    return group.group(0)


@pytest.fixture
def credential(officials):
    return officials["nhan_ly"].credentials.get()


@pytest.fixture
def post(officials):
    return officials["nhan_ly"].assignments.get()


# Credentials ----------------------------------------------------------------------------------


def test_the_official_page_loads_htmx_and_marks_the_rows_editable(secretary, credential):
    page = client_for(secretary).get(f"/officials/{credential.official_id}/").content.decode()
    assert "/static/vendor/htmx.min.js" in page and "<script>" not in page
    assert f'id="credential-{credential.pk}"' in page
    assert f'hx-get="/credentials/{credential.pk}/edit/"' in page
    assert 'hx-target="#credential-rows"' in page  # "Add a credential" appends a form row


def test_the_edit_form_comes_as_a_partial(secretary, credential):
    response = client_for(secretary).get(f"/credentials/{credential.pk}/edit/", **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and "<body" not in page
    assert page.lstrip().startswith(f'<tr id="credential-{credential.pk}"')
    assert f'hx-post="/credentials/{credential.pk}/edit/"' in page
    assert 'name="csrfmiddlewaretoken"' in page and 'name="version"' in page
    assert "Vary" in response and "HX-Request" in response["Vary"]


def test_without_htmx_the_edit_page_is_a_full_page(secretary, credential):
    page = client_for(secretary).get(f"/credentials/{credential.pk}/edit/").content.decode()
    assert "<html" in page and 'hx-post="' not in page


def test_a_saved_edit_comes_back_as_the_row_waiting_for_verification(secretary, credential):
    url = f"/credentials/{credential.pk}/edit/"
    response = client_for(secretary).post(
        url, _credential_data(credential, field="Hành chính"), **HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and "<form" not in page
    assert page.lstrip().startswith(f'<tr id="credential-{credential.pk}"')
    assert "Hành chính" in page
    assert "Chờ xác minh" in page  # a secretary's entry waits for the district's verification
    credential.refresh_from_db()
    assert credential.field == "Hành chính"
    assert credential.verification == Verification.PENDING


def test_a_level_outside_the_dimension_is_shown_next_to_the_level(secretary, credential):
    url = f"/credentials/{credential.pk}/edit/"
    data = _credential_data(credential, level="cert_a", field="Hành chính")
    response = client_for(secretary).post(url, data, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and "<form" in page
    assert "Trình độ này không thuộc loại trình độ đã chọn." in _errors_of(page, "level")
    assert 'value="Hành chính"' in page  # the input is kept
    credential.refresh_from_db()
    assert (credential.level, credential.field) == ("bachelor", "Luật")


def test_an_award_date_in_the_future_is_refused_next_to_the_date(secretary, credential):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = _credential_data(credential, awarded_on=tomorrow.strftime("%d/%m/%Y"))
    page = (
        client_for(secretary)
        .post(f"/credentials/{credential.pk}/edit/", data, **HTMX)
        .content.decode()
    )
    assert "Ngày cấp không thể ở tương lai." in _errors_of(page, "awarded_on")
    credential.refresh_from_db()
    assert credential.awarded_on is None


def test_a_stale_inline_save_is_refused_with_the_input_kept(secretary, district_staff, credential):
    url = f"/credentials/{credential.pk}/edit/"
    loaded = _credential_data(credential)
    first = client_for(district_staff).post(url, {**loaded, "issuer": "ĐH Luật"}, **HTMX)
    assert first.status_code == 200
    refused = client_for(secretary).post(url, {**loaded, "issuer": "ĐH Huế"}, **HTMX)
    page = refused.content.decode()
    assert refused.status_code == 200 and "<html" not in page
    assert "phongnoivu đã lưu bản ghi này" in page
    assert 'value="ĐH Huế"' in page
    credential.refresh_from_db()
    assert credential.issuer == "ĐH Luật"


def test_adding_a_credential_in_place(secretary, officials):
    official = officials["nhan_ly"]
    client = client_for(secretary)
    url = f"/officials/{official.pk}/credentials/add/"
    form = client.get(url, **HTMX).content.decode()
    assert "<html" not in form and f'hx-post="{url}"' in form and 'hx-swap="delete"' in form
    data = {"dimension": "it", "level": "cert_b", "field": "", "awarded_on": "15/03/2019"}
    page = client.post(url, data, **HTMX).content.decode()
    added = Credential.objects.get(official=official, dimension="it")
    assert page.lstrip().startswith(f'<tr id="credential-{added.pk}"')
    assert "15/03/2019" in page and "Chờ xác minh" in page


def test_an_invalid_new_credential_writes_nothing(secretary, officials):
    official = officials["nhan_ly"]
    url = f"/officials/{official.pk}/credentials/add/"
    data = {"dimension": "it", "level": "doctor", "field": "", "awarded_on": ""}
    page = client_for(secretary).post(url, data, **HTMX).content.decode()
    assert "Trình độ này không thuộc loại trình độ đã chọn." in _errors_of(page, "level")
    assert not Credential.objects.filter(official=official, dimension="it").exists()


def test_cancel_puts_the_row_back(secretary, credential):
    response = client_for(secretary).get(f"/credentials/{credential.pk}/row/", **HTMX)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page and "<form" not in page
    assert page.lstrip().startswith(f'<tr id="credential-{credential.pk}"')


def test_a_secretary_of_another_commune_gets_404(secretary, officials):
    other = officials["chi_lang_town"].credentials.get()
    client = client_for(secretary)
    assert client.get(f"/credentials/{other.pk}/edit/", **HTMX).status_code == 404
    data = _credential_data(other, field="Hành chính")
    assert client.post(f"/credentials/{other.pk}/edit/", data, **HTMX).status_code == 404
    assert client.get(f"/credentials/{other.pk}/row/", **HTMX).status_code == 404
    other.refresh_from_db()
    assert other.field == "Luật"


def test_a_viewer_gets_403_and_no_edit_links(viewer, credential):
    client = client_for(viewer)
    assert client.get(f"/credentials/{credential.pk}/edit/", **HTMX).status_code == 403
    data = _credential_data(credential, field="Hành chính")
    assert client.post(f"/credentials/{credential.pk}/edit/", data, **HTMX).status_code == 403
    url = f"/officials/{credential.official_id}/credentials/add/"
    assert client.get(url, **HTMX).status_code == 403
    row = client.get(f"/credentials/{credential.pk}/row/", **HTMX).content.decode()
    assert "hx-get" not in row
    page = client.get(f"/officials/{credential.official_id}/").content.decode()
    assert "hx-get" not in page and "htmx.min.js" not in page
    credential.refresh_from_db()
    assert credential.field == "Luật"


# Posts ----------------------------------------------------------------------------------------


def test_a_post_is_edited_in_place(secretary, post):
    client = client_for(secretary)
    url = f"/posts/{post.pk}/edit/"
    form = client.get(url, **HTMX).content.decode()
    assert "<html" not in form and form.lstrip().startswith(f'<tr id="post-{post.pk}"')
    page = client.post(url, _post_data(post, start_date="02/03/2017"), **HTMX).content.decode()
    assert page.lstrip().startswith(f'<tr id="post-{post.pk}"') and "<form" not in page
    assert "02/03/2017" in page and "Chờ xác minh" in page
    post.refresh_from_db()
    assert post.start_date == datetime.date(2017, 3, 2)


def test_an_end_reason_without_end_date_is_shown_next_to_the_reason(secretary, post):
    data = _post_data(post, end_reason="transfer", start_date="02/03/2017")
    page = client_for(secretary).post(f"/posts/{post.pk}/edit/", data, **HTMX).content.decode()
    assert "<form" in page and "<html" not in page
    assert "Có lý do kết thúc thì phải có ngày kết thúc." in _errors_of(page, "end_reason")
    post.refresh_from_db()
    assert post.start_date == datetime.date(2016, 1, 1)


def test_adding_a_post_in_place(secretary, officials):
    official = officials["nhan_ly"]
    post = official.assignments.get()
    url = f"/officials/{official.pk}/posts/add/"
    client = client_for(secretary)
    form = client.get(url, **HTMX).content.decode()
    assert "<html" not in form and f'hx-post="{url}"' in form
    data = _post_data(post, start_date="01/06/2021")
    del data["version"]
    # The same post, still open: refused above the form (a rule of the model), nothing written.
    refused = client.post(url, data, **HTMX)
    assert refused.status_code == 200
    assert "Cán bộ, công chức này đã giữ chức vụ này tại xã này." in refused.content.decode()
    assert official.assignments.count() == 1
    # Another post is added and comes back as its row.
    deputy = Position.objects.get(code="committee_chair")
    page = client.post(url, {**data, "position": deputy.pk}, **HTMX).content.decode()
    added = Assignment.objects.get(official=official, position=deputy)
    assert page.lstrip().startswith(f'<tr id="post-{added.pk}"')
    assert "Chờ xác minh" in page


def test_posts_out_of_scope_or_read_only(secretary, viewer, officials):
    other = officials["chi_lang_town"].assignments.get()
    assert client_for(secretary).get(f"/posts/{other.pk}/edit/", **HTMX).status_code == 404
    assert client_for(secretary).get(f"/posts/{other.pk}/row/", **HTMX).status_code == 404
    assert client_for(viewer).get(f"/posts/{other.pk}/edit/", **HTMX).status_code == 403
    row = client_for(viewer).get(f"/posts/{other.pk}/row/", **HTMX)
    assert row.status_code == 200 and "hx-get" not in row.content.decode()
