"""The generic job queue: any registered job runs on a real consumer, inside an application context."""

from __future__ import annotations

import os
import sys
import threading

import pytest
from flask import current_app

from planner.config import Config, ConfigurationError
from planner.jobs.queue import UnknownJob, job_queue, lower_thread_priority, register_job


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


LINUX = sys.platform.startswith("linux")
linux_only = pytest.mark.skipif(not LINUX, reason="per-thread nice values are Linux's")


def _own_nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@linux_only
def test_a_job_runs_at_the_configured_nice_value_and_the_pages_do_not(app, consumer):
    assert app.extensions["planner.config"].job_nice == 10  # the default
    seen: list[int] = []
    done = threading.Event()

    def read_nice(job_app) -> None:  # type: ignore[no-untyped-def]
        seen.append(_own_nice())
        done.set()

    register_job(app, "tests.read-nice", read_nice)
    job_queue(app).enqueue("tests.read-nice", {})

    assert done.wait(60), "the consumer did not run the job"
    assert seen == [max(10, _own_nice())]
    assert _own_nice() < 10  # this (the pages') thread kept its priority


@linux_only
def test_lowering_a_thread_changes_it_and_the_threads_it_starts_but_not_the_others():
    seen: dict[str, int | None] = {}

    def child() -> None:
        seen["child"] = _own_nice()

    def job() -> None:
        seen["returned"] = lower_thread_priority(7)
        seen["job"] = _own_nice()
        started = threading.Thread(target=child)
        started.start()
        started.join()

    before = _own_nice()
    thread = threading.Thread(target=job)
    thread.start()
    thread.join()

    expected = max(7, before)
    assert seen == {"returned": expected, "job": expected, "child": expected}
    assert _own_nice() == before


@linux_only
def test_nice_zero_leaves_the_job_thread_as_it_is():
    seen: dict[str, int | None] = {}

    def job() -> None:
        seen["returned"] = lower_thread_priority(0)
        seen["job"] = _own_nice()

    thread = threading.Thread(target=job)
    thread.start()
    thread.join()
    assert seen == {"returned": None, "job": _own_nice()}


def test_the_job_nice_value_is_read_from_the_environment_and_checked():
    assert Config.from_env({"PLANNER_JOB_NICE": "0"}).job_nice == 0
    assert Config.from_env({"PLANNER_JOB_NICE": "15"}).job_nice == 15
    for bad in ("-5", "20", "low"):
        with pytest.raises(ConfigurationError, match="PLANNER_JOB_NICE"):
            Config.from_env({"PLANNER_JOB_NICE": bad})


@linux_only
def test_the_worker_command_lowers_its_process_before_its_consumer_starts(app, monkeypatch):
    from planner.jobs.queue import JobQueue

    seen: dict[str, object] = {}

    class Consumer:
        def run(self) -> None:
            seen["nice"] = _own_nice()  # the thread the consumer's threads would be started from

    monkeypatch.setattr(JobQueue, "consumer", lambda self, workers=1: Consumer())

    def command() -> None:  # in a thread of its own: the nice value stays with it, not with this test
        with app.app_context():  # as `flask worker` has
            seen["result"] = app.test_cli_runner().invoke(args=["worker"])

    thread = threading.Thread(target=command)
    thread.start()
    thread.join()

    result = seen["result"]
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert seen["nice"] == max(10, _own_nice())
    assert f"at nice {seen['nice']}" in result.output  # type: ignore[attr-defined]
