"""One date input for every form: dd/mm/yyyy as offices type it, a calendar beside it."""

import datetime

import pytest

from cadre_registry.dates import DateField, DateInput, read_date
from pages.admin_bulk import EndPostsForm, MoveForm
from pages.forms import AssignmentForm, CredentialForm, OfficialForm
from spreadsheets.forms import ExportForm
from standards.forms import ComplianceQueryForm
from training.forms import ForecastQueryForm, GapQueryForm, ReportQueryForm, ResultsForm, RunForm

D = datetime.date


@pytest.mark.parametrize(
    "typed",
    [
        "24/05/2022",
        "24/5/2022",
        "24-05-2022",
        "24.05.2022",
        " 24 / 5 / 2022 ",
        "24052022",
        "2022-05-24",
    ],
)
def test_what_offices_type_is_read_day_first(typed):
    assert read_date(typed) == D(2022, 5, 24)


@pytest.mark.parametrize(
    "typed", ["242022", "05/24/2022", "31/02/2022", "24/05/22", "24/05/0222", "hôm nay", ""]
)
def test_anything_else_is_refused(typed):
    with pytest.raises(ValueError):
        read_date(typed)


def test_a_wrong_date_says_how_to_write_one_in_vietnamese():
    field = DateField()
    with pytest.raises(Exception) as refused:
        field.clean("242022")
    assert "dd/mm/yyyy" in str(refused.value) and "24/05/2022" in str(refused.value)


def test_the_input_is_text_shown_day_first_with_a_calendar():
    html = DateInput().render("as_of", "2022-05-24", attrs={"id": "id_as_of"})
    assert 'type="text"' in html and 'value="24/05/2022"' in html
    assert "data-datepicker" in html and 'placeholder="dd/mm/yyyy"' in html
    assert 'data-calendar-label="Chọn trên lịch"' in html
    assert 'value="31/02/2022"' in DateInput().render("d", "31/02/2022")  # kept as typed


def _date_fields(form):
    return {
        name: field for name, field in form.fields.items() if "date" in type(field).__name__.lower()
    }


@pytest.mark.django_db
def test_every_date_field_of_the_app_uses_the_one_input(django_user_model):
    user = django_user_model.objects.create(username="x")
    forms = [
        OfficialForm(),
        AssignmentForm(user=user),
        CredentialForm(),
        ComplianceQueryForm(),
        ExportForm(),
        GapQueryForm(),
        ForecastQueryForm(),
        ReportQueryForm(),
        RunForm(user=user),
        ResultsForm(enrolments=[]),
        EndPostsForm(),
        MoveForm(),
    ]
    found = 0
    for form in forms:
        for name, field in _date_fields(form).items():
            found += 1
            assert isinstance(field, DateField), f"{type(form).__name__}.{name}"
            assert isinstance(field.widget, DateInput), f"{type(form).__name__}.{name}"
    assert found == 17
