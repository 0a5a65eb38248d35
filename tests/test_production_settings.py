"""Production hardening: Django's deployment checks pass, HTTPS-only settings are on (and the
TLS redirect can be switched off), every page sends a strict Content Security Policy and the
other security headers, no page runs inline script, and the admin can live at another path.

Production settings are read in fresh processes (`manage.py` with the documented environment);
headers and pages are checked in-process, where the same middleware runs.
"""

import importlib
import json
import secrets

import pytest
from django.test import override_settings
from django.urls import clear_url_caches, reverse

from tests.factories import make_full_issue
from tests.html_inspection import elements
from tests.processes import clean_environment
from tests.processes import manage as run_manage

PROD = "config.settings.prod"
ONE_YEAR = 60 * 60 * 24 * 365
ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


def manage(*args, **variables):
    """manage.py under production settings with the environment the README documents: a long
    random secret key and the site's host name, plus `variables`."""
    env = clean_environment(
        DJANGO_SETTINGS_MODULE=PROD,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        DJANGO_ALLOWED_HOSTS="digest.example.org",
        **variables,
    )
    return run_manage(*args, env=env, check=False)


def prod_python(code, **variables):
    """Run `code` in `manage.py shell` under production settings; its last stdout line, parsed
    as JSON."""
    result = manage("shell", "-c", code, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


READ_SECURITY_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
    "DEBUG": settings.DEBUG,
    "PASSWORD_HASHERS": settings.PASSWORD_HASHERS,
    "ADMIN_URL": settings.ADMIN_URL,
}))
"""


# --- manage.py check --deploy ----------------------------------------------------------------


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_the_https_redirect_only_its_warning_remains():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SECURE_SSL_REDIRECT="0")
    output = result.stdout + result.stderr

    assert result.returncode == 1, output
    assert "security.W008" in output
    assert "System check identified 1 issue" in output, output
    assert (
        prod_python(READ_SECURITY_SETTINGS, DJANGO_SECURE_SSL_REDIRECT="0")["SECURE_SSL_REDIRECT"]
        is False
    )


@pytest.fixture(scope="module")
def production_settings():
    """The security settings production computes from the documented environment."""
    return prod_python(READ_SECURITY_SETTINGS)


def test_https_only_settings_are_on_by_default(production_settings):
    values = production_settings

    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= ONE_YEAR
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True


def test_passwords_are_hashed_with_argon2_in_production(production_settings):
    assert production_settings["PASSWORD_HASHERS"][0] == ARGON2


FETCH_WITH_PRODUCTION_MIDDLEWARE = """
import json
from django.test import Client
client = Client(HTTP_HOST="digest.example.org")
plain = client.get("/robots.txt")
secure = client.get("/robots.txt", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "secure_status": secure.status_code,
    "hsts": secure.get("Strict-Transport-Security"),
}))
"""


def test_production_redirects_to_https_and_sends_hsts(tmp_path):
    # robots.txt needs no table: an empty SQLite file stands in for the database.
    fetched = prod_python(
        FETCH_WITH_PRODUCTION_MIDDLEWARE, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    )

    assert fetched["plain_status"] == 301
    assert fetched["plain_location"] == "https://digest.example.org/robots.txt"
    assert fetched["secure_status"] == 200
    assert fetched["hsts"] == f"max-age={ONE_YEAR}; includeSubDomains; preload"


def test_the_https_redirect_can_be_switched_off_behind_a_tls_proxy(tmp_path):
    fetched = prod_python(
        FETCH_WITH_PRODUCTION_MIDDLEWARE,
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )

    assert fetched["plain_status"] == 200


def test_the_admin_path_comes_from_the_environment():
    values = prod_python(
        "import json; from django.conf import settings; from django.urls import reverse; "
        'print(json.dumps({"ADMIN_URL": settings.ADMIN_URL, "index": reverse("admin:index")}))',
        DJANGO_ADMIN_URL="backstage/",
    )

    assert values == {"ADMIN_URL": "backstage/", "index": "/backstage/"}


# --- The admin at another path (in-process) --------------------------------------------------


def reload_urlconf():
    importlib.reload(importlib.import_module("config.urls"))
    clear_url_caches()


@pytest.fixture
def admin_at_backstage():
    """The URLconf rebuilt as it is when DJANGO_ADMIN_URL=backstage/, restored afterwards."""
    with override_settings(ADMIN_URL="backstage/"):
        reload_urlconf()
        yield
    reload_urlconf()


@pytest.mark.django_db
def test_a_moved_admin_serves_its_login_at_the_new_path_only(client, admin_at_backstage):
    login = client.get("/backstage/login/")

    assert login.status_code == 200
    assert reverse("admin:login") == "/backstage/login/"
    assert 'name="password"' in login.content.decode()
    assert client.get("/backstage/")["Location"].startswith("/backstage/login/")
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    assert "backstage" not in client.get("/robots.txt").content.decode()


@pytest.mark.django_db
def test_a_moved_admin_still_signs_editors_in(client, admin_at_backstage, superuser):
    response = client.post(
        "/backstage/login/?next=/backstage/", {"username": "boss", "password": "pw"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/backstage/"
    assert client.get("/backstage/").status_code == 200


# --- Security headers ------------------------------------------------------------------------


def csp_directives(header):
    """{"script-src": ["'self'"], ...} of a Content-Security-Policy header."""
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


@pytest.mark.django_db
def test_reader_pages_send_a_strict_content_security_policy(client):
    make_full_issue(2020, 47)

    response = client.get("/")

    assert response.status_code == 200
    assert "Content-Security-Policy" in response, "CSP must be enforced, not report-only"
    directives = csp_directives(response["Content-Security-Policy"])
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src, directives
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("object-src") == ["'none'"]
    assert "'unsafe-inline'" not in directives.get("default-src", [])


@pytest.mark.django_db
def test_pictures_come_only_from_this_site_by_default(client):
    make_full_issue(2020, 47)

    directives = csp_directives(client.get("/")["Content-Security-Policy"])

    assert directives["img-src"] == ["'self'"]


def test_other_picture_hosts_are_allowed_only_when_the_operator_names_them():
    values = prod_python(
        "from django.conf import settings; import json; "
        'print(json.dumps(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]))',
        DIGEST_IMAGE_HOSTS="https://images.example.org, https://cdn.example.net",
    )

    assert values == ["'self'", "https://images.example.org", "https://cdn.example.net"]


@pytest.mark.django_db
def test_reader_pages_send_the_other_security_headers(client):
    make_full_issue(2020, 47)

    response = client.get("/")

    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_and_error_pages_send_the_security_headers_too(admin_client):
    issue = make_full_issue(2020, 47)
    pages = [
        admin_client.get(reverse("admin:digest_issue_change", args=[issue.pk])),
        admin_client.get("/issues/2099/"),
    ]

    assert [page.status_code for page in pages] == [200, 404]
    for page in pages:
        assert (
            "'unsafe-inline'" not in csp_directives(page["Content-Security-Policy"])["script-src"]
        )
        assert page["X-Frame-Options"] == "DENY"
        assert page["X-Content-Type-Options"] == "nosniff"
        assert "Permissions-Policy" in page


# --- No inline script, no event handler attributes -------------------------------------------

# Script types browsers do not execute: data blocks (structured data, json_script output).
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


def has_script_files(html):
    """The page loads script from files (so the check below has something to pass over)."""
    return any(element.tag == "script" and element.get("src") for element in elements(html))


def inline_script_problems(html):
    """Inline <script>s (without src) that would run, and on*= attributes; [] when none."""
    problems = []
    for element in elements(html):
        if element.tag == "script" and "src" not in element.attrs:
            kind = element.get("type", "").strip().lower()
            if kind not in DATA_BLOCK_TYPES:
                problems.append(f"inline <script type={kind!r}>: {element.text[:80]!r}")
        problems.extend(
            f"<{element.tag} {name}=...>" for name in element.attrs if name.startswith("on")
        )
    return problems


def test_the_inline_script_check_finds_what_it_looks_for():
    assert inline_script_problems("<script>alert(1)</script>")
    assert inline_script_problems('<script type="module">x()</script>')
    assert inline_script_problems('<button onclick="x()">b</button>')
    assert not inline_script_problems('<script src="/static/x.js" defer></script>')
    assert not inline_script_problems('<script type="application/ld+json">{}</script>')


@pytest.mark.django_db
def test_no_reader_page_carries_inline_script_or_event_handlers(client):
    issue = make_full_issue(2020, 47, cover_image="covers/2020/c.png", intro="An **intro**.")
    make_full_issue(2020, 48)
    tag = issue.entries.first().tags.get(name="NLP")
    urls = [
        reverse("digest:home"),
        reverse("digest:archive-index"),
        reverse("digest:year-archive", args=[2020]),
        reverse("digest:month-summary", args=[2020, 11]),
        issue.get_absolute_url(),
        reverse("digest:tag-index"),
        reverse("digest:tag-detail", args=[tag.slug]),
        reverse("digest:search") + "?q=entry",
        reverse("digest:search"),
        "/no-such-page/",
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert has_script_files(response.content), url
        assert inline_script_problems(response.content) == [], url


@pytest.mark.django_db
def test_the_admin_issue_page_carries_no_inline_script_or_event_handlers(admin_client):
    issue = make_full_issue(2020, 47)
    urls = [
        reverse("admin:digest_issue_change", args=[issue.pk]),
        reverse("admin:digest_issue_add"),
        reverse("admin:digest_issue_changelist"),
        reverse("admin:digest_entry_add"),
    ]

    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert has_script_files(response.content), url
        assert inline_script_problems(response.content) == [], url
