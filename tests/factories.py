import datetime

import factory

from officials.models import Assignment, Credential, Gender, Official
from standards.models import Position


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    date_of_birth = datetime.date(1980, 1, 1)
    gender = Gender.MALE
    ethnicity = "Kinh"
    citizen_id = factory.Sequence(lambda n: f"{20080000000 + n:012d}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    official = factory.SubFactory(OfficialFactory)
    position = factory.LazyFunction(lambda: Position.objects.get(code="finance_accounting"))
    start_date = datetime.date(2016, 1, 1)


class CredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credential

    official = factory.SubFactory(OfficialFactory)
    dimension = "professional"
    level = "bachelor"
    field = "Kế toán"


D = datetime.date
DEFAULT_START = D(2016, 1, 1)
RUN_START, RUN_END = D(2021, 3, 1), D(2021, 12, 20)


class Registry:
    """The one way tests write people, posts, credentials and classes by hand (the `reg`
    fixture); the factories above fill in what a test does not name."""

    def official(self, name="Người Thử", **extra):
        n = OfficialFactory._meta.next_sequence()
        return OfficialFactory(full_name=f"{name} {n}", **extra)

    def hold(self, official, position, commune, start=DEFAULT_START, end=None, **extra):
        return AssignmentFactory(
            official=official,
            position=Position.objects.get(code=position),
            commune=commune,
            start_date=start,
            end_date=end,
            **extra,
        )

    def cred(self, official, dimension, level, field="", awarded=None, verification="verified"):
        return CredentialFactory(
            official=official,
            dimension=dimension,
            level=level,
            field=field,
            awarded_on=awarded,
            verification=verification,
        )

    def accountant(self, commune, *, professional="bachelor", field="Kế toán", it="basic", **kw):
        """A finance_accounting civil servant meeting regime 2019 unless told otherwise."""
        person = self.official()
        self.hold(person, "finance_accounting", commune, **kw)
        self.cred(person, "general_education", "upper_secondary")
        if professional:
            self.cred(person, "professional", professional, field=field)
        if it:
            self.cred(person, "it", it)
        return person

    def secretary(self, commune, *, political=None, name="Bí Thư"):
        """A party secretary meeting regime 2019 except, unless given, political theory."""
        person = self.official(name)
        self.hold(person, "party_secretary", commune)
        self.cred(person, "general_education", "upper_secondary")
        self.cred(person, "professional", "bachelor", field="Luật")
        if political:
            self.cred(person, "political_theory", political)
        return person

    def run(self, code="pt_intermediate", start=RUN_START, end=RUN_END, **extra):
        """A class of the programme `code`, managed by Huyện Chi Lăng unless `unit` is given."""
        from training.models import CourseRun, Programme
        from units.models import AdministrativeUnit

        unit = extra.pop("unit", None) or AdministrativeUnit.objects.get(
            dataset="legacy", code="187"
        )
        return CourseRun.objects.create(
            programme=Programme.objects.get(code=code),
            unit=unit,
            provider=extra.pop("provider", "Trường Chính trị tỉnh Lạng Sơn"),
            starts_on=start,
            ends_on=end,
            **extra,
        )
