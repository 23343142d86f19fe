"""Sign-in events other features listen to (the audit log records them), so auth imports none of them."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with the SQLAlchemy session and ``user_id`` just before a sign-in is written: the change is the user's.
signed_in = _signals.signal("signed-in")
# Sent with the session, the ``username`` typed, the ``user_id`` it names (None when nobody) and ``address``.
sign_in_failed = _signals.signal("sign-in-failed")
