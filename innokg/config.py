"""One settings object, read from environment variables with defaults that need no set-up."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / "data" / "corpus"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    """Configuration. Build with :meth:`from_env`; pass explicitly everywhere else (no globals)."""

    store: str = "embedded"
    data_dir: Path = field(default_factory=lambda: Path(".innokg"))
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str | None = None
    api_token: str | None = None
    graph_name: str = "innokg"
    max_file_bytes: int = 50 * 1024 * 1024
    max_request_bytes: int = (
        256 * 1024
    )  # any other request body (/cypher JSON; a 70k-key map is ~1 MB)
    expensive_slots: int = 2  # user Cypher, exports, analytics running at once (api/lanes.py)
    read_slots: int = 4  # the API's own reads running at once per process (api/gate.py)
    response_cache_mb: int = 64  # answers of read routes kept per process (api/cache.py); 0: off
    export_timeout_ms: int = 60_000
    # jobs (POST /exports, /analytics/*/jobs; api/jobs.py): kept at once, result lifetime, run time
    export_jobs_kept: int = 4
    export_job_ttl_s: float = 3600.0
    export_job_timeout_s: float = 1800.0
    export_job_memory_bytes: int = 8 * 1024**3  # address space of the export process
    upload_workers: int = 1  # processes that read and extract uploads
    upload_timeout_s: float = 60.0
    upload_memory_bytes: int = 1024 * 1024 * 1024  # address space of one upload worker
    query_timeout_ms: int = 5000
    query_row_cap: int = 5000
    viz_max_nodes: int = 500

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        store = (_env("INNOKG_STORE", "embedded") or "embedded").lower()
        if store not in ("embedded", "neo4j"):
            raise ValueError(f"INNOKG_STORE must be 'embedded' or 'neo4j', not {store!r}")
        values: dict[str, object] = dict(
            store=store,
            data_dir=Path(_env("INNOKG_DATA_DIR", ".innokg") or ".innokg"),
            neo4j_uri=_env("NEO4J_URI"),
            neo4j_user=_env("NEO4J_USER", "neo4j") or "neo4j",
            neo4j_password=_env("NEO4J_PASSWORD"),
            neo4j_database=_env("NEO4J_DATABASE"),
            api_token=_env("INNOKG_API_TOKEN"),
            graph_name=_env("INNOKG_GRAPH", "innokg") or "innokg",
            max_file_bytes=int(_env("INNOKG_MAX_FILE_MB", "50") or "50") * 1024 * 1024,
            query_timeout_ms=int(_env("INNOKG_QUERY_TIMEOUT_MS", "5000") or "5000"),
            query_row_cap=int(_env("INNOKG_QUERY_ROW_CAP", "5000") or "5000"),
            viz_max_nodes=int(_env("INNOKG_VIZ_MAX_NODES", "500") or "500"),
            upload_workers=int(_env("INNOKG_UPLOAD_WORKERS", "1") or "1"),
            expensive_slots=int(_env("INNOKG_EXPENSIVE_SLOTS", "2") or "2"),
            read_slots=int(_env("INNOKG_READ_SLOTS", "4") or "4"),
            response_cache_mb=int(_env("INNOKG_RESPONSE_CACHE_MB", "64") or "64"),
            upload_timeout_s=float(_env("INNOKG_UPLOAD_TIMEOUT_S", "60") or "60"),
            export_timeout_ms=int(_env("INNOKG_EXPORT_TIMEOUT_MS", "60000") or "60000"),
            export_jobs_kept=int(_env("INNOKG_EXPORT_JOBS", "4") or "4"),
            export_job_ttl_s=float(_env("INNOKG_EXPORT_JOB_TTL_S", "3600") or "3600"),
            export_job_timeout_s=float(_env("INNOKG_EXPORT_JOB_TIMEOUT_S", "1800") or "1800"),
        )
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
