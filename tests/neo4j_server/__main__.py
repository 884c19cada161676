"""`python -m neo4j_server build|run DIR` (from tests/): see the package docstring."""

import sys

from neo4j_server import main

sys.exit(main(sys.argv[1:]))
