"""The proposals' outbox: stored with the proposal, sent by the worker, claimed, retried with back-off, never lost."""

import datetime
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from offres.models import OutgoingEmail, Proposal
from offres.proposals.emails import (
    ALERT_AFTER_ATTEMPTS,
    MAX_RETRY_DELAY,
    claim,
    pending_emails,
    retry_delay,
    send_emails,
)

from .proposal_fixtures import add_stage_page, projet_collectif_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()


@pytest.fixture
def queued_tasks(settings):
    """Production's tasks backend: a request stores its work in the database, ``db_worker`` runs it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def stage_page(home_page):
    return add_stage_page(home_page)


@pytest.fixture
def smtp_down(monkeypatch):
    def refuse(self, messages):
        raise ConnectionRefusedError("SMTP indisponible")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    return monkeypatch


def submit(client, page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, projet_collectif_data())
    assert response.status_code == 303
    return Proposal.objects.get()


def test_production_request_stores_the_emails_and_never_waits_for_smtp(
    client, stage_page, django_capture_on_commit_callbacks, queued_tasks, monkeypatch, run_db_worker
):
    def black_hole(self, messages):
        time.sleep(20)

    send_messages = EmailBackend.send_messages
    monkeypatch.setattr(EmailBackend, "send_messages", black_hole)
    started = time.monotonic()
    proposal = submit(client, stage_page, django_capture_on_commit_callbacks)
    assert time.monotonic() - started < 5
    assert proposal.emails.filter(sent_at__isnull=True, attempts=0).count() == 2

    queued = DBTaskResult.objects.get(task_path="offres.proposals.emails.send_outbox_emails")
    assert sorted(queued.args_kwargs["args"][0]) == sorted(proposal.emails.values_list("pk", flat=True))

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)  # the mail server is back
    run_db_worker()
    assert len(mail.outbox) == 2
    assert not proposal.emails.filter(sent_at__isnull=True).exists()
    assert DBTaskResult.objects.get(pk=queued.pk).status == "SUCCESSFUL"


def test_emails_whose_task_was_lost_leave_with_the_periodic_worker(
    client, stage_page, django_capture_on_commit_callbacks, queued_tasks
):
    proposal = submit(client, stage_page, django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()  # the queue lost it (restored backup, purged table…)
    call_command("run_worker", "--once", "--only", "send_emails")
    assert len(mail.outbox) == 2
    assert not proposal.emails.filter(sent_at__isnull=True).exists()


def test_a_failed_email_is_retried_later_and_later_and_never_dropped(
    client, stage_page, django_capture_on_commit_callbacks, smtp_down
):
    proposal = submit(client, stage_page, django_capture_on_commit_callbacks)
    receipt = proposal.emails.get(kind=OutgoingEmail.Kind.RECEIPT)
    assert receipt.attempts == 1
    assert receipt.next_attempt_at > timezone.now()
    assert not pending_emails().exists()  # not before its back-off

    later = timezone.now()
    for _attempt in range(30):  # far beyond the old limit of 10 attempts
        later += MAX_RETRY_DELAY
        send_emails(pending_emails(later), later)
    receipt.refresh_from_db()
    assert receipt.attempts == 31
    assert receipt.sent_at is None

    smtp_down.undo()
    send_emails(pending_emails(later + MAX_RETRY_DELAY), later + MAX_RETRY_DELAY)
    receipt.refresh_from_db()
    assert receipt.sent_at is not None
    assert proposal.personal_token in mail.outbox[0].body


def test_back_off_doubles_up_to_six_hours():
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(40) == MAX_RETRY_DELAY == datetime.timedelta(hours=6)


def test_two_overlapping_runs_send_each_email_once(
    client, stage_page, django_capture_on_commit_callbacks, queued_tasks
):
    submit(client, stage_page, django_capture_on_commit_callbacks)
    now = timezone.now()
    first_run = list(pending_emails(now))
    second_run = list(pending_emails(now))
    assert claim(first_run[0], now)  # the first run took the receipt and is sending it…
    assert send_emails(OutgoingEmail.objects.filter(pk__in=[e.pk for e in second_run]), now) == (1, 0)
    assert len(mail.outbox) == 1  # …so the second run sent only the notice
    assert not claim(second_run[0], now)


def test_a_claim_left_by_a_killed_run_expires(client, stage_page, django_capture_on_commit_callbacks, queued_tasks):
    submit(client, stage_page, django_capture_on_commit_callbacks)
    now = timezone.now()
    receipt = OutgoingEmail.objects.get(kind=OutgoingEmail.Kind.RECEIPT)
    assert claim(receipt, now)
    assert send_emails(pending_emails(now), now) == (1, 0)
    much_later = now + datetime.timedelta(minutes=6)
    assert send_emails(pending_emails(much_later), much_later) == (1, 0)
    assert len(mail.outbox) == 2


def test_stages_team_sees_an_alert_for_emails_that_cannot_leave(
    client, admin_client, stage_page, django_capture_on_commit_callbacks, smtp_down
):
    proposal = submit(client, stage_page, django_capture_on_commit_callbacks)
    assert "pas pu partir" not in admin_client.get("/admin/").content.decode()

    OutgoingEmail.objects.update(attempts=ALERT_AFTER_ATTEMPTS, last_error="ConnectionRefusedError: SMTP indisponible")
    html = admin_client.get("/admin/").content.decode()
    assert "Alerte : 2 courriels de propositions n&#x27;ont pas pu partir" in html or (
        "Alerte : 2 courriels de propositions n'ont pas pu partir" in html
    )
    assert proposal.reference in html
    assert "SMTP indisponible" in html


def test_an_email_the_worker_never_picked_up_is_an_alert_too(
    client, admin_client, stage_page, django_capture_on_commit_callbacks, queued_tasks
):
    submit(client, stage_page, django_capture_on_commit_callbacks)
    OutgoingEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=20))
    html = admin_client.get("/admin/").content.decode()
    assert "pas pu partir" in html
    assert "le worker des tâches de fond est-il lancé" in html
