"""PLAIN_HTTP_DEMO=1: production settings that still let people log in over plain http (demo stacks,
CI's smoke test); real production (switch unset) keeps every HTTPS protection and a clean deploy check."""

import json
import os
import subprocess
import sys

from django.conf import settings

from tests.core.test_settings import ENV_KEYS

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ('SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', "
    "'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'PLAIN_HTTP_DEMO')}))"
)
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "k3y-" + "z9Q!x" * 12, "ALLOWED_HOSTS": "alley.example.kr"}


def run(args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in (*ENV_KEYS, "PLAIN_HTTP_DEMO", "SECURE_SSL_REDIRECT")}
    env.update(DJANGO_SETTINGS_MODULE="alleydistricts.settings", **env_overrides)
    return subprocess.run([sys.executable, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True,
                          timeout=120)


def security_settings(**env):
    result = run(["-c", PROBE], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_without_the_switch_keeps_https_protections():
    values = security_settings(**PRODUCTION)
    assert values == {"SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
                      "SECURE_HSTS_SECONDS": 31536000, "PLAIN_HTTP_DEMO": False}


def test_the_switch_drops_secure_cookies_redirect_and_hsts():
    values = security_settings(**PRODUCTION, PLAIN_HTTP_DEMO="1")
    assert values == {"SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False,
                      "SECURE_HSTS_SECONDS": 0, "PLAIN_HTTP_DEMO": True}


def test_the_deploy_check_flags_a_plain_http_stack():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION, PLAIN_HTTP_DEMO="1")
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr + result.stdout, check
