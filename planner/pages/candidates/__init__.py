"""The candidate pages: the list and a candidate with gates, assessments and history."""
