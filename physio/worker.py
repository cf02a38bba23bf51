"""The task worker's watch on itself and its peers (``manage.py run_worker``).

django_tasks_db marks a task RUNNING with the worker's id when a worker claims it, and
leaves it so forever if that worker dies (killed, out of memory, the machine lost).
Here every worker says it is alive in the shared cache every few seconds; any worker
that finds a RUNNING task whose worker has gone quiet puts it back in the queue, and
after TASK_MAX_ATTEMPTS claims marks it failed with the reason, for staff to see in the
admin (Task results).
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("physio.worker")


class WorkerLost(Exception):
    """The worker running the task stopped answering (it died or lost its machine)."""


def _key(worker_id: str) -> str:
    return f"task-worker-alive:{worker_id}"


def beat(worker_id: str) -> None:
    """Say that ``worker_id`` is alive for the next few heartbeats."""
    caches["shared"].set(_key(worker_id), 1, timeout=settings.TASK_WORKER_HEARTBEAT_SECONDS * 4)


def requeue_orphans() -> list[str]:
    """Put back (or, after too many tries, fail) RUNNING tasks whose worker is silent.

    Returns what was done, one "requeued <id>" or "failed <id>" per task.
    """
    grace = timezone.now() - timedelta(seconds=settings.TASK_WORKER_HEARTBEAT_SECONDS * 4)
    done = []
    with transaction.atomic():
        running = list(
            DBTaskResult.objects.running()
            .filter(started_at__lt=grace)
            .select_for_update(skip_locked=True)
        )
        if not running:
            return done
        alive = caches["shared"].get_many({_key(r.worker_ids[-1]) for r in running if r.worker_ids})
        for result in running:
            if result.worker_ids and _key(result.worker_ids[-1]) in alive:
                continue
            if len(result.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
                result.set_failed(
                    WorkerLost(
                        f"The worker running this task stopped answering, "
                        f"{len(result.worker_ids)} times; it is not tried again."
                    )
                )
                logger.error("Task %s failed: its workers kept dying", result.pk)
                done.append(f"failed {result.pk}")
            else:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                logger.warning("Task %s requeued: its worker stopped answering", result.pk)
                done.append(f"requeued {result.pk}")
    return done


class Watch(threading.Thread):
    """Beats for the current worker id and requeues its peers' orphans, until stopped."""

    def __init__(self):
        super().__init__(name="task-worker-watch", daemon=True)
        self.worker_id = ""
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                if self.worker_id:
                    beat(self.worker_id)
                requeue_orphans()
            except Exception:  # the database or Redis is down: try again next beat
                logger.warning("Task worker heartbeat failed", exc_info=True)
                connection.close()
            finally:
                close_old_connections()
            self.stopped.wait(settings.TASK_WORKER_HEARTBEAT_SECONDS)
