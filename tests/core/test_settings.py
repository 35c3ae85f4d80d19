"""Settings come from the environment, with working defaults and a strict production mode."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']),"
    " 'eager': s.CELERY_TASK_ALWAYS_EAGER, 'debug': s.DEBUG, 'email': s.EMAIL_BACKEND,"
    " 'media': str(s.MEDIA_ROOT), 'static': str(s.STATIC_ROOT)}))"
)
ENV_KEYS = ("DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "MEDIA_ROOT", "CACHE_URL",
            "EMAIL_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE")


STRONG_KEY = "k3y-" + "z9Q!x" * 12  # 64 characters, 8 distinct


def run_python(code: str, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    env.update(DJANGO_SETTINGS_MODULE="alleydistricts.settings", **env_overrides)
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=120)


def probe(**env):
    result = run_python(PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_no_environment_gives_sqlite_and_eager_tasks():
    values = probe()
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")
    assert values["eager"] is True
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"


def test_database_url_selects_postgresql():
    values = probe(DATABASE_URL="postgres://alley@127.0.0.1:5432/alleydistricts")
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "alleydistricts"


def test_broker_url_turns_eager_off():
    assert probe(CELERY_BROKER_URL="redis://127.0.0.1:6379/0")["eager"] is False


def test_media_root_is_private_and_outside_static():
    values = probe(MEDIA_ROOT="/srv/alley/private-media")
    assert values["media"] == "/srv/alley/private-media"
    default = probe()
    assert not default["media"].startswith(default["static"])
    assert "static" not in default["media"]


def test_production_refuses_to_start_without_secret_key():
    result = run_python(PROBE, DEBUG="0", ALLOWED_HOSTS="alley.example.kr")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python(PROBE, DEBUG="0", SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    env.update(DEBUG="0", SECRET_KEY="k3y-" + "z9Q!x" * 12, ALLOWED_HOSTS="alley.example.kr")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(("key", "reason"), [
    ("   \t  ", "only whitespace"),
    (" " * 60, "only whitespace"),
    ("a1b2c3d4e5" * 4, "40 characters"),
    ("abab" * 20, "only 2 different characters"),
    ("django-insecure-" + "q8Zr!pX2wL#m" * 5, "development key"),
])
def test_production_refuses_a_weak_secret_key_with_a_clear_message(key, reason):
    result = run_python(PROBE, DEBUG="0", SECRET_KEY=key, ALLOWED_HOSTS="alley.example.kr")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and reason in result.stderr
    assert "secrets.token_urlsafe" in result.stderr


def test_production_starts_with_a_strong_key_and_development_keeps_its_default():
    assert probe(DEBUG="0", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="alley.example.kr")["debug"] is False
    assert probe(SECRET_KEY="   ")["debug"] is True  # DEBUG on: the development key is used


def test_the_makefile_and_static_build_keys_pass_the_production_bar():
    root = Path(settings.BASE_DIR)
    makefile = (root / "Makefile").read_text().replace("$$(date +%s)", "1764748800")  # what make runs
    makefile_key = re.search(r"SECRET_KEY=(\S+)", makefile).group(1)
    # bin/build-static is the Dockerfile's (and CI's) collectstatic step
    build_key = re.search(r"SECRET_KEY=(\S+)", (root / "bin" / "build-static").read_text()).group(1)
    assert "bin/build-static" in (root / "Dockerfile").read_text()
    for key in (makefile_key, build_key):
        assert probe(DEBUG="0", SECRET_KEY=key, ALLOWED_HOSTS="build")["debug"] is False, key
