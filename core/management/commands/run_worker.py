"""Run the background tasks (e-mails, imports, scheduled publishing, purges) until stopped."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from core.worker import TASKS, Schedule


class Command(BaseCommand):
    help = (
        "Exécute les tâches de fond du site (courriels, imports, publications programmées, purges) "
        "jusqu'à l'arrêt (SIGTERM). --once : un seul passage de chaque tâche."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Un seul passage de chaque tâche, puis s'arrête.")
        parser.add_argument("--only", action="append", default=[], help="Nom d'une tâche (répétable).")

    def handle(self, *args, once=False, only=(), **options):
        unknown = sorted(set(only) - set(TASKS))
        if unknown:
            self.stderr.write(f"Tâche(s) inconnue(s) : {', '.join(unknown)}. Connues : {', '.join(sorted(TASKS))}.")
            raise SystemExit(2)
        schedule = Schedule(task for name, task in sorted(TASKS.items()) if not only or name in only)
        if once:
            for name in schedule.run_due():
                self.stdout.write(f"Tâche exécutée : {name}")
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        self.stdout.write(f"Tâches de fond : {', '.join(task.name for task in schedule.tasks)}.")
        while not stopping:
            close_old_connections()  # as between two requests: a lost or stale connection is reopened
            schedule.run_due()
            time.sleep(1)
        self.stdout.write("Arrêt demandé : le passage en cours est terminé.")
