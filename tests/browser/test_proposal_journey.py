"""A collectivité proposes a projet collectif in the browser; INET finds it in the back office."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.db.models import Q
from playwright.sync_api import expect

from offres.models import Proposal
from tests.browser.conftest import submit_admin_login
from tests.offres.proposal_fixtures import add_stage_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = {
    "Collectivité": [
        ("Nom de la collectivité", "Ville de Créteil"),
        ("N° de SIRET de la collectivité", "732 829 320 00074"),
        ("Adresse complète de la collectivité", "Place Salvador Allende, 94000 Créteil"),
        ("Adresse des locaux dans lesquels sera accueillie l'équipe", "1 rue de l'Hôtel de ville, Créteil"),
        ("Contact RH pour la transmission de la convention", "Claire Martin, DRH"),
        ("Courriel du contact RH", "rh@ville-creteil.fr"),
    ],
    "Directeur général des services": [
        ("Nom", "Durand"),
        ("Prénom", "Paul"),
        ("Courriel", "dgs@ville-creteil.fr"),
        ("Téléphone", "01 49 80 92 94"),
    ],
    "Tuteur du projet collectif": [
        ("Nom", "Lefèvre"),
        ("Prénom", "Anne"),
        ("Fonction", "Directrice générale adjointe"),
        ("Courriel", "dga@ville-creteil.fr"),
        ("Téléphone", "06 10 53 03 78"),
    ],
    "Mission": [
        ("Intitulé du projet collectif", "Repenser l'accueil des usagers"),
        ("Contexte et raisons d'émergence de la mission", "La ville réorganise ses guichets."),
        ("Enjeux stratégiques pour la collectivité", "Qualité du service public."),
        ("Objectifs opérationnels et résultats attendus", "Un diagnostic et un plan d'action."),
        ("Valeur ajoutée, pour la mission, d'une approche transversale", "Trois filières, trois regards."),
    ],
    "Aspects pratiques et logistiques": [("Aspects pratiques et logistiques", "Un bureau équipé.")],
}
BOXES = ["porté par le directeur général", "participation forfaitaire de 4", "J'accepte que les données"]


@pytest.fixture
def stage_page(home_page):
    cache.clear()
    page = add_stage_page(home_page)
    page.body = [("paragraph", "<p>Une équipe de quatre élèves, neuf semaines, une mission stratégique.</p>")]
    page.save_revision().publish()
    return page


def staff_group():
    """The group the data migration creates; transactional tests flush it, so rebuild it the same way."""
    group, _created = Group.objects.get_or_create(name="Équipe stages")
    group.permissions.add(
        *Permission.objects.filter(
            Q(content_type__app_label="wagtailadmin", codename="access_admin")
            | Q(content_type__app_label="offres", codename__in=["view_proposal", "change_proposal"])
        )
    )
    return group


def fill_form(page, overrides=None):
    overrides = overrides or {}
    for legend, fields in SECTIONS.items():
        group = page.get_by_role("group", name=legend, exact=True)
        for label, value in fields:
            group.get_by_label(label, exact=label in {"Nom", "Prénom", "Courriel", "Téléphone", "Fonction"}).fill(
                overrides.get(label, value)
            )
    for box in BOXES:
        page.get_by_label(box).check()


def test_collectivite_fills_the_form_and_gets_a_reference(page, stage_page, axe, django_user_model):
    page.goto(page.base_url + stage_page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Projet collectif")
    expect(page.locator("#proposition").get_by_text("Dépôt des offres ouvert")).to_be_visible()
    axe(page)
    fill_form(page)
    contexte = page.get_by_label("Contexte et raisons d'émergence de la mission")
    expect(page.locator("#id_contexte_counter")).to_contain_text("33 caractères sur 4")
    contexte.press_sequentially(" Vite.")
    expect(page.locator("#id_contexte_counter")).to_contain_text("39 caractères sur 4")
    page.get_by_role("button", name="Envoyer la proposition").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Proposition enregistrée")
    proposal = Proposal.objects.get()
    expect(page.get_by_text(f"Référence de votre proposition : {proposal.reference}")).to_be_visible()
    assert re.fullmatch(r"PC-\d{4}-0001", proposal.reference)
    assert proposal.contexte == "La ville réorganise ses guichets. Vite."
    axe(page)

    receipt = next(message for message in mail.outbox if "rh@ville-creteil.fr" in message.to)
    assert proposal.reference in receipt.subject and proposal.reference in receipt.body
    link = re.search(r"http://\S+/proposition/\S+/", receipt.body).group(0)
    page.goto(page.base_url + "/" + link.split("://", 1)[1].split("/", 1)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Votre proposition {proposal.reference}")
    expect(page.get_by_label("Intitulé du projet collectif")).to_have_value("Repenser l'accueil des usagers")

    page.get_by_role("link", name="Version imprimable, à faire signer par le DGS").click()
    expect(page.get_by_role("heading", name="Visa du directeur général des services")).to_be_visible()
    axe(page)

    # INET's team finds it in the back office.
    user = django_user_model.objects.create_user("ingrid", "ingrid@cnfpt.fr", "un-mot-de-passe-solide")
    user.groups.add(staff_group())
    page.goto(page.base_url + "/admin/login/")
    submit_admin_login(page, "ingrid", "un-mot-de-passe-solide")
    page.get_by_role("link", name="Propositions").first.click()
    expect(page.get_by_text(proposal.reference)).to_be_visible()
    expect(page.get_by_text("Repenser l'accueil des usagers")).to_be_visible()


def test_bad_siret_is_shown_by_the_field_and_typing_is_kept(page, stage_page, axe):
    page.goto(page.base_url + stage_page.url)
    fill_form(page, {"N° de SIRET de la collectivité": "732 829 320 00079"})
    page.get_by_role("button", name="Envoyer la proposition").click()

    summary = page.locator("#proposition-erreurs")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("1 erreur à corriger")
    siret = page.get_by_label("N° de SIRET de la collectivité")
    expect(siret).to_have_value("732 829 320 00079")
    expect(siret).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_siret_error")).to_contain_text("la clé de contrôle ne correspond pas")
    expect(page.get_by_label("Nom de la collectivité")).to_have_value("Ville de Créteil")
    expect(page.get_by_label("Enjeux stratégiques pour la collectivité")).to_have_value("Qualité du service public.")
    expect(page.get_by_label("J'accepte que les données")).to_be_checked()
    axe(page)
    assert not Proposal.objects.exists()

    summary.get_by_role("link", name=re.compile("N° de SIRET")).click()
    siret.fill("732 829 320 00074")
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposition enregistrée")
    assert Proposal.objects.get().siret == "73282932000074"


def test_keyboard_only_completion(page, stage_page):
    page.goto(page.base_url + stage_page.url)
    page.get_by_label("Nom de la collectivité").focus()
    values = [value for fields in SECTIONS.values() for _label, value in fields]
    expected_ids = [
        "id_collectivite_nom",
        "id_siret",
        "id_collectivite_adresse",
        "id_locaux_adresse",
        "id_rh_contact",
        "id_rh_courriel",
        "id_dgs_nom",
        "id_dgs_prenom",
        "id_dgs_courriel",
        "id_dgs_telephone",
        "id_tuteur_nom",
        "id_tuteur_prenom",
        "id_tuteur_fonction",
        "id_tuteur_courriel",
        "id_tuteur_telephone",
        "id_intitule",
        "id_contexte",
        "id_enjeux",
        "id_objectifs",
        "id_valeur_ajoutee",
        "id_aspects_pratiques",
    ]
    for field_id, value in zip(expected_ids, values, strict=True):
        assert page.evaluate("document.activeElement.id") == field_id
        page.keyboard.type(value)
        page.keyboard.press("Tab")
        if field_id == "id_valeur_ajoutee":
            # Beside the mission: the past projects (none in this archive), then the archive's link.
            page.wait_for_timeout(600)
            while page.evaluate("document.activeElement.tagName") == "A":
                page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_attachment"  # the optional PDF, left empty
    page.keyboard.press("Tab")
    for box_id in ("id_portage_direction_generale", "id_contribution_acceptee", "id_consentement"):
        assert page.evaluate("document.activeElement.id") == box_id
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
    # The "Données personnelles" link in the consent hint, then the submit button; never the honeypot.
    assert page.evaluate("document.activeElement.textContent") == "Données personnelles"
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Envoyer la proposition")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposition enregistrée")
    proposal = Proposal.objects.get()
    assert proposal.tuteur_telephone == "06 10 53 03 78"
    assert proposal.consentement and proposal.contribution_acceptee and proposal.portage_direction_generale


def test_form_errors_and_amend_page_pass_axe_on_mobile(mobile_page, stage_page, axe):
    mobile_page.goto(mobile_page.base_url + stage_page.url)
    axe(mobile_page)
    mobile_page.get_by_role("button", name="Envoyer la proposition").click()
    expect(mobile_page.locator("#proposition-erreurs")).to_contain_text("erreurs à corriger")
    expect(mobile_page.locator("#id_collectivite_nom_error")).to_be_visible()
    axe(mobile_page)
    no_horizontal_scroll = mobile_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_horizontal_scroll
    fill_form(mobile_page)
    mobile_page.get_by_role("button", name="Envoyer la proposition").click()
    mobile_page.get_by_role("link", name=re.compile("Relire ou modifier ma proposition")).click()
    mobile_page.get_by_label("Intitulé du projet collectif").fill("Un intitulé plus précis")
    mobile_page.get_by_role("button", name="Enregistrer les modifications").click()
    expect(mobile_page.get_by_role("status")).to_contain_text("Vos modifications sont enregistrées.")
    axe(mobile_page)
    assert Proposal.objects.get().intitule == "Un intitulé plus précis"


def test_collectivite_changes_its_tutor_then_inet_decides_and_the_link_only_reads(page, stage_page):
    page.goto(page.base_url + stage_page.url)
    fill_form(page)
    page.get_by_role("button", name="Envoyer la proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposition enregistrée")
    proposal = Proposal.objects.get()
    receipt = next(message for message in mail.outbox if "dga@ville-creteil.fr" in message.to)
    assert "Repenser l'accueil" not in receipt.body  # the receipt repeats nothing the sender typed
    link = re.search(r"http://\S+/proposition/\S+/", receipt.body).group(0)
    mail.outbox.clear()

    page.goto(page.base_url + "/" + link.split("://", 1)[1].split("/", 1)[1])
    tutor = page.get_by_role("group", name="Tuteur du projet collectif", exact=True)
    tutor.get_by_label("Courriel", exact=True).fill("nouvelle.tutrice@ville-creteil.fr")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    expect(page.get_by_role("status")).to_contain_text("Vos modifications sont enregistrées.")

    warning = next(message for message in mail.outbox if message.to == ["dga@ville-creteil.fr"])
    assert "retirée" in warning.subject
    notice = next(message for message in mail.outbox if message.to == ["stages.inet@cnfpt.fr"])
    assert "nouvelle.tutrice@ville-creteil.fr" in notice.body

    Proposal.objects.filter(pk=proposal.pk).update(status="retenue")
    page.reload()
    expect(page.get_by_text("L'INET a statué sur cette proposition (retenue)")).to_be_visible()
    expect(page.get_by_role("button", name="Enregistrer les modifications")).to_have_count(0)
