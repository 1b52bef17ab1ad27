"""The data shared between requests: what docs/architecture.md lists is what the code declares, and it is kept
per generation (a purge drops it, the page cache's setting does not switch it off)."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

from core import generation
from core.purge import PAGES
from core.shared import REGISTRY, SharedItem

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["core", "home", "offres", "projets", "search", "exploitation", "site_inet"]
ROW = re.compile(r"^\| `([a-z_]+)` \|", re.MULTILINE)


def import_project_modules():
    """Every module of the project (a SharedItem is declared when its module is imported), migrations aside, and
    the search adapters: each imports only on its own backend, and none declares shared data."""
    skipped = (".migrations", "site_inet.settings", "search.backends.")
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if not any(part in info.name for part in skipped):
                importlib.import_module(info.name)


def documented_items():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Les données gardées entre deux requêtes", 1)[1].split("\n## ", 1)[0]
    return set(ROW.findall(section))


def test_the_documented_shared_data_is_the_registry():
    import_project_modules()
    assert documented_items() == set(REGISTRY)


def test_an_item_names_the_purges_that_change_it():
    with pytest.raises(ValueError, match="purged_by"):
        SharedItem("sans_purge", build=tuple, purged_by=(), doc="")
    with pytest.raises(ValueError, match="purged_by"):
        SharedItem("purge_inconnue", build=tuple, purged_by=("la pluie",), doc="")
    with pytest.raises(ValueError, match="deux fois"):
        SharedItem(next(iter(REGISTRY)), build=tuple, purged_by=(PAGES,), doc="")


def test_a_value_is_built_once_per_generation_whatever_the_page_cache(settings):
    settings.PAGE_CACHE_TTL = 0  # the page cache off, as in development and tests: same path
    built = []
    item = SharedItem("test_counter", build=lambda key: built.append(key) or len(built), purged_by=(PAGES,), doc="")
    REGISTRY.pop("test_counter")  # a test item, not part of the documented registry
    first = item.get("a")
    assert item.get("a") == first
    assert item.get("b") != first  # another key, another value
    generation.bump()
    assert item.get("a") != first
    assert built == ["a", "b", "a"]


class CountingCache:
    """The cache the generation lives in, counting its round trips."""

    def __init__(self, cache):
        self.cache, self.calls = cache, []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache_ttl", [0, 60])
@pytest.mark.parametrize("one_store", [False, True], ids=["generation-in-a-file", "generation-with-the-pages"])
def test_a_request_learns_the_generation_in_one_read(
    client, home_page, settings, monkeypatch, page_cache_ttl, one_store
):
    from tests.factories import StandardPageFactory

    settings.PAGE_CACHE_TTL = page_cache_ttl
    if one_store:  # as with REDIS_URL: the generation and the pages in one store
        settings.SHARED_CACHE_ALIAS = settings.PAGE_CACHE_ALIAS
    section = StandardPageFactory(parent=home_page, title="Rubrique", slug="rubrique", show_in_menus=True)
    StandardPageFactory(parent=section, title="Article", slug="article")
    client.get("/rubrique/article/")  # the shared data (menu, footer, breadcrumbs, private sections) built
    generation_store = CountingCache(generation.cache())
    pages = generation_store if one_store else CountingCache(generation.page_cache())
    monkeypatch.setattr(generation, "cache", lambda: generation_store)
    monkeypatch.setattr(generation, "page_cache", lambda: pages)
    assert client.get("/rubrique/article/?visite=1").status_code == 200  # rendered: several shared items read
    reads = [call for call in generation_store.calls if call != "set"]
    assert len(reads) == 1  # the generation, once, however many shared items the page reads
    if page_cache_ttl:
        assert "set" in pages.calls  # the page stored
        generation_store.calls.clear()
        pages.calls.clear()
        assert client.get("/rubrique/article/?visite=1")["X-Cache"] == "HIT"
        if one_store:
            assert generation_store.calls == ["get_many"]  # the generation and the page in one round trip
        else:
            assert generation_store.calls == ["get"] and pages.calls == ["get"]
