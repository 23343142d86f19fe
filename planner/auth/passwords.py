"""The password policy: long enough, not the username, not a commonly used password.

The common passwords are the 30,000-entry "passwords" frequency list of the ``zxcvbn`` package (PyPI; built
from leaked-password corpora by Dropbox's zxcvbn project), read once and compared in lower case.
"""

from __future__ import annotations

from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from planner.messages import N_, Message

MIN_PASSWORD_LENGTH = 10


@cache
def common_passwords() -> frozenset[str]:
    """Return the commonly used passwords, lower-cased."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def password_problem(password: str, username: str) -> Message | None:
    """Return why ``password`` is not acceptable for ``username``, or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return N_("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    if username and password.strip().lower() == username.strip().lower():
        return N_("The password cannot be the username.")
    if password.lower() in common_passwords():
        return N_("This password is among the most commonly used ones; choose another.")
    return None


@cache
def _dummy_hash() -> str:
    return generate_password_hash("no user has this password")


def spend_password_check(password: str) -> None:
    """Verify ``password`` against a dummy hash, so an unknown user costs as long as a wrong password."""
    check_password_hash(_dummy_hash(), password)
