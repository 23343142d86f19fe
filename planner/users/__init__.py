"""User administration: accounts, roles and passwords (administrators only)."""
