"""``manage.py serve``: the web server and the task worker side by side, stopped together.

Production (``make serve``): gunicorn with physio/gunicorn.conf.py. ``--dev`` (``make
run``): Django's runserver. Either way ``manage.py run_worker`` runs beside it. Ctrl-C
(or SIGTERM) stops both; if either stops by itself the other is stopped too, and the
command exits with its status, so a supervisor (systemd, a container) restarts the pair.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

STOP_SECONDS = 25


class Command(BaseCommand):
    help = "Serve the app and run the task worker beside it; Ctrl-C stops both"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="address:port to serve on")
        parser.add_argument("--dev", action="store_true", help="runserver instead of gunicorn")

    def handle(self, *, bind, dev, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        if dev:
            web = [*manage, "runserver", bind]
        else:
            config = settings.BASE_DIR / "physio" / "gunicorn.conf.py"
            web = [sys.executable, "-m", "gunicorn", "-c", str(config)]
        worker = [*manage, "run_worker", "--queue-name", "*"]
        env = dict(os.environ, BIND=bind)
        # Each child in its own process group: the signals they get are the ones sent here.
        children = {
            name: subprocess.Popen(command, env=env, start_new_session=True)
            for name, command in (("web", web), ("worker", worker))
        }
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Serving on http://{bind}/ with a task worker; Ctrl-C stops both.")
        ended = None
        while not stopping and ended is None:
            ended = next((name for name, c in children.items() if c.poll() is not None), None)
            time.sleep(0.2)
        if ended:
            self.stderr.write(f"The {ended} process stopped; stopping the other.")
        # To each whole group: runserver's and the worker's autoreloaders have children.
        for child in children.values():
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
        if ended:
            sys.exit(children[ended].returncode or 1)
