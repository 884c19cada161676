"""The interactive network page (pyvis)."""
