"""Background jobs on Huey: SQLite storage and an in-process consumer by default, Redis and worker processes
when ``REDIS_URL`` is set. Any feature registers a job by name and enqueues it with plain JSON arguments."""
