"""``manage.py run_worker``: django_tasks_db's ``db_worker`` that survives its faults.

It takes the same options. Beside the stock worker it beats in the shared cache and
puts back tasks whose worker died (physio/worker.py), and when the database goes away
under it (a restart, a failover) it waits and carries on instead of exiting; the task it
was finishing, if any, is run again (under a new worker id, so the watch sees it orphaned).
"""

import logging
import time

from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from physio.worker import Watch

logger = logging.getLogger("physio.worker")


class Command(db_worker.Command):
    help = "Run the background-task worker (db_worker, with heartbeats and retries)"

    def handle(self, **options):
        watch = Watch()
        watch.start()
        try:
            while True:
                watch.worker_id = options["worker_id"]
                try:
                    return super().handle(**options)
                except (OperationalError, InterfaceError):
                    logger.warning("Database unreachable; the worker waits", exc_info=True)
                    connection.close()
                    time.sleep(2)
                    options["worker_id"] = get_random_string(32)
        finally:
            watch.stopped.set()
