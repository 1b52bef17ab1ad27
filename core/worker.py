"""The background worker: periodic tasks the domain apps register, run by ``manage.py run_worker``.

Requests only store work (an e-mail to send, a file to import); the worker does it, so a slow SMTP server or a long
import never holds a web worker. Each task must be safe when two workers run it at once (claim rows before working
on them): a second worker, or a run overlapping a restart, then does nothing twice.
"""

import logging
import time
from dataclasses import dataclass

logger = logging.getLogger("site_inet.worker")


@dataclass(frozen=True)
class Task:
    name: str
    function: object
    every: float  # seconds between two runs of the same worker


TASKS = {}


def register(name, every):
    """Declare ``function`` as a task run every ``every`` seconds; call it at import time of the app's module."""

    def decorator(function):
        TASKS[name] = Task(name, function, every)
        return function

    return decorator


def run_task(task):
    """Run one task; a failure is logged with its traceback and never stops the worker."""
    try:
        task.function()
    except Exception:  # noqa: BLE001 - one failing task must not stop the others
        logger.exception("La tâche %s a échoué ; nouvel essai au prochain passage.", task.name)
        return False
    return True


class Schedule:
    """When each task last ran, in this worker's clock: a task is due once ``every`` seconds have passed."""

    def __init__(self, tasks, clock=time.monotonic):
        self.tasks = list(tasks)
        self.clock = clock
        self.last_run = {}

    def due(self):
        now = self.clock()
        return [task for task in self.tasks if now - self.last_run.get(task.name, float("-inf")) >= task.every]

    def run_due(self):
        ran = []
        for task in self.due():
            self.last_run[task.name] = self.clock()
            run_task(task)
            ran.append(task.name)
        return ran
