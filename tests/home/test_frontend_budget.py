"""Front-end weight: each page's HTML + CSS + JS under 100 KB gzipped; static files compressed and cache-busted."""

import gzip
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024
PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


class AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.assets.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])


def gzipped(data):
    return len(gzip.compress(data, compresslevel=9))


@pytest.fixture
def pages(home_page):
    page = StandardPageFactory(parent=home_page, title="L'INET et ses élèves", slug="inet", show_in_menus=True)
    page.body = [("paragraph", "<p>L'INET forme les cadres dirigeants des collectivités territoriales.</p>" * 20)]
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("path", ["/", "/inet/", "/recherche/?q=cadres"])
def test_page_weight_stays_under_100_kb_gzipped(client, pages, settings, path):
    response = client.get(path)
    assert response.status_code == 200
    parser = AssetParser()
    parser.feed(response.content.decode())
    assert parser.assets, "la page charge au moins sa feuille de style"
    total = gzipped(response.content)
    for url in parser.assets:
        assert url.startswith(settings.STATIC_URL), f"{url} : ni CDN ni ressource externe"
        found = finders.find(url.removeprefix(settings.STATIC_URL))
        assert found, f"{url} introuvable"
        with open(found, "rb") as handle:
            total += gzipped(handle.read())
    assert total <= BUDGET, f"{path} pèse {total} octets compressés (budget {BUDGET})"


@pytest.fixture(scope="module")
def collected(tmp_path_factory, django_db_blocker):
    """collectstatic once, with the production storage, into a temporary STATIC_ROOT."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("static")
    overrides = override_settings(
        STATIC_ROOT=root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": PRODUCTION_STORAGE},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    )
    with overrides, django_db_blocker.unblock():
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_production_settings_use_the_compressed_manifest_storage(settings):
    # Importing the production module would need a SECRET_KEY and mutate the shared STORAGES dict: read it.
    source = (settings.BASE_DIR / "site_inet" / "settings" / "production.py").read_text()
    assert f'"BACKEND": "{PRODUCTION_STORAGE}"' in source


def test_production_static_files_are_hashed_compressed_and_cached_for_a_year(collected, home_page):
    client = Client()
    html = client.get("/").content.decode()
    match = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert match, "la feuille de style porte l'empreinte de son contenu"
    hashed = match.group(1)
    assert (collected / hashed.removeprefix("/static/")).exists()
    assert (collected / (hashed.removeprefix("/static/") + ".gz")).exists()
    response = client.get(hashed, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert "max-age=315360000" in cache_control
    original = client.get("/static/css/site.css")
    assert original.status_code == 200
    assert "immutable" not in original["Cache-Control"]  # unhashed names may change: short cache only
