"""assign models."""
