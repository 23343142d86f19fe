"""Sign-in throttling: failed sign-ins are counted per account and per client address (Flask-Limiter).

Only failures count, so a user who types the right password is never slowed down. The limits are stepped,
which makes a back-off: after 5 failures within a minute an account waits out that minute, after 10 within a
quarter of an hour the quarter, after 20 within an hour the hour. One address (an office behind one NAT may
share it) gets 30 failures a minute and 100 an hour. The counts live in Redis when ``REDIS_URL`` is set, so
every process of an installation shares them, and in each process's memory otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, g, request
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

from planner.config import Config

ACCOUNT_LIMITS = "5 per minute;10 per 15 minutes;20 per hour"
ADDRESS_LIMITS = "30 per minute;100 per hour"

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def storage_uri(config: Config) -> str:
    """Return where the counts are kept: the shared Redis when configured, this process's memory otherwise."""
    return config.redis_url or "memory://"


def install_throttle(app: Flask, config: Config) -> None:
    """Bind the limiter to ``app`` with the configured storage."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", storage_uri(config))
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "planner-sign-in")
    limiter.init_app(app)


def account_key() -> str:
    """Key the account limit by the username typed (lower case, bounded)."""
    return "account:" + (request.form.get("username") or "").strip().lower()[:60]


def mark_failed_sign_in() -> None:
    """Tell the limiter that this request was a failed sign-in, so it counts."""
    g.sign_in_failed = True


def _failed(_response: Response) -> bool:
    return bool(g.get("sign_in_failed"))


def _message() -> str:
    return _("Too many failed sign-ins. Wait a few minutes, then try again.")


def throttled(view: Callable[..., Any]) -> Callable[..., Any]:
    """Apply the account and address limits to a sign-in view's POSTs."""
    view = limiter.limit(
        ACCOUNT_LIMITS, key_func=account_key, methods=["POST"], deduct_when=_failed, error_message=_message
    )(view)
    return limiter.limit(
        ADDRESS_LIMITS,
        key_func=get_remote_address,
        methods=["POST"],
        deduct_when=_failed,
        error_message=_message,
    )(view)
