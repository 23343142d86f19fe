"""Users, roles, login and the locale each user chose."""
