"""Graph store: the interface (graph.store), the embedded FalkorDB and the Neo4j backends."""

from __future__ import annotations

from graph.store import GraphStore, StoreError
from innokg.config import Settings


def open_store(settings: Settings) -> GraphStore:
    """Open the configured backend and repair any document a killed build left half-written."""
    if settings.store == "neo4j":
        if not settings.neo4j_uri:
            raise StoreError("INNOKG_STORE=neo4j needs NEO4J_URI (e.g. bolt://localhost:7687)")
        from graph.neo4j_store import Neo4jStore

        store = Neo4jStore(
            settings.neo4j_uri,
            settings.neo4j_user,
            settings.neo4j_password,
            settings.neo4j_database,
        )
    else:
        from graph.falkor_store import FalkorStore

        store = FalkorStore(settings.data_dir, settings.graph_name)
    store.repair()
    return store  # type: ignore[return-value]
