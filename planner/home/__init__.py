"""Site-wide pages: the home overview, the language switch, front-end assets and the sign-in rule."""
