"""Which language and time zone a request is rendered in."""

from __future__ import annotations

from flask import current_app, request, session
from flask_login import current_user

# Locale codes offered in the UI; the Chinese catalogue lives in translations/zh_Hans_CN.
LOCALES = {"zh_Hans_CN": "简体中文", "en": "English"}


def select_locale() -> str:
    """Pick the signed-in user's choice, then the session's, then the browser's, then the default."""
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in LOCALES:
        return chosen
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"])
    if best == "en":
        return "en"
    if best:
        return "zh_Hans_CN"
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    """All users work on Beijing time."""
    return "Asia/Shanghai"


def html_lang(locale: str) -> str:
    """Return the BCP 47 tag for the ``lang`` attribute."""
    return "zh-CN" if locale.startswith("zh") else "en"
