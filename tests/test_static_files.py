"""Static files as production serves them: hashed names, precompressed, cached for ever."""

from pathlib import Path

import pytest
from django.test import Client

from tests.processes import collect_static

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def collected():
    """collectstatic with the production storage (tests.processes.collect_static)."""
    return Path(collect_static())


@pytest.fixture
def served(collected, settings):
    settings.STATIC_ROOT = collected
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.DEBUG = False
    return Client()  # a new client loads the middleware with these settings


def hashed(collected, name):
    stem, suffix = name.rsplit(".", 1)
    [path] = [
        p for p in collected.glob(f"{stem}.*.{suffix}") if p.name.count(".") == name.count(".") + 1
    ]
    return path


def test_collected_files_have_hashed_names_and_gzip_and_brotli_copies(collected):
    css = hashed(collected, "digest/css/site.css")
    assert css.with_name(css.name + ".gz").exists()
    assert css.with_name(css.name + ".br").exists()


def test_hashed_files_are_served_immutable_and_precompressed(collected, served):
    css = hashed(collected, "digest/css/site.css")
    url = "/static/" + str(css.relative_to(collected))

    plain = served.get(url)
    brotli = served.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
    gzipped = served.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert plain.status_code == 200
    assert "immutable" in plain["Cache-Control"]
    assert "max-age=315360000" in plain["Cache-Control"]
    assert brotli["Content-Encoding"] == "br"
    assert gzipped["Content-Encoding"] == "gzip"


def test_pages_link_the_hashed_names(collected, served, db):
    page = served.get("/").content.decode()
    css = hashed(collected, "digest/css/site.css")
    assert f"/static/digest/css/{css.name}" in page
