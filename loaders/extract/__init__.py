"""Extraction: normalized sentences → entity mentions → canonical entities → relations."""
