"""Issue an API token for a user and print it: the only time it can be read."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken
from knox.settings import knox_settings


class Command(BaseCommand):
    help = "Issue an API token for USERNAME and print it; it is stored hashed and expires."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days",
            type=int,
            help="Days until the token expires (default: DJANGO_API_TOKEN_DAYS).",
        )

    def handle(self, *args, username, days, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as missing:
            raise CommandError(f"No user called {username!r}.") from missing
        lifetime = knox_settings.TOKEN_TTL if days is None else datetime.timedelta(days=days)
        instance, token = AuthToken.objects.create(user=user, expiry=lifetime)
        self.stdout.write(token)
        self.stderr.write(f"Expires {instance.expiry:%Y-%m-%d %H:%M %Z}.")
