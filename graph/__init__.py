"""Graph store: the interface (graph.store), the embedded FalkorDB and the Neo4j backends."""

from __future__ import annotations

from graph.store import GraphStore, StoreError
from innokg.config import Settings


def open_store(settings: Settings, *, writer: bool = False) -> GraphStore:
    """Open the configured backend.

    A ``writer`` (build, serve) also repairs documents a killed writer left half-written; a
    reader (query, export, viz) never does, and even a writer leaves alone a document whose
    writer still holds its lease in another process (graph.lease).
    """
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
    store.lease_dir = settings.data_dir.resolve() / "leases"  # type: ignore[union-attr]
    if writer:
        store.repair()
    return store  # type: ignore[return-value]
