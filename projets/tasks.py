"""The archive's background task (see core.worker): run the imports sent from the admin, one job per pass."""

from core.worker import register

from .importer.jobs import run_next_job


@register("import_projects", every=5)
def run_import_jobs():
    run_next_job()
