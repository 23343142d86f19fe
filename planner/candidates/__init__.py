"""Candidates for the CM team: channels, exam components, gates and the selection pipeline."""
