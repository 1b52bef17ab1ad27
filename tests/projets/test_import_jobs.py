"""Long imports go to the worker: claimed once, written in batches of their own transactions, progress saved
after each batch; the admin stores the job and shows its page (issue 20, finding 6c)."""

import datetime
import json
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from core import generation
from projets.importer import jobs
from projets.importer.jobs import claim, claim_next, queue_job, run_job, run_next_job
from projets.models import ImportJob, ProjectPage, Thematique

pytestmark = pytest.mark.django_db


def document(count, start=0):
    return {
        "themes": [{"slug": "travail", "name": "Travailler autrement"}],
        "projects": [
            {
                "slug": f"projet-{n}",
                "title": f"Projet {n}",
                "schooling_year": "2020-2021",
                "collectivite": {"name": "Ville de Test", "type": "commune", "region": "Bretagne"},
                "themes": ["travail"],
                "team": [{"name": "Ada Lovelace", "cadre": "ingenieur"}],
            }
            for n in range(start, start + count)
        ],
    }


def job_for(data):
    return queue_job(json.dumps(data), "projets.json", total=len(data["projects"]))


def test_a_job_is_claimed_once_and_an_expired_claim_is_taken_again(archive):
    job = job_for(document(1))
    now = timezone.now()
    assert claim(job, now)
    assert not claim(job, now)  # a second worker
    assert claim_next(now) is None
    later = now + jobs.CLAIM_DURATION + datetime.timedelta(seconds=1)  # the first worker was killed
    retaken = claim_next(later)
    assert retaken.pk == job.pk and retaken.status == ImportJob.Status.RUNNING
    run_job(retaken)
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE
    assert claim_next(later + jobs.CLAIM_DURATION * 2) is None  # a finished job is never taken again


def test_progress_is_saved_after_each_batch_and_pages_are_purged(archive, monkeypatch):
    job = job_for(document(5))
    seen = []
    saves = jobs._save

    def record(saved, **values):
        saves(saved, **values)
        if "done" in values:
            seen.append((values["done"], ImportJob.objects.get(pk=saved.pk).done, ProjectPage.objects.count()))

    monkeypatch.setattr(jobs, "_save", record)
    before = generation.current()
    assert run_next_job(batch_size=2).pk == job.pk
    assert seen == [(0, 0, 0), (2, 2, 2), (4, 4, 4), (5, 5, 5)]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.finished_at and job.claimed_until is None
    assert job.report == {"created": 5, "updated": 0, "unchanged": 0, "errors": []}
    assert job.summary() == "5 projet(s) créé(s), 0 mis à jour, 0 inchangé(s)."
    assert generation.current() != before  # the shared generation, read by every process
    assert all(page.live for page in ProjectPage.objects.all())


def test_a_failing_batch_fails_the_job_in_french_and_keeps_earlier_batches(archive, monkeypatch):
    job = job_for(document(5))
    real = jobs.import_batches.__globals__["write_projects"]

    def failing(records, *args):
        if records[0]["slug"] == "projet-4":
            raise RuntimeError("disque plein")
        return real(records, *args)

    monkeypatch.setitem(jobs.import_batches.__globals__, "write_projects", failing)
    run_next_job(batch_size=2)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.done == 4
    assert job.errors[0]["record"] == "projets n° 5 à 5"
    assert "les 4 premiers projets sont enregistrés" in job.errors[0]["message"]
    assert set(ProjectPage.objects.values_list("slug", flat=True)) == {f"projet-{n}" for n in range(4)}
    # Sent again, the job finishes the import and leaves the first projects unchanged.
    monkeypatch.undo()
    again = job_for(document(5))
    run_next_job(batch_size=2)
    again.refresh_from_db()
    assert again.status == ImportJob.Status.DONE
    assert (again.report["created"], again.report["unchanged"]) == (1, 4)


def test_a_job_whose_file_became_invalid_fails_with_its_errors(archive):
    job = job_for(document(1))
    Thematique.objects.create(slug="autre", name="Travailler autrement")  # the name is now taken
    run_next_job()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors[0]["record"] == "thématique n° 1" and job.errors[0]["field"] == "name"
    assert not ProjectPage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_another_connection_writes_between_two_batches(archive):
    """No transaction stays open between two batches: a proposal sent meanwhile is written at once."""
    from projets.importer import import_batches
    from projets.importer.writing import ImportReport

    batches = import_batches(document(4), archive, ImportReport(), batch_size=2)
    next(batches)
    assert not connection.in_atomic_block
    written = []

    def other_writer():
        try:
            with connections["default"].cursor() as cursor:  # this thread's own connection
                cursor.execute("UPDATE projets_thematique SET description = 'écrit entre deux lots'")
            written.append(True)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_writer)
    thread.start()
    thread.join(timeout=30)
    assert written == [True]
    assert list(batches) == [4]
    assert Thematique.objects.get().description == "écrit entre deux lots"


def test_admin_queues_the_import_and_shows_its_progress(admin_client, archive):
    response = admin_client.post(
        reverse("projets_import"), {"file": SimpleUploadedFile("livret.json", json.dumps(document(3)).encode())}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("projets_import_job", args=[job.pk])
    assert not ProjectPage.objects.exists()
    page = admin_client.get(response.url).content.decode()
    assert "Import en attente" in page and '<meta http-equiv="refresh" content="3">' in page
    call_command("run_worker", "--once", "--only", "import_projects")
    page = admin_client.get(response.url).content.decode()
    assert "Import terminé : 3 / 3 projets importés." in page and "3 projet(s) créé(s)" in page
    assert 'http-equiv="refresh"' not in page
    assert "livret.json" in admin_client.get(reverse("projets_import")).content.decode()  # recent imports
    assert ProjectPage.objects.live().count() == 3
