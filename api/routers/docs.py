"""GET /docs: the OpenAPI docs (Swagger UI) from vendored assets, so they render offline.

FastAPI's own /docs loads Swagger UI from a CDN, which a government intranet cannot reach (the
page was blank). api/static/swagger-ui holds swagger-ui-dist 5.35.0 (Apache-2.0, its LICENSE and
NOTICE beside it; source-map comments removed); the validator badge, which calls
validator.swagger.io, is off.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(include_in_schema=False)
ASSETS = Path(__file__).resolve().parent.parent / "static" / "swagger-ui"
_TYPES = {
    "swagger-ui-bundle.js": "application/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}
_PREFIX = "/static/docs"


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} — docs",
        swagger_js_url=f"{_PREFIX}/swagger-ui-bundle.js",
        swagger_css_url=f"{_PREFIX}/swagger-ui.css",
        swagger_favicon_url=f"{_PREFIX}/favicon-32x32.png",
        swagger_ui_parameters={"validatorUrl": None, "tryItOutEnabled": False},
    )


@router.get(_PREFIX + "/{name}")
def asset(name: str) -> FileResponse:
    if name not in _TYPES:
        raise HTTPException(404, f"no asset {name!r}")
    return FileResponse(
        ASSETS / name, media_type=_TYPES[name], headers={"Cache-Control": "public, max-age=86400"}
    )
