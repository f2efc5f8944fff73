"""The demo district reproduces the seed article's figures through the engine itself."""

import datetime

import pytest

from demo.seed_chilang import seed_people
from officials.models import Assignment, Credential
from standards.compliance import question_for, report
from units.models import AdministrativeUnit

D = datetime.date


@pytest.fixture
def district(chi_lang):
    seed_people()
    return chi_lang


def _figures(unit, on):
    return report(question_for(on, "2019"), unit)


def test_the_article_figures_on_24_05_2022(district):
    result = _figures(district, D(2022, 5, 24))
    total = result.total
    assert (total.officials, total.compliant, str(total.percent)) == (415, 346, "83.37")
    assert len(result.communes) == 20
    by_code = {item.unit.code: item for item in result.communes}
    town = by_code["06466"]
    assert (town.officials, town.quota, town.vacancies) == (20, 21, 1)
    assert town.percent > 70
    assert str(by_code["06496"].percent) == "90.00"


def test_22_16_points_more_than_at_the_end_of_2015(district):
    before = _figures(district, D(2015, 12, 31)).total
    now = _figures(district, D(2022, 5, 24)).total
    assert (before.officials, before.compliant, str(before.percent)) == (397, 243, "61.21")
    assert str(now.percent - before.percent) == "22.16"


def test_nhan_ly_political_theory_and_it(district):
    nhan_ly = AdministrativeUnit.objects.get(dataset="legacy", code="06496")
    people = (
        Assignment.objects.in_post_on(D(2022, 5, 24)).filter(commune=nhan_ly).values("official")
    )
    in_post = people.distinct().count()
    pt = Credential.objects.filter(official__in=people, dimension="political_theory", rank__gte=2)
    it = Credential.objects.filter(official__in=people, dimension="it", rank__gte=1)
    share = pt.values("official").distinct().count() / in_post
    assert 0.55 <= share <= 0.60
    assert it.values("official").distinct().count() == in_post == 20


def test_posts_since_2015_with_transfers_rotations_dismissals_and_concurrent_posts(district):
    reasons = set(Assignment.objects.exclude(end_reason="").values_list("end_reason", flat=True))
    assert {"transfer", "rotation", "dismissal"} <= reasons
    secretary_and_chair = Assignment.objects.filter(
        position__code__in=["party_secretary", "council_chair"], end_date__isnull=True
    ).values("official")
    assert secretary_and_chair.count() == 40
    assert secretary_and_chair.distinct().count() == 20


def test_the_named_secretaries_of_the_article(district):
    for code, name in (("06466", "Nguyễn Văn Nhiên"), ("06496", "Vi Công Hậu")):
        post = Assignment.objects.get(
            commune__dataset="legacy",
            commune__code=code,
            position__code="party_secretary",
            end_date__isnull=True,
        )
        assert post.official.full_name == name


def test_seeding_is_deterministic(district):
    first = sorted(
        Credential.objects.values_list("official__citizen_id", "dimension", "level", "awarded_on")
    )
    Credential.objects.all().delete()
    Assignment.objects.all().delete()
    from officials.models import Official

    Official.all_objects.all().delete()
    seed_people()
    again = sorted(
        Credential.objects.values_list("official__citizen_id", "dimension", "level", "awarded_on")
    )
    assert first == again


def test_the_training_of_the_term_since_01_10_2020(chi_lang):
    import csv
    import io

    from django.core.management import call_command

    from demo.seed_chilang import seed_district

    seed_district()
    out = io.StringIO()
    call_command(
        "training_report", "--from", "2020-10-01", "--to", "2022-05-24", "--unit", "187", stdout=out
    )
    rows = {row["programme_code"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows["pt_advanced"]["sent_to_study"] == "19"
    assert rows["pt_intermediate"]["sent_to_study"] == "174"
    assert sum(int(row["person_times"]) for row in rows.values()) >= 3600
    # Training changes nothing of the article's figures on its date.
    total = _figures(chi_lang, D(2022, 5, 24)).total
    assert (total.officials, total.compliant) == (415, 346)


def test_nobody_fails_on_it_while_holding_an_it_certificate(district):
    from standards.compliance import reasons, scope_filter

    on = D(2022, 5, 24)
    found = reasons(question_for(on, "2019"), where=scope_filter(district, on))
    it_reasons = [
        reason for listed in found.values() for reason in listed if reason.dimension == "it"
    ]
    assert it_reasons, "some officials lack an IT certificate altogether"
    assert {reason.held_level for reason in it_reasons} == {None}


def test_the_2019_quota_applies_from_25_06_2019_under_regime_2012(district):
    import csv
    import io

    from django.core.management import call_command

    def district_quota(on):
        out = io.StringIO()
        call_command("compliance_report", "--as-of", on, "--unit", "187", stdout=out)
        rows = {row["unit_code"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
        return rows["187"]["quota"], rows["06466"]["quota"]

    assert district_quota("2019-07-01") == ("426", "21")  # 3 × 23 + 17 × 21, regime 2012
    assert district_quota("2019-06-24") == ("466", "23")  # 3 × 25 + 17 × 23
