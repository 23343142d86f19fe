"""plan models."""
