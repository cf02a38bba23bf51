"""The task worker: a task whose worker dies is run again; one that fails for good is shown."""

import os
import signal
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from physio.worker import beat, requeue_orphans
from tests.factories import UserFactory
from tests.production.conftest import DATABASE_TASKS, process_env, wait_for
from tests.production.tasks import always_fails, note_and_wait


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def claimed(result, worker_id, *, seconds_ago=60) -> DBTaskResult:
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - timedelta(seconds=seconds_ago)
    )
    return row


@pytest.mark.django_db
def test_a_task_of_a_silent_worker_is_queued_again_and_fails_after_three(database_tasks, tmp_path):
    result = note_and_wait.enqueue(str(tmp_path / "record"))
    for attempt in (1, 2):
        claimed(result, f"gone-{attempt}")
        assert requeue_orphans() == [f"requeued {result.id}"]
        row = DBTaskResult.objects.get(pk=result.id)
        assert row.status == TaskResultStatus.READY
        assert row.started_at is None
    claimed(result, "gone-3")
    assert requeue_orphans() == [f"failed {result.id}"]
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.worker_ids == ["gone-1", "gone-2", "gone-3"]
    assert "stopped answering, 3 times" in row.traceback
    assert row.exception_class_path == "physio.worker.WorkerLost"


@pytest.mark.django_db
def test_a_task_whose_worker_beats_is_left_running(database_tasks, tmp_path):
    result = note_and_wait.enqueue(str(tmp_path / "record"))
    claimed(result, "alive-worker")
    beat("alive-worker")
    assert requeue_orphans() == []
    # Just claimed (within the grace) by a worker that has not beaten yet: left alone too.
    other = note_and_wait.enqueue(str(tmp_path / "other"))
    claimed(other, "new-worker", seconds_ago=1)
    assert requeue_orphans() == []
    assert DBTaskResult.objects.get(pk=other.id).status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_staff_see_a_failed_task_and_its_error_in_the_admin(database_tasks, client):
    result = always_fails.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("worker")
    try:
        always_fails.call()
    except ValueError as exc:
        row.set_failed(exc)
    staff = UserFactory(email="admin@physio.test", is_staff=True, is_superuser=True)
    client.force_login(staff)
    listing = client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "always_fails" in text
    assert "ValueError: the video could not be read" in text
    page = client.get(f"/admin/django_tasks_database/dbtaskresult/{result.id}/change/")
    assert "Traceback" in page.content.decode()
    assert "the video could not be read" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_is_killed_is_finished_by_another_worker(
    database_tasks, processes, tmp_path
):
    record = tmp_path / "record"
    result = note_and_wait.enqueue(str(record))
    env = process_env(TASK_WORKER_HEARTBEAT_SECONDS="1")
    worker = ["manage.py", "run_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    first = processes.start(*worker, env=env, name="worker")
    wait_for(lambda: record.exists(), 30, "the first worker to start the task")
    os.killpg(first.pid, signal.SIGKILL)  # dies mid-task, as out of memory would
    first.wait()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
    processes.start(*worker, env=env, name="worker")
    row = wait_for(
        lambda: DBTaskResult.objects.filter(
            pk=result.id, status=TaskResultStatus.SUCCESSFUL
        ).first(),
        30,
        "the second worker to run the task again",
    )
    assert row.return_value == "done"
    assert len(row.worker_ids) == 2
    assert record.read_text() == "start\nstart\n"
