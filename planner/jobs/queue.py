"""The job queue: a Huey instance per app, one dispatching task, and jobs registered by name.

A job is a function ``job(app, **arguments)``; ``register_job`` names it, ``enqueue`` sends its name and JSON
arguments through Huey, and whichever consumer takes the task calls it inside an application context. The
queue carries nothing else: progress and cancel of long jobs go through the database.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from huey import RedisHuey, SqliteHuey
from huey.api import Huey
from huey.consumer import Consumer

log = logging.getLogger(__name__)

Job = Callable[..., None]
EXTENSION = "planner.jobs"


class UnknownJob(LookupError):
    """A task named a job no code registered."""


@dataclass
class QueueSettings:
    """Where the queue lives: a Redis URL, else a SQLite file; and its name (a prefix in shared Redis)."""

    name: str = "planner"
    redis_url: str | None = None
    sqlite_path: Path | None = None
    # The nice value jobs run at (Linux; 0 leaves it): a solve then takes the CPU only when pages do not.
    nice: int = 10


def lower_thread_priority(nice: int) -> int | None:
    """Raise the calling thread's nice value to ``nice`` (Linux) and return the value it runs at.

    Linux keeps a nice value per thread: ``setpriority`` on the thread's own id changes this thread only, and
    every thread it starts afterwards (the solvers' search threads) inherits it. The value is never lowered
    (that needs privileges); None where threads have no nice value of their own, or for ``nice`` 0.
    """
    if nice <= 0 or not sys.platform.startswith("linux"):
        return None
    thread = threading.get_native_id()
    try:
        if os.getpriority(os.PRIO_PROCESS, thread) < nice:
            os.setpriority(os.PRIO_PROCESS, thread, nice)
        return os.getpriority(os.PRIO_PROCESS, thread)
    except OSError as error:
        log.warning("could not lower the job thread's priority to nice %d: %s", nice, error)
        return None


def make_huey(settings: QueueSettings) -> Huey:
    """Return a ``RedisHuey`` when a Redis URL is given, else a ``SqliteHuey`` on the settings' file."""
    if settings.redis_url:
        return RedisHuey(settings.name, url=settings.redis_url, results=False)
    assert settings.sqlite_path is not None, "an embedded queue needs a SQLite file"
    settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(settings.name, filename=str(settings.sqlite_path), results=False)


class EmbeddedConsumer(Consumer):
    """A consumer running as threads inside the web process: the web server owns the signals."""

    def _set_signal_handlers(self) -> None:
        """Leave signal handling to the host process."""


@dataclass
class JobQueue:
    """The app's queue: the Huey instance (made on first use), the jobs by name and the embedded consumer."""

    app: Flask
    settings: QueueSettings
    jobs: dict[str, Job] = field(default_factory=dict)
    _huey: Huey | None = None
    _dispatch: Any = None
    _consumer: Consumer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def huey(self) -> Huey:
        """Return the Huey instance, creating it (and its dispatching task) on first use."""
        with self._lock:
            if self._huey is None:
                self._huey = make_huey(self.settings)
                self._dispatch = self._huey.task(name="planner.dispatch")(self._run_job)
            return self._huey

    @property
    def embedded(self) -> bool:
        """Tell whether jobs run in this process (no Redis)."""
        return not self.settings.redis_url

    def _run_job(self, name: str, kwargs: dict[str, Any]) -> None:
        job = self.jobs.get(name)
        if job is None:
            raise UnknownJob(name)
        # Whichever consumer runs the job (the app's threads or a worker process), pages come first.
        lower_thread_priority(self.settings.nice)
        with self.app.app_context():
            job(self.app, **kwargs)

    def enqueue(self, name: str, arguments: dict[str, Any], start_here: bool = True) -> str:
        """Send job ``name`` with JSON ``arguments``; return the task id.

        Without Redis the job runs in this process's consumer, started here unless ``start_here`` is False
        (a short-lived command leaves the job to the app's consumer instead of dying with it).
        """
        if name not in self.jobs:
            raise UnknownJob(name)
        huey = self.huey
        task = self._dispatch.s(name, arguments)
        huey.enqueue(task)
        if self.embedded and start_here:
            self.start_consumer()
        return str(task.id)

    def consumer(self, workers: int = 1) -> Consumer:
        """Return a consumer of this queue with ``workers`` threads (the worker command runs it)."""
        return self.huey.create_consumer(workers=workers, worker_type="thread", periodic=False)

    def start_consumer(self, workers: int = 1) -> None:
        """Start the in-process consumer once (threads of this process)."""
        with self._lock:
            if self._consumer is not None:
                return
        huey = self.huey
        consumer = EmbeddedConsumer(
            huey, workers=workers, worker_type="thread", periodic=False, initial_delay=0.05, max_delay=1.0
        )
        with self._lock:
            if self._consumer is not None:
                return
            self._consumer = consumer
        consumer.start()
        log.info("embedded job consumer started (%d thread(s))", workers)

    def stop_consumer(self) -> None:
        """Stop the in-process consumer, waiting for the job in hand."""
        with self._lock:
            consumer, self._consumer = self._consumer, None
        if consumer is not None:
            consumer.stop(graceful=True)

    def pending(self) -> int:
        """Return the number of tasks waiting in the queue."""
        return int(self.huey.pending_count())

    def flush(self) -> None:
        """Drop every waiting task (tests use their own queue and clean it)."""
        self.huey.flush()

    def close(self) -> None:
        """Stop the in-process consumer and drop what is still waiting (the end of a test run)."""
        self.stop_consumer()
        if self._huey is not None:
            self.flush()


def job_queue(app: Flask) -> JobQueue:
    """Return the app's job queue."""
    queue: JobQueue = app.extensions[EXTENSION]
    return queue


def register_job(app: Flask, name: str, job: Job) -> None:
    """Make ``job`` runnable by name on the app's queue."""
    job_queue(app).jobs[name] = job


def install_queue(app: Flask, settings: QueueSettings) -> JobQueue:
    """Attach a job queue to ``app`` (nothing is created until the first job)."""
    queue = JobQueue(app, settings)
    app.extensions[EXTENSION] = queue
    return queue
