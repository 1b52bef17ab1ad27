"""The background worker runs each registered task at its own pace, and one failing task never stops the others."""

import logging

from django.core.management import call_command

from core.worker import TASKS, Schedule, Task


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_each_task_runs_at_its_own_pace():
    calls = []
    clock = Clock()
    fast = Task("rapide", lambda: calls.append("rapide"), every=10)
    slow = Task("lente", lambda: calls.append("lente"), every=60)
    schedule = Schedule([fast, slow], clock=clock)

    assert schedule.run_due() == ["rapide", "lente"]
    clock.now = 9
    assert schedule.run_due() == []
    clock.now = 10
    assert schedule.run_due() == ["rapide"]
    clock.now = 60
    assert schedule.run_due() == ["rapide", "lente"]
    assert calls == ["rapide", "lente", "rapide", "rapide", "lente"]


def test_a_failing_task_is_logged_and_the_next_one_still_runs(caplog):
    calls = []

    def broken():
        raise RuntimeError("SMTP indisponible")

    schedule = Schedule([Task("cassée", broken, every=1), Task("suivante", lambda: calls.append(1), every=1)])
    with caplog.at_level(logging.ERROR, logger="site_inet.worker"):
        assert schedule.run_due() == ["cassée", "suivante"]
    assert calls == [1]
    assert "La tâche cassée a échoué" in caplog.text


def test_the_project_registers_its_background_tasks():
    assert {
        "send_emails",
        "publish_scheduled",
        "purge_proposals",
        "purge_login_journal",
        "import_projects",
        "announce_calls",
        "remind_deadlines",
        "purge_alerts",
        "prune_task_results",
    } <= set(TASKS)


def test_run_worker_once_runs_the_named_task(db, capsys):
    call_command("run_worker", "--once", "--only", "send_emails")
    assert "Tâche exécutée : send_emails" in capsys.readouterr().out


def test_the_login_journal_task_forgets_logins_past_their_retention(db, caplog):
    import datetime

    from axes.models import AccessLog
    from django.utils import timezone

    old = AccessLog.objects.create(username="ancien", ip_address="192.0.2.1", user_agent="test")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=31))
    recent = AccessLog.objects.create(username="recent", ip_address="192.0.2.2", user_agent="test")
    with caplog.at_level(logging.INFO, logger="site_inet.purges"):
        call_command("run_worker", "--once", "--only", "purge_login_journal")
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "Journal des connexions" in caplog.text
