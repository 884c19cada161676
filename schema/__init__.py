"""Graph schema (labels, relationship types, keys) and the records passed between stages."""
