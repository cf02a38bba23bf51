"""Tasks the production tests enqueue (importable by a worker process started from the
project's folder)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def note_and_wait(path: str) -> str:
    """Add a line to ``path``; the first time, then hang (so the test can kill the worker)."""
    record = Path(path)
    with record.open("a") as handle:
        handle.write("start\n")
    if record.read_text().count("start") == 1:
        time.sleep(120)
    return "done"


@task()
def always_fails() -> None:
    raise ValueError("the video could not be read")
