"""The legal pages of the demo: reachable from the footer, one h1 each, and the privacy page's retention periods
equal to the settings and constants that apply them (change one without the page and this fails)."""

import html
import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page, Site

from exploitation.retention import ADMIN_ACCESS_LOG_DAYS, BACKUP_DAYS, SERVER_LOG_MONTHS
from home import demo as home_demo
from offres.alerts.models import CONFIRMATION_DAYS, INACTIVE_YEARS
from offres.proposals.draft import DRAFT_RETENTION_DAYS
from offres.proposals.models import DEFAULT_RETENTION_MONTHS, ProposalSettings
from search.views import POPULAR_DAYS

LEGAL_PATHS = ["/mentions-legales/", "/accessibilite/", "/donnees-personnelles/"]
DAY = 24 * 3600
# Django's default when the setting is left out.
DEFAULT_CSRF_COOKIE_AGE = 60 * 60 * 24 * 7 * 52


def page_text(response):
    """The page's visible text in one line: tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def expected_retention_periods():
    """Each retention period as the privacy page must word it, from the value that applies it."""
    site = Site.objects.get(is_default_site=True)
    months = ProposalSettings.for_site(site).retention_months
    assert months == DEFAULT_RETENTION_MONTHS
    cooloff_minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    csrf_weeks = (getattr(settings, "CSRF_COOKIE_AGE", None) or DEFAULT_CSRF_COOKIE_AGE) // (7 * DAY)
    return [
        f"Propositions, avec leur pièce jointe, leur historique et leurs courriels : {months} mois après leur réception",
        f"Brouillons de propositions : {DRAFT_RETENTION_DAYS} jours après la date limite de dépôt de leur cycle",
        f"adresse non confirmée, effacée {CONFIRMATION_DAYS} jours après la demande",
        f"adresse confirmée, conservée {INACTIVE_YEARS} ans sans nouvelle confirmation de votre part",
        f"Journal des connexions à l'administration : {ADMIN_ACCESS_LOG_DAYS} jours",
        f"sinon passé le blocage de {cooloff_minutes} minutes",
        f"({settings.AXES_FAILURE_LIMIT} échecs bloquent un identifiant depuis une adresse)",
        f"Journaux techniques du serveur : {SERVER_LOG_MONTHS} mois",
        f"Sauvegardes de la base : {BACKUP_DAYS} jours",
        f"les comptes des {POPULAR_DAYS} derniers jours sont affichés",
        f"« Se souvenir de moi » : {settings.SESSION_COOKIE_AGE // DAY} jours",
        f"Cookie de sécurité des formulaires : {csrf_weeks} semaines",
    ]


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", stdout=io.StringIO())


def test_legal_pages_after_the_demo(client, demo_site):
    home = client.get("/")
    assert home.status_code == 200
    footer = re.search(r'<nav aria-label="Pied de page">(.*?)</nav>', home.content.decode(), re.S).group(1)
    for path in LEGAL_PATHS:
        assert f'href="{path}"' in footer
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.content.decode().count("<h1") == 1, path

    privacy = page_text(client.get("/donnees-personnelles/"))
    for wording in expected_retention_periods():
        assert wording in privacy, f"la page Données personnelles ne dit pas « {wording} »"
    assert "document PDF joint" in privacy and "hors des fichiers publics" in privacy
    for word in ("accès", "rectification", "effacement", "limitation", "opposition", "3 place de Fontenoy"):
        assert word in privacy

    accessibility = page_text(client.get("/accessibilite/"))
    for words in ("partiellement conforme", "% des critères du RGAA", "axe-core", "09 69 39 00 00", "71120"):
        assert words in accessibility

    legal = page_text(client.get("/mentions-legales/"))
    for words in ("1 rue Edmond Michelet", "Directeur de la publication", "Hébergeur", "Propriété intellectuelle"):
        assert words in legal


def test_a_second_load_restores_an_edited_legal_page(home_page):
    home_demo.load_pages(home_page)
    page = Page.objects.get(slug="donnees-personnelles").specific
    page.body = [("paragraph", "<p>Texte modifié.</p>")]
    page.save_revision().publish()
    assert home_demo.load_pages(home_page) == 1
    page.refresh_from_db()
    assert "Durées de conservation" in str(page.body)
    assert home_demo.load_pages(home_page) == 0
