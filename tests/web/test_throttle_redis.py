"""With ``REDIS_URL`` the sign-in counts live in Redis, so every process of an installation shares them.

Runs in a child process: the limiter is one per process, and switching this test process's limiter to the
shared Redis would make every later test count there. Keys carry a username unique to the run and are removed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")

CHILD = """
import json, sys
sys.path.insert(0, {root!r})
from planner import create_app, migrate
from planner.auth.throttle import limiter
from planner.config import Config

url, redis_url, name = sys.argv[1:4]
migrate.upgrade(url)
config = Config(database_url=url, secret_key="t", csrf_enabled=False, redis_url=redis_url)
first, second = create_app(config), create_app(config)
form = {{"username": name, "password": "wrong"}}
statuses = [
    first.test_client().post("/login", data=form, environ_base={{"REMOTE_ADDR": address}}).status_code
    for address in ("10.99.0.1", "10.99.0.2", "10.99.0.3", "10.99.0.4", "10.99.0.5")
]
statuses.append(second.test_client().post("/login", data=form).status_code)
print(json.dumps({{"storage": type(limiter.storage).__name__, "statuses": statuses}}))
"""


@pytest.mark.skipif(not REDIS_URL.startswith("redis"), reason="REDIS_URL does not name a Redis server")
def test_failed_sign_ins_counted_in_redis_are_seen_by_every_process(tmp_path):
    import redis

    name = f"throttle-test-{uuid.uuid4().hex[:10]}"
    database = f"sqlite:///{tmp_path / 'throttle.sqlite'}"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    try:
        output = subprocess.run(
            [sys.executable, "-c", CHILD.format(root=str(ROOT)), database, REDIS_URL, name],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            timeout=120,
        ).stdout
    finally:
        store = redis.Redis.from_url(REDIS_URL)
        keys = [*store.scan_iter(match=f"*{name}*"), *store.scan_iter(match="*planner-sign-in/10.99.0.*")]
        if keys:
            store.delete(*keys)
    result = json.loads(output.strip().splitlines()[-1])
    assert result["storage"] == "RedisStorage"
    # Five failures from five addresses fill the account's minute; a second app (process) then refuses.
    assert result["statuses"] == [200, 200, 200, 200, 200, 429]
