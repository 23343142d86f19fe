"""Web plumbing shared by every feature: request sessions, access control, locale, assets, errors."""
