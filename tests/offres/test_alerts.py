"""Alerts without an account: double opt-in, one opening e-mail per call, a reminder, one-click unsubscribe."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from offres.alerts import service
from offres.alerts.models import AlertSubscription, OpenedCall
from offres.models import OutgoingEmail, StagePage
from offres.proposals.emails import send_emails, send_outbox_emails, unsent_emails
from tests.offres.proposal_fixtures import add_stage_page

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/alertes/"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture(autouse=True)
def _send_at_once(monkeypatch):
    """These tests run in one transaction that never commits: send when the code asks to send after commit
    (the browser journey, in real transactions, covers the after-commit path)."""

    def send_now(ids):
        send_outbox_emails.enqueue(list(ids))

    monkeypatch.setattr(service, "send_after_commit", send_now)


@pytest.fixture
def indicative_page(home_page):
    """A projet collectif whose next cycle is published with indicative dates (no call opened yet)."""
    page = add_stage_page(home_page, deadline_in_days=40)
    draft = page.get_latest_revision_as_object()
    periods = list(draft.periods.all())
    for period in periods:
        period.indicative = True
    draft.periods = periods
    draft.save_revision().publish()  # the call it had opened is withdrawn
    assert not OpenedCall.objects.exists()
    return StagePage.objects.get(pk=page.pk)


def ask(client, email="dgs@ville-creteil.fr", types=("projet_collectif",), cadres=(), **extra):
    return client.post(SUBSCRIBE, {"email": email, "stage_types": list(types), "cadres": list(cadres), **extra})


def link(message, name):
    return re.search(rf"http://\S+/alertes/{name}/\S+/", message.body).group(0).split("localhost", 1)[1]


def confirm_by_mail(client, email="dgs@ville-creteil.fr", **kwargs):
    mail.outbox.clear()
    ask(client, email, **kwargs)
    url = link(mail.outbox[-1], "confirmer")
    assert client.post(url).status_code == 200
    return AlertSubscription.objects.get(email=email)


def publish_confirmed_dates(page):
    draft = page.get_latest_revision_as_object()
    periods = list(draft.periods.all())
    for period in periods:
        period.indicative = False
    draft.periods = periods
    draft.save_revision().publish()


def test_subscribing_writes_a_confirmation_with_unsubscribe_headers(client, indicative_page):
    response = ask(client, "DGS@Ville-Creteil.fr", cadres=["ingenieur"])
    assert response.status_code == 303 and response["Location"] == "/alertes/demande-envoyee/"
    subscription = AlertSubscription.objects.get()
    assert subscription.email == "dgs@ville-creteil.fr" and subscription.confirmed_at is None
    assert subscription.stage_types == [] and subscription.requested_stage_types == ["projet_collectif"]
    (message,) = mail.outbox
    assert message.to == ["dgs@ville-creteil.fr"]
    assert "Projet collectif" in message.body and "valable 7 jours" in message.body
    unsubscribe = link(message, "desinscription")
    assert message.extra_headers["List-Unsubscribe"] == f"<http://localhost{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert client.get("/alertes/demande-envoyee/").status_code == 200


def test_subscribing_twice_creates_nothing_and_answers_the_same(client, indicative_page):
    first = ask(client)
    second = ask(client, cadres=["administrateur"])
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert AlertSubscription.objects.count() == 1
    assert len(mail.outbox) == 1  # one confirmation a day per address, whoever asks


def test_a_confirmed_address_keeps_its_choices_until_it_confirms_new_ones(client, indicative_page):
    subscription = confirm_by_mail(client)
    assert subscription.stage_types == ["projet_collectif"] and subscription.cadres == []
    service.request_subscription(
        "dgs@ville-creteil.fr", ["observation"], [], now=timezone.now() + datetime.timedelta(days=1)
    )
    subscription.refresh_from_db()
    assert subscription.stage_types == ["projet_collectif"] and subscription.requested_stage_types == ["observation"]
    assert "déjà inscrite" in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"email": "pas-une-adresse", "stage_types": ["projet_collectif"]},
            "email",
            "Saisissez une adresse électronique valide",
        ),
        ({"email": "", "stage_types": ["projet_collectif"]}, "email", "Saisissez votre adresse électronique."),
        ({"email": "a@b.fr"}, "stage_types", "Cochez au moins un type de stage."),
        ({"email": "a@b.fr", "stage_types": ["stage-inconnu"]}, "stage_types", "Ce type de stage n&#x27;existe pas."),
    ],
)
def test_bad_input_gets_a_french_message_by_its_field(client, indicative_page, data, field, message):
    response = client.post(SUBSCRIBE, data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert 'aria-invalid="true"' in html or field != "email"
    assert not AlertSubscription.objects.exists() and not mail.outbox


def test_the_form_is_rate_limited_per_client_address(client, indicative_page, settings):
    settings.ALERTS_RATE_LIMIT = "2/h"
    assert ask(client, "a@ville.fr").status_code == 303
    assert ask(client, "b@ville.fr").status_code == 303
    response = ask(client, "c@ville.fr")
    assert response.status_code == 429 and "Trop de demandes" in response.content.decode()
    assert AlertSubscription.objects.count() == 2


def test_a_tampered_link_is_404_and_an_expired_one_says_so(client, indicative_page):
    ask(client)
    url = link(mail.outbox[-1], "confirmer")
    assert client.get(url[:-3] + "xx/").status_code == 404
    assert client.post("/alertes/desinscription/pas-une-cle/").status_code == 404
    AlertSubscription.objects.update(requested_at=timezone.now() - datetime.timedelta(days=7, minutes=1))
    response = client.post(url)
    assert response.status_code == 410 and "Ce lien a expiré" in response.content.decode()
    assert AlertSubscription.objects.get().confirmed_at is None


def test_confirming_by_get_does_nothing_a_link_scanner_cannot_subscribe_anyone(client, indicative_page):
    ask(client)
    response = client.get(link(mail.outbox[-1], "confirmer"))
    assert response.status_code == 200 and "Confirmer mon inscription" in response.content.decode()
    assert AlertSubscription.objects.get().confirmed_at is None


def test_publishing_confirmed_dates_sends_one_opening_email_never_twice(client, indicative_page):
    confirm_by_mail(client)
    confirm_by_mail(client, "autre@ville.fr", types=["observation"])  # another stage type: nothing for it
    mail.outbox.clear()
    publish_confirmed_dates(indicative_page)
    (message,) = mail.outbox
    assert message.to == ["dgs@ville-creteil.fr"]
    assert message.subject.startswith("INET – Appel ouvert : Projet collectif, dépôt des offres jusqu'au")
    assert "Élèves ingénieurs en chef territoriaux : stage du" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Published again, or found by the worker's task: the call is announced once.
    StagePage.objects.get(pk=indicative_page.pk).save_revision().publish()
    service.announce_open_calls(list(StagePage.objects.all()))
    assert len(mail.outbox) == 1
    assert OpenedCall.objects.count() == 1
    # Withdrawn (indicative again) then confirmed again: announced again, but not to who already had it.
    confirm_by_mail(client, "nouveau@ville.fr")
    mail.outbox.clear()
    page = StagePage.objects.get(pk=indicative_page.pk)
    draft = page.get_latest_revision_as_object()
    periods = list(draft.periods.all())
    for period in periods:
        period.indicative = True
    draft.periods = periods
    draft.save_revision().publish()
    publish_confirmed_dates(StagePage.objects.get(pk=indicative_page.pk))
    assert [m.to for m in mail.outbox] == [["nouveau@ville.fr"]]


def test_indicative_dates_open_no_call(client, indicative_page):
    confirm_by_mail(client)
    mail.outbox.clear()
    indicative_page.save_revision().publish()
    assert service.announce_open_calls([indicative_page]) == 0
    assert not mail.outbox


def test_an_email_that_fails_stays_in_the_outbox_and_leaves_later(client, indicative_page, settings):
    confirm_by_mail(client)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # production: a worker sends
    mail.outbox.clear()
    publish_confirmed_dates(indicative_page)
    assert not mail.outbox
    (row,) = unsent_emails()
    assert row.kind == OutgoingEmail.Kind.ALERT_OPENING and row.dedupe_key.endswith(":opening")
    assert send_emails(unsent_emails()) == (1, 0)
    assert len(mail.outbox) == 1


def test_the_reminder_goes_once_14_days_before_the_deadline(client, indicative_page):
    confirm_by_mail(client)
    publish_confirmed_dates(indicative_page)
    mail.outbox.clear()
    call = OpenedCall.objects.get()
    assert service.send_reminders() == 0  # 40 days ahead
    day = datetime.datetime.combine(call.offer_deadline - datetime.timedelta(days=14), datetime.time(8))
    moment = timezone.make_aware(day)
    assert service.send_reminders(moment) == 1
    assert service.send_reminders(moment + datetime.timedelta(hours=1)) == 0
    (message,) = mail.outbox
    assert message.subject.startswith("INET – Rappel : Projet collectif")


def test_unsubscribing_in_one_click_deletes_the_address_and_its_emails(client, indicative_page):
    confirm_by_mail(client)
    url = link(mail.outbox[-1], "desinscription")
    assert "Me désinscrire" in client.get(url).content.decode()
    assert AlertSubscription.objects.exists()  # a GET (a link scanner) changes nothing
    # The mail client's RFC 8058 POST: no CSRF token, no cookie.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not AlertSubscription.objects.exists()
    assert not OutgoingEmail.objects.filter(dedupe_key__startswith="alert:").exists()
    assert client.post(url).status_code == 404


def test_the_purge_forgets_unconfirmed_after_7_days_and_inactive_after_3_years(client, indicative_page):
    ask(client, "attente@ville.fr")
    confirm_by_mail(client, "fidele@ville.fr")
    confirm_by_mail(client, "ancien@ville.fr")
    now = timezone.now()
    AlertSubscription.objects.filter(email="ancien@ville.fr").update(
        last_activity_at=now - datetime.timedelta(days=3 * 366)
    )
    assert service.purge(now) == (0, 1)
    assert service.purge(now + datetime.timedelta(days=7, hours=1)) == (1, 0)
    assert list(AlertSubscription.objects.values_list("email", flat=True)) == ["fidele@ville.fr"]
    assert not OutgoingEmail.objects.filter(recipients__icontains="attente@ville.fr").exists()


def test_index_and_stage_pages_show_the_form(client, indicative_page):
    index = client.get("/accueillir-un-eleve/").content.decode()
    stage = client.get(indicative_page.url).content.decode()
    for html in (index, stage):
        assert "Prévenez-moi à l'ouverture du prochain appel" in html
        assert 'action="/alertes/"' in html
    assert 'value="projet_collectif" id="alerte-stage_types_0" checked' in stage or "checked" in stage


def test_inet_sees_counts_per_stage_type_and_only_the_stages_team_exports(client, indicative_page, django_user_model):
    from django.contrib.auth.models import Group, Permission

    from home.editorial import STAFF_GROUP

    confirm_by_mail(client, "dgs@ville-creteil.fr", cadres=["ingenieur"])
    ask(client, "attente@ville.fr")
    communication = django_user_model.objects.create_user("com", "com@cnfpt.fr", "x")
    communication.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(communication)
    assert client.get("/admin/alertes/").status_code in (302, 403)
    assert client.get("/admin/alertes/export.csv").status_code in (302, 403)
    staff = django_user_model.objects.create_user("ingrid", "ingrid@cnfpt.fr", "x")
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "view_alertsubscription"]))
    staff.groups.add(group)
    client.force_login(staff)
    html = client.get("/admin/alertes/").content.decode()
    assert "1 abonnement(s) confirmé(s), 1 en attente de confirmation" in html
    assert '<th scope="row">Projet collectif</th><td>1</td><td>1</td><td>0</td><td>0</td><td>1</td>' in html
    export = client.get("/admin/alertes/export.csv")
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("dgs@ville-creteil.fr;Projet collectif;Élèves ingénieurs en chef territoriaux;")
    assert len(lines) == 2  # the waiting address is not exported
