"""`manage.py serve` (what `make serve` runs): gunicorn and the worker, stopped together."""

import os
import signal
import stat
from pathlib import Path

import pytest
import requests

from tests.production.conftest import free_port, process_env, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def test_serve_runs_gunicorn_with_debug_off_and_the_worker_and_ctrl_c_stops_both(
    processes, static_root, tmp_path
):
    port = free_port()
    key_file = tmp_path / "var" / "secret_key"
    env = process_env(
        DEBUG="0",
        SECRET_KEY="",
        SECRET_KEY_FILE=str(key_file),
        HTTPS="0",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(static_root),
        WEB_CONCURRENCY="1",
    )
    serve = processes.start("manage.py", "serve", "--bind", f"127.0.0.1:{port}", env=env)
    host = f"http://127.0.0.1:{port}"

    def up():
        try:
            return requests.get(f"{host}/healthz", timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    wait_for(up, 60, "gunicorn to answer")
    sign_in = requests.get(f"{host}/sign-in/")
    assert sign_in.status_code == 200
    assert 'name="password"' in sign_in.text
    missing = requests.get(f"{host}/no-such-page/")
    assert missing.status_code in (302, 404)
    assert "DEBUG = True" not in missing.text
    # The key was made once, readable by this user only, and is kept for the next start.
    assert len(key_file.read_text()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    pair = children(serve.pid)
    assert len(pair) == 2
    commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in pair]
    assert any(b"gunicorn" in command for command in commands)
    assert any(b"run_worker" in command for command in commands)

    os.kill(serve.pid, signal.SIGINT)  # Ctrl-C
    assert serve.wait(timeout=30) == 0
    wait_for(lambda: not any(alive(pid) for pid in pair), 10, "both processes to stop")
