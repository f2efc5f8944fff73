"""seed_demo: the demo district of the seed article (DESIGN §10)."""

import datetime

from django.utils import translation
from django.utils.formats import number_format

from cadre_registry.commands import RegistryCommand
from demo.seed import DEMO_DISTRICT, seed_demo
from standards.compliance import question_for, report
from units.models import AdministrativeUnit, Dataset

ARTICLE_DATE = datetime.date(2022, 5, 24)


class Command(RegistryCommand):
    help = "Load the demo district (Huyện Chi Lăng, Lạng Sơn) and a login per role; safe to re-run."

    def handle(self, *args, **options):
        logins = seed_demo()
        district = AdministrativeUnit.objects.get(dataset=Dataset.LEGACY, code=DEMO_DISTRICT)
        total = report(question_for(ARTICLE_DATE), district, with_unmet=False).total
        with translation.override("vi"):
            percent = number_format(total.percent, decimal_pos=2)
        self.stdout.write(
            f"Demo: {district.name} on {ARTICLE_DATE:%d/%m/%Y}: {total.officials} officials in "
            f"post, {total.compliant} compliant ({percent} %)."
        )
        self.stdout.write(
            f"Open http://127.0.0.1:8000/?as_of={ARTICLE_DATE:%Y-%m-%d} after logging in."
        )
        self.stdout.write("Demo logins (username / password / role):")
        for username, password, role in logins:
            self.stdout.write(f"  {username} / {password} / {role}")
