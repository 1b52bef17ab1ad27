"""The archive page and the booklet's 19 projects, imported through the real importer."""

from pathlib import Path

import pytest

from core.upsert import load_yaml
from projets.importer import import_document
from projets.models import ProjectIndexPage

DEMO_FILE = Path(__file__).resolve().parents[2] / "projets" / "demo" / "regards-croises-2020-2021.yaml"


@pytest.fixture
def demo_data():
    return load_yaml(DEMO_FILE)


@pytest.fixture
def archive(home_page):
    index_page = ProjectIndexPage(title="Projets collectifs", slug="projets", show_in_menus=True)
    home_page.add_child(instance=index_page)
    index_page.save_revision().publish()
    return index_page


@pytest.fixture
def booklet(archive, demo_data):
    report = import_document(demo_data, archive)
    assert report.ok, report.errors
    return archive
