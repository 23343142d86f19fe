"""Typed configuration read from the environment and handed to ``create_app``."""

from __future__ import annotations

import os
from dataclasses import dataclass
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


MISSING_SECRET_KEY = (
    "SECRET_KEY is not set. It signs the session cookies, so every process of one installation needs the "
    "same long random value: set SECRET_KEY (e.g. to the output of "
    "`python -c 'import secrets; print(secrets.token_hex(32))'`) or point PLANNER_SECRET_KEY_FILE at a file "
    "holding it. `make demo` keeps a generated one in instance/secret_key."
)


class ConfigurationError(RuntimeError):
    """The environment lacks a setting the application cannot run without."""


def _read_secret_key(path: Path) -> str | None:
    """Return the key stored in ``path`` (None when the file is missing or empty)."""
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def _bounded_int(env: Any, name: str, low: int, high: int) -> int:
    """Return the whole number in ``env[name]`` or refuse to start, naming the setting and its range."""
    try:
        value = int(env[name])
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise ConfigurationError(f"{name} must be a whole number from {low} to {high}, not {env[name]!r}.")
    return value


@dataclass(frozen=True)
class Config:
    """Everything the application needs to know about its environment."""

    database_url: str = f"sqlite:///{INSTANCE_DIR / 'planner.sqlite'}"
    # Signs session cookies and CSRF tokens; ``create_app`` refuses to start without one.
    secret_key: str | None = None
    # How long a signed-in session lasts without signing in again.
    session_hours: float = 8.0
    redis_url: str | None = None
    # Job queue: its name (a key prefix in a shared Redis) and, without Redis, its SQLite file.
    queue_name: str = "planner"
    queue_path: Path = INSTANCE_DIR / "queue.sqlite"
    # Jobs (solver runs, imports) run at this nice value, below the pages (Linux; 0: as the pages).
    job_nice: int = 10
    # Trust this many reverse proxies' X-Forwarded-For for the client address (0: use the socket's address).
    proxy_fix_for: int = 0
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
        elif env.get("PLANNER_SECRET_KEY_FILE"):
            kwargs["secret_key"] = _read_secret_key(Path(env["PLANNER_SECRET_KEY_FILE"]))
        if env.get("PLANNER_SESSION_HOURS"):
            kwargs["session_hours"] = float(env["PLANNER_SESSION_HOURS"])
        if env.get("REDIS_URL"):
            kwargs["redis_url"] = env["REDIS_URL"]
        if env.get("PLANNER_QUEUE_NAME"):
            kwargs["queue_name"] = env["PLANNER_QUEUE_NAME"]
        if env.get("PLANNER_QUEUE_PATH"):
            kwargs["queue_path"] = Path(env["PLANNER_QUEUE_PATH"])
        if env.get("PLANNER_JOB_NICE"):
            kwargs["job_nice"] = _bounded_int(env, "PLANNER_JOB_NICE", 0, 19)
        if env.get("PLANNER_PROXY_FIX_FOR"):
            kwargs["proxy_fix_for"] = _bounded_int(env, "PLANNER_PROXY_FIX_FOR", 0, 10)
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
