"""Settings come from the environment: safe defaults for a newcomer, a loud stop in production."""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings

READ_SETTINGS = (
    "import json, cooperation.settings as s; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'SECRET_KEY': s.SECRET_KEY, "
    "'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'DATABASE': s.DATABASES['default']}))"
)


# Prefix of a script that needs Django set up, not only the settings module imported.
SET_UP_DJANGO = (
    "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'cooperation.settings'; "
    "django.setup(); "
)


def import_settings(**variables: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with only ``variables`` of the portal's set."""
    return run_with_settings(READ_SETTINGS, **variables)


def run_with_settings(script: str, **variables: str) -> subprocess.CompletedProcess:
    """Run ``script`` in a fresh interpreter with only ``variables`` of the portal's set."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "CACHE_"))
    }
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def read_settings(**variables: str) -> dict:
    imported = import_settings(**variables)
    assert imported.returncode == 0, imported.stderr
    return json.loads(imported.stdout)


@pytest.mark.parametrize("secret", [None, ""])
@pytest.mark.parametrize("debug", ["false", "False", "0", "no", "off"])
def test_production_without_a_secret_key_fails_loudly(debug, secret):
    variables = {"DJANGO_DEBUG": debug}
    if secret is not None:
        variables["DJANGO_SECRET_KEY"] = secret

    imported = import_settings(**variables)

    assert imported.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY must be set" in imported.stderr


def test_production_with_a_secret_key_starts_without_debug():
    secret = "a-long-random-production-secret"

    production = read_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=secret)

    assert (production["DEBUG"], production["SECRET_KEY"]) == (False, secret)
    assert production["ALLOWED_HOSTS"] == []


def test_a_newcomer_runs_in_debug_on_sqlite_under_var():
    development = read_settings()

    assert development["DEBUG"] is True
    assert development["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert development["DATABASE"]["NAME"] == str(settings.BASE_DIR / "var" / "portal.sqlite3")


def test_database_url_selects_postgresql():
    database = read_settings(DATABASE_URL="postgres://portal@db.example:5433/portal")["DATABASE"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example", 5433, "portal")
    assert database["OPTIONS"]["options"] == "-c jit=off", "compiling cost more than it saved"


def test_cache_url_gives_a_shared_redis_cache_that_works():
    """Regression: CACHE_URL chose Redis, whose client was not installed; throttling broke."""
    script = (
        "from django.core.cache import cache; "
        "cache.set('probe', 'ok', 5); print(cache.get('probe'))"
    )
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            pass
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")

    completed = run_with_settings(SET_UP_DJANGO + script, CACHE_URL="redis://127.0.0.1:6379/15")

    assert completed.stdout.strip() == "ok", completed.stderr


def test_statistics_read_from_the_replica_when_one_is_configured(tmp_path):
    """Statistics queries go to ``DATABASE_REPLICA_URL`` when set, else to the primary."""
    script = SET_UP_DJANGO + "from django.conf import settings; print(settings.STATS_DATABASE)"

    primary = run_with_settings(script)
    replica = run_with_settings(
        script, DATABASE_REPLICA_URL=f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    )

    assert primary.stdout.strip() == "default", primary.stderr
    assert replica.stdout.strip() == "replica", replica.stderr


READ_SECURITY = (
    "import json, cooperation.settings as s; "
    "print(json.dumps({'SSL_REDIRECT': s.SECURE_SSL_REDIRECT, 'HSTS': s.SECURE_HSTS_SECONDS, "
    "'PROXY_SSL_HEADER': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), "
    "'NUM_PROXIES': s.REST_FRAMEWORK['NUM_PROXIES']}))"
)
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-of-fifty-characters-or-more-7Qx",
    "DJANGO_ALLOWED_HOSTS": "portal.example.gov.cn",
}


def read_security(**variables: str) -> dict:
    completed = run_with_settings(READ_SECURITY, **variables)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_the_deploy_check_is_clean_with_only_debug_off_a_secret_and_hosts():
    """Issue 11: ``check --deploy`` warned of no HSTS and no SSL redirect."""
    completed = run_with_settings(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DJANGO_SETTINGS_MODULE="cooperation.settings",
        **PRODUCTION,
    )

    assert completed.returncode == 0, completed.stderr
    assert "no issues" in completed.stdout


def test_production_redirects_to_https_and_sends_hsts_by_default():
    production = read_security(**PRODUCTION)

    assert production["SSL_REDIRECT"] is True
    assert production["HSTS"] == 365 * 24 * 3600
    assert production["PROXY_SSL_HEADER"] is None
    assert production["NUM_PROXIES"] == 0


def test_a_plain_http_intranet_turns_the_redirect_and_hsts_off():
    intranet = read_security(
        DJANGO_SECURE_SSL_REDIRECT="false", DJANGO_SECURE_HSTS_SECONDS="0", **PRODUCTION
    )

    assert (intranet["SSL_REDIRECT"], intranet["HSTS"]) == (False, 0)


def test_development_neither_redirects_nor_sends_hsts():
    development = read_security()

    assert (development["SSL_REDIRECT"], development["HSTS"]) == (False, 0)


def test_trusted_proxies_tell_the_scheme_and_the_client_address():
    behind_a_proxy = read_security(DJANGO_TRUSTED_PROXIES="1", **PRODUCTION)

    assert behind_a_proxy["PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert behind_a_proxy["NUM_PROXIES"] == 1


def test_server_errors_are_mailed_to_the_admins_the_environment_names():
    completed = run_with_settings(
        "import json, cooperation.settings as s; print(json.dumps(s.ADMINS))",
        DJANGO_ADMINS="Portal operators <ops@example.gov.cn>, dba@example.gov.cn",
    )

    assert json.loads(completed.stdout) == [
        ["Portal operators", "ops@example.gov.cn"],
        ["dba@example.gov.cn", "dba@example.gov.cn"],
    ], completed.stderr


def test_no_admins_are_mailed_unless_named():
    completed = run_with_settings("import json, cooperation.settings as s; print(s.ADMINS)")

    assert completed.stdout.strip() == "[]", completed.stderr
