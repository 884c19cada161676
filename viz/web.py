"""The page's routes: the network at /, a readable document view, and the vendored assets."""

from __future__ import annotations

import html
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from api import models as m
from api.deps import get_settings, get_store
from graph.store import GraphStore
from innokg.config import Settings
from viz.data import View, build_subgraph
from viz.render import STATIC, render_page

router = APIRouter(tags=["page"])
_ASSETS = {"vis-network.min.js": "application/javascript", "vis-network.css": "text/css"}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def page(
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_settings)],
    view: m.PageView = m.PageView("all"),
    focus: Annotated[str | None, Query(max_length=100)] = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 2,
    types: Annotated[list[m.EntityType] | None, Query()] = None,
    rels: Annotated[list[m.RelationType] | None, Query()] = None,
    region: Annotated[str | None, Query(max_length=50)] = None,
    doc: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int | None, Query(ge=1, le=5000)] = None,
) -> HTMLResponse:
    """The interactive network (server-capped at INNOKG_VIZ_MAX_NODES nodes)."""
    v = View(
        view=view.value,
        focus=focus or None,
        depth=depth,
        types=[t.value for t in types or []],
        rels=[r.value for r in rels or []],
        region=region or None,
        doc=doc or None,
        max_nodes=limit or settings.viz_max_nodes,
    )
    body = render_page(build_subgraph(store, v), server=True)
    return HTMLResponse(body, media_type="text/html; charset=utf-8")


@router.get("/documents/{doc_id}/view", response_class=HTMLResponse, include_in_schema=False)
def document_view(
    request: Request, doc_id: str, store: Annotated[GraphStore, Depends(get_store)]
) -> HTMLResponse:
    """A document's text with every entity mention highlighted (linked from evidence)."""
    from api.routers.documents import get_document

    d = get_document(store, doc_id)
    title = html.escape(d.title or d.path or d.id)
    body = (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
        '<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:860px;'
        "margin:24px auto;line-height:1.9;padding:0 16px}mark{background:#ffe58f}"
        "mark:target{background:#ff9c6e}</style></head><body>"
        f'<p><a href="/">← 返回图谱</a></p><h1>{title}</h1><p>{html.escape(d.path or "")}</p>'
        f"<div>{d.html}</div></body></html>"
    )
    del request
    return HTMLResponse(body, media_type="text/html; charset=utf-8")


@router.get("/static/viz/{name}", include_in_schema=False)
def asset(name: str) -> FileResponse:
    if name not in _ASSETS:
        raise HTTPException(404, f"no asset {name!r}")
    return FileResponse(
        STATIC / name, media_type=_ASSETS[name], headers={"Cache-Control": "public, max-age=86400"}
    )
