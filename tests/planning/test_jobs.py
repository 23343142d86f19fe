"""The generic job queue: any registered job runs on a real consumer, inside an application context."""

from __future__ import annotations

import threading

import pytest
from flask import current_app

from planner.jobs.queue import UnknownJob, job_queue, register_job


def test_a_registered_job_runs_on_the_consumer_with_its_arguments_in_an_app_context(app, consumer):
    seen: dict[str, object] = {}
    done = threading.Event()

    def remember(job_app, word: str, times: int) -> None:  # type: ignore[no-untyped-def]
        seen.update(word=word * times, same_app=current_app._get_current_object() is job_app)
        done.set()

    register_job(app, "tests.remember", remember)
    task_id = job_queue(app).enqueue("tests.remember", {"word": "ab", "times": 2})

    assert done.wait(60), "the consumer did not run the job"
    assert task_id and seen == {"word": "abab", "same_app": True}


def test_enqueuing_an_unknown_job_is_refused(app):
    with pytest.raises(UnknownJob):
        job_queue(app).enqueue("tests.no-such-job", {})
