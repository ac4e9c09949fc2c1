"""Settings come from the environment; these run settings in a fresh process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRINT_DATABASE = (
    "import json, django; from django.conf import settings; "
    "print(json.dumps({k: str(v) for k, v in settings.DATABASES['default'].items()}))"
)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean |= {"DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def database_settings(**env: str) -> dict:
    result = run_python(PRINT_DATABASE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_is_the_default_database():
    db = database_settings(DJANGO_DEBUG="1")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(ROOT / "var" / "db.sqlite3")


def test_database_url_selects_postgresql_with_persistent_checked_connections():
    db = database_settings(
        DJANGO_DEBUG="1", DATABASE_URL="postgres://guide:s3cret@db.example:6543/sci_guide"
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"]) == ("db.example", "6543", "sci_guide")
    assert (db["USER"], db["PASSWORD"]) == ("guide", "s3cret")
    assert db["CONN_MAX_AGE"] == "600"
    assert db["CONN_HEALTH_CHECKS"] == "True"


def test_missing_secret_key_stops_production_start():
    result = run_python(PRINT_DATABASE, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_allowed_hosts_come_from_the_environment():
    code = "from django.conf import settings; print(','.join(settings.ALLOWED_HOSTS))"
    result = run_python(
        code, DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="guide.example, www.guide.example"
    )
    assert result.stdout.strip() == "guide.example,www.guide.example"


@pytest.mark.parametrize("proxy", ["0", "1"])
def test_check_deploy_is_clean_in_production(proxy):
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "prod-like-" + "k3y-" * 15,
        "DJANGO_ALLOWED_HOSTS": "guide.example",
        "DJANGO_TRUSTED_PROXY": proxy,
    }
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_admin_path_comes_from_the_environment():
    code = (
        "import django; django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'), reverse('admin_login'))"
    )
    result = run_python(code, DJANGO_DEBUG="1", DJANGO_ADMIN_PATH="/staff-only-7f3c/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/staff-only-7f3c/", "/staff-only-7f3c/login/"]


def test_over_https_the_cookies_are_host_only():
    code = (
        "from django.conf import settings; "
        "print(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    result = run_python(
        code, DJANGO_SECRET_KEY="x" * 60, DJANGO_ALLOWED_HOSTS="guide.example", DJANGO_HTTPS="1"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["__Host-session", "__Host-csrftoken", "True", "True"]
