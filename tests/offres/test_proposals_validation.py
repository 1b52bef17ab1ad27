"""Bad input of every kind: a French message by the field, typed values kept, never a 500."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from offres.models import Proposal, StagePeriod

from .proposal_fixtures import add_stage_page, projet_collectif_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


@pytest.fixture
def stage_page(home_page):
    return add_stage_page(home_page)


def field_error(html, name):
    match = re.search(rf'<p class="field-error" id="id_{name}_error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Erreur : ", "") if match else None


REQUIRED = [
    "collectivite_nom",
    "siret",
    "collectivite_adresse",
    "locaux_adresse",
    "rh_contact",
    "rh_courriel",
    "dgs_nom",
    "dgs_prenom",
    "dgs_courriel",
    "dgs_telephone",
    "tuteur_nom",
    "tuteur_prenom",
    "tuteur_fonction",
    "tuteur_courriel",
    "tuteur_telephone",
    "intitule",
    "contexte",
    "enjeux",
    "objectifs",
    "valeur_ajoutee",
]


@pytest.mark.parametrize("name", REQUIRED)
def test_each_missing_field_gets_its_french_message(client, stage_page, name):
    response = client.post(stage_page.url, projet_collectif_data(**{name: ""}))
    html = response.content.decode()
    assert response.status_code == 200
    assert field_error(html, name).startswith("Ce champ est obligatoire")
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("siret", "732 829 320 00079", "clé de contrôle"),
        ("siret", "123", "14 chiffres"),
        ("siret", "1" * 40, "au plus 30 caractères"),
        ("rh_courriel", "rh@", "adresse électronique valide"),
        ("dgs_courriel", "pas une adresse", "adresse électronique valide"),
        ("tuteur_courriel", "a@b", "adresse électronique valide"),
        ("dgs_telephone", "12", "pas valide"),
        ("tuteur_telephone", "+44 20 7946 0958", "français"),
        ("collectivite_nom", "V" * 201, "trop long"),
        ("contexte", "é" * 4001, "4000 caractères au plus (vous en avez saisi 4001)"),
        ("aspects_pratiques", "x" * 2001, "trop long"),
        ("intitule", "Nul\x00caractère", "caractère nul"),
        ("portage_direction_generale", None, "porté par le DGS ou un DGA"),
        ("contribution_acceptee", None, "participation forfaitaire"),
        ("consentement", None, "puisse traiter votre proposition"),
    ],
)
def test_bad_values_are_refused_next_to_the_field(client, stage_page, name, value, expected):
    response = client.post(stage_page.url, projet_collectif_data(**{name: value}))
    html = response.content.decode()
    assert response.status_code == 200
    message = field_error(html, name)
    assert message is not None and expected in message, message
    assert not Proposal.objects.exists()


def test_every_typed_value_is_kept_and_the_field_is_linked_to_its_error(client, stage_page):
    data = projet_collectif_data(siret="732 829 320 00079", contexte="Un long contexte\nsur deux lignes <b>gras</b>")
    html = client.post(stage_page.url, data).content.decode()
    for name in ("collectivite_nom", "dgs_nom", "tuteur_fonction", "intitule", "siret"):
        assert f'value="{data[name]}"'.replace("'", "&#x27;") in html, name
    assert "Un long contexte\nsur deux lignes &lt;b&gt;gras&lt;/b&gt;</textarea>" in html
    assert 'name="consentement" required id="id_consentement" checked' in html or (
        re.search(r'<input type="checkbox" name="consentement"[^>]*checked', html)
    )
    siret_input = re.search(r'<input type="text" name="siret"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in siret_input
    assert 'aria-describedby="id_siret_helptext id_siret_error"' in siret_input
    summary = re.search(r'<div class="notice notice--error pf-summary".*?</div>', html, re.S).group(0)
    assert "1 erreur à corriger" in summary
    assert 'href="#id_siret"' in summary


def test_error_summary_lists_every_error_in_form_order(client, stage_page):
    html = client.post(stage_page.url, {"collectivite_nom": "Ville"}).content.decode()
    anchors = re.findall(r'<li><a href="#id_([a-z_]+)">', html)
    assert anchors[:3] == ["siret", "collectivite_adresse", "locaux_adresse"]
    assert anchors[-1] == "consentement"
    assert "collectivite_nom" not in anchors
    assert '<a href="#id_consentement">Engagements : Cochez cette case' in html
    assert '<a href="#id_siret">Collectivité – N° de SIRET de la collectivité : Ce champ est obligatoire' in html


def test_honeypot_filled_is_refused_and_nothing_saved(client, stage_page):
    response = client.post(stage_page.url, projet_collectif_data(site_web="http://spam.example"))
    assert response.status_code == 200
    assert "n&#x27;a pas pu être enregistré" in response.content.decode()
    assert not Proposal.objects.exists()


def test_honeypot_is_hidden_from_people(client, stage_page):
    html = client.get(stage_page.url).content.decode()
    assert re.search(r'<div class="pf-hp" hidden>.*?name="site_web"[^>]*tabindex="-1"', html, re.S)


def test_forged_values_do_not_break_anything(client, stage_page):
    for data in ({"siret": ["1", "2"], "consentement": "peut-être", "periode": "abc"}, {}):
        assert client.post(stage_page.url, data).status_code == 200
    assert not Proposal.objects.exists()
    forged = projet_collectif_data(
        periode="abc", status="retenue", reference="PC-1999-9999", schooling_year="1999-2000"
    )
    assert client.post(stage_page.url, forged).status_code == 303
    proposal = Proposal.objects.get()
    assert proposal.status == "recue"
    assert proposal.reference != "PC-1999-9999"
    assert proposal.schooling_year != "1999-2000"


def test_oversized_body_is_refused_with_413(client, stage_page):
    response = client.post(stage_page.url, projet_collectif_data(contexte="x" * 300_000))
    assert response.status_code == 413
    assert "trop volumineux" in response.content.decode()
    assert not Proposal.objects.exists()


def test_observation_with_an_unknown_period_is_refused(client, home_page):
    page = add_stage_page(home_page, "observation", periods=[("administrateur",)])
    response = client.post(page.url, projet_collectif_data(periode="999999"))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in field_error(response.content.decode(), "periode")


# ---------------------------------------------------------------------------- closed means closed
def test_after_the_deadline_the_form_is_gone_and_a_post_is_refused(client, home_page):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page = add_stage_page(home_page, periods=[("administrateur", yesterday)])
    html = client.get(page.url).content.decode()
    assert "Dépôt des offres clos" in html
    assert 'name="collectivite_nom"' not in html

    response = client.post(page.url, projet_collectif_data(intitule="Une mission tapée trop tard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le dépôt des propositions est clos depuis le" in html
    assert "n&#x27;a pas été enregistrée" in html
    assert "Une mission tapée trop tard" in html  # what was typed is shown back, to copy elsewhere
    assert not Proposal.objects.exists()


def test_closed_page_announces_the_next_cycle_when_known(client, home_page):
    today = timezone.localdate()
    page = add_stage_page(home_page, periods=[("administrateur", today - datetime.timedelta(days=1))])
    first = page.periods.get()
    later_start = first.start_date.replace(year=first.start_date.year + 1)
    StagePeriod.objects.create(
        page=page,
        cadre="administrateur",
        schooling_year=f"{later_start.year}-{later_start.year + 1}",
        start_date=later_start,
        end_date=later_start + datetime.timedelta(weeks=9),
        duration_weeks=9,
    )
    response = client.post(page.url, projet_collectif_data())
    html = response.content.decode()
    assert f"Prochain cycle : scolarité {later_start.year}-{later_start.year + 1}" in html
    assert not Proposal.objects.exists()


def test_deadline_passing_between_get_and_post_refuses_the_post(client, home_page, monkeypatch):
    page = add_stage_page(home_page, deadline_in_days=0)
    assert 'name="collectivite_nom"' in client.get(page.url).content.decode()
    tomorrow = timezone.now() + datetime.timedelta(days=1, hours=1)
    monkeypatch.setattr("offres.deadlines.timezone.now", lambda: tomorrow)
    response = client.post(page.url, projet_collectif_data())
    assert "Le dépôt des propositions est clos" in response.content.decode()
    assert not Proposal.objects.exists()


def test_amending_after_the_deadline_is_refused(client, home_page, monkeypatch, django_capture_on_commit_callbacks):
    page = add_stage_page(home_page, deadline_in_days=0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.url, projet_collectif_data())
    proposal = Proposal.objects.get()
    later = timezone.now() + datetime.timedelta(days=1, hours=1)
    monkeypatch.setattr("offres.deadlines.timezone.now", lambda: later)
    url = page.url + f"proposition/{proposal.personal_token}/"
    html = client.get(url).content.decode()
    assert "ne peut plus être modifiée" in html
    assert "Repenser l&#x27;accueil des usagers" in html
    response = client.post(url, projet_collectif_data(intitule="Changé trop tard"), follow=True)
    assert "ne peut plus être modifiée en ligne" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.intitule == "Repenser l'accueil des usagers"


# ---------------------------------------------------------------------------------- rate limit
@override_settings(PROPOSALS_RATE_LIMIT="2/h")
def test_rate_limit_per_ip_says_so_and_keeps_the_typing(client, stage_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(2):
            assert client.post(stage_page.url, projet_collectif_data(intitule=f"Mission {number}")).status_code == 303
    response = client.post(stage_page.url, projet_collectif_data(intitule="Mission de trop"))
    html = response.content.decode()
    assert response.status_code == 429
    assert "Trop de propositions ont été envoyées depuis votre connexion" in html
    assert 'value="Mission de trop"' in html
    assert Proposal.objects.count() == 2
    other_ip = client.post(stage_page.url, projet_collectif_data(), REMOTE_ADDR="192.0.2.10")
    assert other_ip.status_code == 303


@override_settings(PROPOSALS_RATE_LIMIT="2/h", TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_limit_counts_each_sender_not_the_proxy(client, stage_page):
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(2):
        sent = client.post(stage_page.url, projet_collectif_data(), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
        assert sent.status_code == 303
    blocked = client.post(stage_page.url, projet_collectif_data(), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert blocked.status_code == 429
    other = client.post(stage_page.url, projet_collectif_data(), HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    assert other.status_code == 303  # another collectivité behind the same nginx


def test_a_request_without_an_address_is_counted_not_a_500(client, stage_page):
    """gunicorn on a unix socket, no proxy header: REMOTE_ADDR is empty."""
    assert client.post(stage_page.url, projet_collectif_data(), REMOTE_ADDR="").status_code == 303


def test_the_limit_is_counted_where_every_worker_reads_it(settings):
    from site_inet.settings import base

    for cache_settings, alias in (
        (base.CACHES, base.RATELIMIT_USE_CACHE),
        (settings.CACHES, settings.RATELIMIT_USE_CACHE),
    ):
        assert cache_settings[alias]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"


@override_settings(PROPOSALS_RATE_LIMIT="2/h")
def test_correcting_errors_does_not_use_up_the_rate_limit(client, stage_page):
    for _attempt in range(5):
        assert client.post(stage_page.url, projet_collectif_data(siret="1")).status_code == 200
    assert client.post(stage_page.url, projet_collectif_data()).status_code == 303


def test_csrf_is_enforced(stage_page):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(stage_page.url, projet_collectif_data())
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_the_projet_collectif_form_sections_follow_the_export_order(stage_page):
    """The form's fieldsets and the back office export list the fields apart: they must not drift."""
    from offres.proposals.forms import COMMITMENT_FIELDS, SUBMITTED_FIELDS, ProposalForm

    form = ProposalForm(stage_page=stage_page, periods=[])
    in_sections = [field.name for section in form.sections for field in section.fields]
    assert in_sections == [*SUBMITTED_FIELDS, "attachment", *COMMITMENT_FIELDS]
