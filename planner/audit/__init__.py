"""The audit log: every insert, update and delete with who made it."""
