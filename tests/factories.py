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
