"""Bank-wide settings planners can change (qualification validity, staffing norms)."""
