"""The settings page: bank-wide settings and the grade ladder with its holders (above people, territories)."""
