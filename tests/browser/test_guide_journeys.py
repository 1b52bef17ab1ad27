"""The journeys ``docs/guide-redaction.md`` walks an editor through: the admin home, the stage page's tabs,
submitting to « Validation éditoriale » and approving, the proposals back office, importing projects.

Each test asserts what the editor must see; with ``GUIDE_SCREENSHOTS=1`` it also saves the guide's images."""

import datetime
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from home.editorial import COMMUNICATION_GROUP, STAFF_GROUP, VALIDATION_GROUP
from offres.deadlines import paris_today
from offres.models import Proposal, ProposalStatus
from projets.models import ProjectIndexPage, ProjectPage
from tests.offres.proposal_fixtures import projet_collectif_data

from .editors import action, log_in, make_stage, open_actions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stage(home_page):
    return make_stage(home_page)


@pytest.fixture
def proposals(stage):
    """Two proposals received for the stage's open cycle, one already under review."""
    period = stage.periods.get()
    made = []
    for name, siret, status in (
        ("Ville de Créteil", "21940028800017", ProposalStatus.TO_COMPLETE),
        ("Ville de Lyon", "21690123100011", ProposalStatus.RECEIVED),
    ):
        data = projet_collectif_data(collectivite_nom=name, siret=siret)
        data.pop("site_web")
        for box in ("portage_direction_generale", "contribution_acceptee", "consentement"):
            data[box] = True
        proposal = Proposal(
            stage_page=stage,
            period=period,
            stage_type=stage.stage_type,
            schooling_year=period.schooling_year,
            offer_deadline=period.offer_deadline,
            status=status,
            **data,
        )
        made.append(proposal.save_new())
    return made


def french_date(value):
    months = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
    return f"{value.day}{'er' if value.day == 1 else ''} {months[value.month - 1]} {value.year}"


def test_staff_dashboard_shows_deadlines_and_proposals(guide_page, guide_screenshot, proposals, django_user_model):
    page = guide_page
    log_in(page, "ingrid", STAFF_GROUP, django_user_model=django_user_model)
    deadlines = page.locator("section", has=page.get_by_role("heading", name="Prochaines dates limites"))
    row = deadlines.get_by_role("row", name=re.compile("Projet collectif"))
    expect(row).to_contain_text(french_date(paris_today() + datetime.timedelta(days=60)))
    expect(row).to_contain_text("Élèves ingénieurs en chef territoriaux")
    received = page.locator("section", has=page.get_by_role("heading", name=re.compile("Propositions reçues")))
    expect(received.get_by_role("row", name=re.compile("À compléter"))).to_contain_text("1")
    expect(received.get_by_role("row", name=re.compile("Total"))).to_contain_text("2")
    guide_screenshot(page, "tableau-de-bord")

    row.get_by_role("link", name="Projet collectif").click()
    expect(page.get_by_role("tab", name="Contenu", exact=True)).to_have_attribute("aria-selected", "true")
    page.get_by_role("tab", name="Référencement").click()
    expect(page.get_by_label("Adresse de la page (slug)")).to_have_value("projet-collectif")
    expect(page.get_by_label("Méta-description")).to_be_visible()
    guide_screenshot(page, "page-de-stage-onglet-referencement")


