"""seed_demo: the demo district of the seed article (DESIGN §10)."""

from django.core.management.base import BaseCommand

from officials.demo import seed_demo
from officials.models import Official


class Command(BaseCommand):
    help = "Load the demo data (Huyện Chi Lăng, Lạng Sơn) and the demo logins; safe to re-run."

    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write(f"Demo data: {Official.objects.count()} officials.")
        self.stdout.write("Demo logins (username / password / role):")
        for username, password, role in logins:
            self.stdout.write(f"  {username} / {password} / {role}")
