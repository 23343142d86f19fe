"""Performance: KPI schemes, reviews, composite scores and peer ranks (never deposits alone)."""
