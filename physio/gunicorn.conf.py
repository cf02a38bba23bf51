"""gunicorn's configuration for `make serve` (``gunicorn -c physio/gunicorn.conf.py``).

Every value can be changed from the environment without editing this file.
"""

import multiprocessing
import os

wsgi_app = "physio.wsgi:application"
bind = [os.environ.get("BIND", "127.0.0.1:8000")]
# The usual rule for synchronous workers: two per core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# A request running longer than this is killed (and its worker replaced); uploads of large
# videos are the slowest requests, so this is generous.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Recycle each worker after about this many requests, so slow leaks never accumulate.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# One access-log line per request to standard output: address, request, status, bytes,
# duration in microseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Worker heartbeats in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "physio"
# gunicorn's control socket (gunicornc) is one path per user: off, so several instances
# can run side by side on one machine.
control_socket_disable = True
