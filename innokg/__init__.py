"""innokg: a knowledge graph of the Beijing–Tianjin–Hebei innovation ecosystem."""

__version__ = "0.1.0"
