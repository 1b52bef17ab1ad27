"""A collectivité asks to be told of the next call, confirms from the e-mail, receives the opening e-mail when an
editor publishes confirmed dates, and unsubscribes in one click; the per-track feeds and the visible table."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from icalendar import Calendar
from playwright.sync_api import expect

from offres.alerts.models import AlertSubscription
from offres.models import StagePage
from tests.offres.proposal_fixtures import add_stage_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def next_call(home_page):
    """A projet collectif whose next cycle is published with indicative dates: the call has not opened."""
    cache.clear()
    page = add_stage_page(home_page, deadline_in_days=40)
    draft = page.get_latest_revision_as_object()
    periods = list(draft.periods.all())
    for period in periods:
        period.indicative = True
    draft.periods = periods
    draft.save_revision().publish()
    return StagePage.objects.get(pk=page.pk)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def link(message, name):
    return re.search(rf"http://\S+/alertes/{name}/\S+/", message.body).group(0)


def editor_confirms_the_dates(page):
    draft = page.get_latest_revision_as_object()
    periods = list(draft.periods.all())
    for period in periods:
        period.indicative = False
    draft.periods = periods
    draft.save_revision().publish()


def test_alert_journey_subscribe_confirm_opening_email_unsubscribe(page, next_call, axe):
    page.goto(page.base_url + next_call.url)
    expect(page.get_by_text("Prochain appel : dépôt des offres jusqu'au").first).to_be_visible()
    form = page.locator("#alertes")
    expect(form.get_by_role("heading", name="Prévenez-moi à l'ouverture du prochain appel")).to_be_visible()
    expect(form.get_by_label("Projet collectif")).to_be_checked()
    form.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    form.get_by_role("button", name="M'inscrire aux alertes").click()
    expect(page.get_by_text("Saisissez une adresse électronique valide")).to_be_visible()
    axe(page)

    page.get_by_label("Votre adresse électronique").fill("dgs@ville-creteil.fr")
    page.get_by_role("button", name="M'inscrire aux alertes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")
    axe(page)

    (confirmation,) = mail.outbox
    page.goto(page.base_url + path_of(link(confirmation, "confirmer")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer mon inscription aux alertes")
    axe(page)
    page.get_by_role("button", name="Confirmer mon inscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscription confirmée")
    axe(page)
    assert AlertSubscription.objects.get().confirmed_at is not None

    mail.outbox.clear()
    editor_confirms_the_dates(next_call)
    (opening,) = mail.outbox
    assert opening.to == ["dgs@ville-creteil.fr"] and opening.subject.startswith(
        "INET – Appel ouvert : Projet collectif"
    )
    assert opening.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page.goto(page.base_url + next_call.url)
    expect(page.get_by_text("Dépôt des offres ouvert jusqu'au").first).to_be_visible()

    page.goto(page.base_url + path_of(link(opening, "desinscription")))
    page.get_by_role("button", name="Me désinscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vous êtes désinscrit(e)")
    axe(page)
    assert not AlertSubscription.objects.exists()


def test_alert_pages_at_375_px(mobile_page, next_call, axe):
    mobile_page.goto(mobile_page.base_url + "/accueillir-un-eleve/")
    form = mobile_page.locator("#alertes")
    form.get_by_label("Votre adresse électronique").fill("rh@ville.fr")
    form.get_by_role("button", name="M'inscrire aux alertes").click()
    expect(mobile_page.get_by_text("Cochez au moins un type de stage.")).to_be_visible()
    axe(mobile_page)
    mobile_page.get_by_label("Projet collectif").check()
    mobile_page.get_by_role("button", name="M'inscrire aux alertes").click()
    expect(mobile_page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")
    axe(mobile_page)
    mobile_page.goto(mobile_page.base_url + path_of(link(mail.outbox[-1], "confirmer")))
    axe(mobile_page)
    mobile_page.goto(mobile_page.base_url + "/alertes/confirmer/lien-modifie/")
    expect(mobile_page.get_by_role("heading", level=1)).to_have_text("Ce lien n'est pas valable")
    axe(mobile_page)


def test_per_track_feed_and_the_visible_timeline_table(page, next_call, axe):
    page.goto(page.base_url + "/accueillir-un-eleve/?cadre=ingenieur")
    subscribe = page.get_by_role("link", name="S'abonner au calendrier de ce cadre d'emplois")
    assert subscribe.get_attribute("href").startswith("webcal://") and subscribe.get_attribute("href").endswith(
        "/accueillir-un-eleve/echeances.ics?cadre=ingenieur"
    )
    response = page.request.get(page.base_url + "/accueillir-un-eleve/echeances.ics?cadre=ingenieur")
    events = list(Calendar.from_ical(response.body()).walk("VEVENT"))
    assert events and all("ingénieurs" in str(e["SUMMARY"]) for e in events)
    page.get_by_text("Comment s'abonner avec Outlook ou Google Agenda ?").click()
    expect(page.get_by_text("À partir de l'URL")).to_be_visible()

    table = page.get_by_role("table", name=re.compile("Périodes de stage de la scolarité"))
    expect(table).to_be_hidden()
    page.get_by_text("Voir le tableau").click()
    expect(table).to_be_visible()
    expect(table.get_by_role("cell", name=re.compile("jusqu'au"))).to_be_visible()
    axe(page)
