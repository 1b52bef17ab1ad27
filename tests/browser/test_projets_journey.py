"""An alumna searches the archive, adds a theme facet, opens a project and comes back with her filters."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from playwright.sync_api import expect

from core.upsert import load_yaml
from projets.importer import import_document
from projets.models import ProjectIndexPage, ProjectPage

from .editors import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_FILE = Path(__file__).resolve().parents[2] / "projets" / "demo" / "regards-croises-2020-2021.yaml"


@pytest.fixture
def booklet(home_page):
    index_page = ProjectIndexPage(title="Projets collectifs", slug="projets", show_in_menus=True)
    home_page.add_child(instance=index_page)
    index_page.save_revision().publish()
    report = import_document(load_yaml(DEMO_FILE), index_page)
    assert report.ok
    return index_page


def test_alumni_journey(page, booklet):
    page.goto(page.base_url + "/")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Projets collectifs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Projets collectifs")
    page.get_by_label("Rechercher un projet (mot-clé, collectivité, personne)").fill("télétravail")
    archive_form = page.get_by_role("form", name="Rechercher et filtrer les projets")
    archive_form.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("status").filter(has_text="pour « télétravail »")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    page.get_by_label("Travailler autrement").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(r"q=t%C3%A9l%C3%A9travail.*theme=travailler-autrement"))
    expect(page.get_by_role("link", name="Thématique : Travailler autrement (retirer ce filtre)")).to_be_visible()
    page.get_by_role("link", name="Télétravail, management, gestion des espaces").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Télétravail, management")
    expect(page.get_by_text("Chloé Bellamio", exact=True)).to_be_visible()  # also in « Citer ce projet »
    page.get_by_role("link", name="Retour aux résultats").click()
    expect(page.get_by_label("Rechercher un projet (mot-clé, collectivité, personne)")).to_have_value("télétravail")
    expect(page.get_by_label("Travailler autrement")).to_be_checked()
    page.go_back()
    page.go_back()
    expect(page.get_by_label("Travailler autrement")).to_be_checked()


def test_on_a_phone_the_results_come_first_and_the_filters_open_on_demand(mobile_page, booklet):
    mobile_page.goto(mobile_page.base_url + "/projets/")
    theme = mobile_page.get_by_label("Travailler autrement")
    expect(theme).to_be_hidden()
    expect(mobile_page.get_by_role("status").filter(has_text="19 projets")).to_be_visible()
    mobile_page.get_by_text("Affiner", exact=True).click()
    theme.check()
    mobile_page.get_by_role("button", name="Appliquer les filtres").click()
    expect(mobile_page).to_have_url(re.compile(r"theme=travailler-autrement"))
    expect(mobile_page.get_by_text("Affiner (1 filtre actif)")).to_be_visible()
    expect(
        mobile_page.get_by_role("link", name="Thématique : Travailler autrement (retirer ce filtre)")
    ).to_be_visible()


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(page, booklet):
    page.goto(page.base_url + "/projets/")
    expect(page.get_by_label("Travailler autrement")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/projets/",
        "/projets/?q=climat&type=metropole",
        "/projets/theme/gerer-differemment/",
        "/projets/lyon-temps-de-travail/",
    ],
)
def test_archive_pages_pass_axe(page, mobile_page, booklet, axe, path):
    for browser_page in (page, mobile_page):
        browser_page.goto(browser_page.base_url + path)
        assert browser_page.locator("h1").count() == 1
        axe(browser_page)


IMPORT_FILE = """\
themes:
- {slug: travailler-autrement, name: Travailler autrement}
projects:
- slug: lyon-teletravail
  title: Le télétravail à Lyon
  schooling_year: "2020-2021"
  collectivite: {name: Ville de Lyon, type: commune, region: Auvergne-Rhône-Alpes}
  themes: [travailler-autrement]
  team:
  - {name: Camille Martin, cadre: administrateur}
"""


def test_editor_imports_in_the_background_and_follows_the_job(page, home_page, django_user_model):
    """An editor with the import permission only sends a file; the job waits, the worker runs it, the page that
    refreshes by itself shows it done, and the project is published."""
    archive = ProjectIndexPage(title="Projets collectifs", slug="projets")
    home_page.add_child(instance=archive)
    archive.save_revision().publish()
    importers = Group.objects.create(name="Import des projets")
    importers.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "import_projects"]))
    django_user_model.objects.create_user("importeuse", "importeuse@cnfpt.fr", PASSWORD).groups.add(importers)
    log_in(page, "importeuse", django_user_model=django_user_model)
    page.get_by_role("link", name="Importer des projets").first.click()
    page.get_by_label("Fichier à importer (YAML ou JSON)").set_input_files(
        {"name": "lyon.yaml", "mimeType": "application/x-yaml", "buffer": IMPORT_FILE.encode()}
    )
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Import de « lyon.yaml » : en attente"))).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Import ")).to_contain_text("Import en attente")
    assert not ProjectPage.objects.exists()

    call_command("run_worker", "--once", "--only", "import_projects")
    expect(page.get_by_role("status").filter(has_text="Import ")).to_contain_text(
        "Import terminé : 1 / 1 projets importés.", timeout=15_000
    )
    expect(page.get_by_role("status").filter(has_text="Import ")).to_contain_text("1 projet(s) créé(s)")
    expect(page.get_by_role("heading", name=re.compile("terminé"))).to_be_visible()
    assert ProjectPage.objects.get(slug="lyon-teletravail").live
    page.goto(page.base_url + "/projets/lyon-teletravail/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Le télétravail à Lyon")
