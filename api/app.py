"""The FastAPI application: routers over whichever store is configured, plus the page."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import errors, health, hot, openapi
from api.cache import ResponseCache, install_openapi, store_generation
from api.encoding import RequireUTF8
from api.gate import ReadGate
from api.health import CountsCache
from api.heap import frozen_heap
from api.lanes import Lane
from api.responses import UTF8JSONResponse
from api.routers import cypher, docs, documents, exports, graph, jobs, library
from api.security import BodyLimit, SecurityHeaders
from api.workers import ExtractionPool
from graph.store import GraphStore
from innokg import __version__
from innokg.config import Settings

# multipart framing around an uploaded file (boundaries, part headers, a long file name)
UPLOAD_OVERHEAD = 64 * 1024


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app; without ``store`` it opens the configured one at start-up and closes it."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        if owned:
            from graph import open_store

            app.state.store = open_store(settings, writer=True)
        app.state.uploads = ExtractionPool(
            settings.upload_workers, settings.upload_timeout_s, settings.upload_memory_bytes
        )
        try:
            with frozen_heap():  # the started app, out of the collector's walks (api/heap.py)
                yield
        finally:
            app.state.uploads.close()
            if getattr(app.state, "export_jobs", None) is not None:
                app.state.export_jobs.close()  # api/jobs.py: running jobs end
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="innokg API",
        version=__version__,
        description="京津冀创新生态知识图谱 — knowledge graph of the Beijing–Tianjin–Hebei "
        "innovation ecosystem: entities, relations (承接, 共建, 签约, 任职, 位于, 发布) with evidence.",
        default_response_class=UTF8JSONResponse,
        docs_url=None,  # served from vendored assets by api/routers/docs.py (works offline)
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.expensive = Lane(settings.expensive_slots)
    app.state.counts = CountsCache()
    if store is not None:
        app.state.store = store
    errors.install(app)
    openapi.install(app)
    install_openapi(app)
    # innermost: a request waiting for its turn holds nothing (api/gate.py)
    app.add_middleware(ReadGate, slots=settings.read_slots, wait_ms=settings.query_timeout_ms)
    # a kept answer is served before the gate: no slot, no thread, no store query
    app.add_middleware(
        ResponseCache,
        generation=store_generation,
        max_bytes=settings.response_cache_mb * 1024 * 1024,
    )
    app.add_middleware(RequireUTF8)
    # outermost last: body limits are checked before anything else reads the request
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        BodyLimit,
        default=settings.max_request_bytes,
        routes={("POST", "/documents"): settings.max_file_bytes + UPLOAD_OVERHEAD},
    )
    for r in (
        health.router,
        graph.router,
        documents.router,
        cypher.router,
        library.router,
        exports.router,
        jobs.router,
        docs.router,
    ):
        app.include_router(r)
    from viz.web import router as page_router

    app.include_router(page_router)
    hot.install(app)  # first: plain neighbours reads skip FastAPI's routing
    return app
