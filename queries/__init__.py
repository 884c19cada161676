"""The analysts' Cypher library and its loader."""