def test_proposals_list_and_detail(guide_page, guide_screenshot, proposals, django_user_model):
    page = guide_page
    log_in(page, "ingrid", STAFF_GROUP, django_user_model=django_user_model)
    page.get_by_role("link", name="Propositions").first.click()
    listing = page.locator("table.listing")
    for proposal in proposals:
        expect(listing.get_by_text(proposal.reference)).to_be_visible()
    expect(listing.get_by_role("row", name=re.compile("Ville de Lyon"))).to_have_count(1)
    guide_screenshot(page, "propositions-liste")

    lyon = next(proposal for proposal in proposals if proposal.collectivite_nom == "Ville de Lyon")
    page.goto(page.base_url + f"/admin/offres/proposal/inspect/{lyon.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(lyon.reference)
    expect(page.get_by_text("Repenser l'accueil des usagers").first).to_be_visible()
    expect(page.get_by_text("Reçue").first).to_be_visible()
    guide_screenshot(page, "proposition-detail")


def test_submit_to_validation_then_approve(guide_page, guide_screenshot, stage, django_user_model):
    page = guide_page
    log_in(page, "camille", COMMUNICATION_GROUP, django_user_model=django_user_model)
    page.goto(page.base_url + f"/admin/pages/{stage.pk}/edit/")
    page.get_by_role("textbox", name="Résumé").fill(
        "Quatre élèves de trois cadres d'emplois, neuf semaines, une mission stratégique."
    )
    open_actions(page)
    expect(action(page, "Publier")).to_have_count(0)  # moderated: Communication cannot publish directly
    submit = action(page, "Soumettre à Validation éditoriale").first
    expect(submit).to_be_visible()
    guide_screenshot(page, "soumettre-a-validation")
    submit.click()
    expect(page.get_by_text(re.compile("a été soumise")).first).to_be_visible()
    page.goto(page.base_url + stage.url)
    expect(page.get_by_text("Quatre élèves de trois cadres")).to_have_count(0)  # not public before approval

    log_in(page, "valerie", VALIDATION_GROUP, django_user_model=django_user_model)
    awaiting = page.locator("section", has=page.get_by_role("heading", name=re.compile("En attente de votre")))
    expect(awaiting.get_by_role("link", name="Projet collectif").first).to_be_visible()
    guide_screenshot(page, "validation-en-attente")
    awaiting.get_by_role("link", name="Projet collectif").first.click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{stage.pk}/edit/"))
    open_actions(page)
    approve = action(page, "Approuver et Publier").first
    expect(approve).to_be_visible()
    expect(action(page, "Demander des modifications").first).to_be_visible()
    guide_screenshot(page, "validation-approuver")
    approve.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accueillir un élève")  # the section's pages
    expect(page.get_by_text("Désolé")).to_have_count(0)
    page.goto(page.base_url + "/admin/")
    expect(awaiting.get_by_role("link", name="Projet collectif")).to_have_count(0)

    page.goto(page.base_url + stage.url)
    expect(page.get_by_text("Quatre élèves de trois cadres d'emplois").first).to_be_visible()


BROKEN_BOOKLET = """\
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
- slug: grenoble-mobilites
  title: Les mobilités à Grenoble
  schooling_year: "2020-2021"
  collectivite: {name: Grenoble-Alpes Métropole, type: metropole, region: Auvergne-Rhône-Alpes}
  themes: [travailler-autrement]
  team:
  - {name: Léa Dubois, cadre: ingenieure}
"""


def yaml_upload(text):
    return {"name": "plaquette-2020-2021.yaml", "mimeType": "application/x-yaml", "buffer": text.encode()}


def test_import_reports_errors_then_imports(guide_page, guide_screenshot, home_page, django_user_model):
    archive = ProjectIndexPage(title="Projets collectifs", slug="projets")
    home_page.add_child(instance=archive)
    archive.save_revision().publish()
    page = guide_page
    log_in(page, "redaction", superuser=True, django_user_model=django_user_model)
    page.get_by_role("link", name="Importer des projets").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des projets")

    page.get_by_label("Fichier à importer (YAML ou JSON)").set_input_files(yaml_upload(BROKEN_BOOKLET))
    page.get_by_role("button", name="Importer", exact=True).click()
    report = page.get_by_role("alert")
    expect(report).to_contain_text("1 erreur : rien n'a été importé.")
    error_row = report.get_by_role("row", name=re.compile("grenoble-mobilites"))
    expect(error_row).to_contain_text("team[1].cadre")
    expect(error_row).to_contain_text("cadre inconnu")
    guide_screenshot(page, "import-projets-erreurs")
    assert not ProjectPage.objects.exists()

    fixed = BROKEN_BOOKLET.replace("cadre: ingenieure", "cadre: ingenieur")
    page.get_by_label("Fichier à importer (YAML ou JSON)").set_input_files(yaml_upload(fixed))
    page.get_by_role("button", name="Importer", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Import ")).to_contain_text("Import en attente")
    call_command("run_worker", "--once", "--only", "import_projects")
    expect(page.get_by_text("2 projet(s) créé(s)").first).to_be_visible()  # after the page's own refresh
    assert set(ProjectPage.objects.values_list("slug", flat=True)) == {"lyon-teletravail", "grenoble-mobilites"}
