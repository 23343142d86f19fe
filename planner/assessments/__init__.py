"""Competency assessments of CMs and candidates: their records, pages and profiles."""
