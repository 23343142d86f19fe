"""Typed configuration read from the environment and handed to ``create_app``."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass(frozen=True)
class Config:
    """Everything the application needs to know about its environment."""

    database_url: str = f"sqlite:///{INSTANCE_DIR / 'planner.sqlite'}"
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32))
    redis_url: str | None = None
    # Job queue: its name (a key prefix in a shared Redis) and, without Redis, its SQLite file.
    queue_name: str = "planner"
    queue_path: Path = INSTANCE_DIR / "queue.sqlite"
    # A running job whose heartbeat is older than this is taken for dead (its worker stopped).
    heartbeat_timeout: float = 120.0
    # Where npm installed the front-end packages (ECharts, htmx, Pico CSS) that we serve ourselves.
    vendor_dir: Path = PROJECT_ROOT / "node_modules"
    default_locale: str = "zh_Hans_CN"
    page_size: int = 50
    testing: bool = False
    csrf_enabled: bool = True
    session_cookie_secure: bool = False

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Config:
        """Read the configuration from environment variables, falling back to the embedded defaults."""
        env = os.environ if environ is None else environ
        kwargs: dict[str, Any] = {}
        if env.get("DATABASE_URL"):
            kwargs["database_url"] = normalise_database_url(env["DATABASE_URL"])
        if env.get("SECRET_KEY"):
            kwargs["secret_key"] = env["SECRET_KEY"]
        if env.get("REDIS_URL"):
            kwargs["redis_url"] = env["REDIS_URL"]
        if env.get("PLANNER_QUEUE_NAME"):
            kwargs["queue_name"] = env["PLANNER_QUEUE_NAME"]
        if env.get("PLANNER_QUEUE_PATH"):
            kwargs["queue_path"] = Path(env["PLANNER_QUEUE_PATH"])
        if env.get("PLANNER_VENDOR_DIR"):
            kwargs["vendor_dir"] = Path(env["PLANNER_VENDOR_DIR"])
        if env.get("PLANNER_PAGE_SIZE"):
            kwargs["page_size"] = int(env["PLANNER_PAGE_SIZE"])
        if env.get("PLANNER_SECURE_COOKIES", "").lower() in {"1", "true", "yes"}:
            kwargs["session_cookie_secure"] = True
        return cls(**kwargs)

    @property
    def is_sqlite(self) -> bool:
        """Tell whether the database is an embedded SQLite file."""
        return self.database_url.startswith("sqlite")
