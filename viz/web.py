"""The page's routes: the network at /, a readable document view, and the vendored assets."""

from __future__ import annotations

import html
import re
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse

from api import models as m
from api.deps import get_settings, get_store
from graph.store import GraphStore
from innokg.config import Settings
from viz.data import View, build_subgraph
from viz.render import STATIC, render_page

router = APIRouter(tags=["page"])
_ANCHOR = re.compile(r'id="m(\d+)"')
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
    isolated: bool = False,
) -> HTMLResponse:
    """The interactive network (server-capped at INNOKG_VIZ_MAX_NODES nodes). The overview
    shows the best-connected entities (``limit`` more); ``isolated`` adds the Regions and
    Policies that no stated relation links."""
    v = View(
        view=view.value,
        focus=focus or None,
        depth=depth,
        types=[t.value for t in types or []],
        rels=[m.rel_name(r) for r in rels or []],
        region=region or None,
        doc=doc or None,
        max_nodes=min(limit or settings.viz_max_nodes, settings.viz_max_nodes),
        limit=limit,
        isolated=isolated,
    )
    body = render_page(build_subgraph(store, v), server=True)
    return HTMLResponse(body, media_type="text/html; charset=utf-8")


@router.get("/documents/{doc_id}/view", response_class=HTMLResponse, include_in_schema=False)
def document_view(
    doc_id: str,
    store: Annotated[GraphStore, Depends(get_store)],
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=1)] = None,
) -> HTMLResponse:
    """A document's text with every entity mention highlighted, its title, date and 文号, and
    the evidence sentence ``start``–``end`` (linked from the page's evidence) marked and
    scrolled to."""
    from api.routers.documents import get_document, highlight

    d = get_document(store, doc_id)
    title = html.escape(d.title or d.path or d.id)
    facts = " · ".join(html.escape(x) for x in (d.date, d.doc_number, d.path) if x)
    if start is not None and end is not None and start < end <= len(d.text):
        body_html = (
            _part(d, 0, start) + '<span id="ev" class="evidence">' + _part(d, start, end)
            + "</span>" + _part(d, end, len(d.text))
        )  # fmt: skip
    else:
        body_html = highlight(d.text, d.mentions)
    body = (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
        '<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:860px;'
        "margin:24px auto;line-height:1.9;padding:0 16px}mark{background:#ffe58f}"
        "mark:target{background:#ff9c6e}.evidence{background:#ffd6cc;outline:2px solid #ff7a45}"
        ".facts{color:#666;margin:0}header{position:sticky;top:0;background:#fff;"
        "border-bottom:1px solid #eee;padding:4px 0}header h1{font-size:1.3em;margin:4px 0}"
        ".evidence{scroll-margin-top:10em}</style></head><body>"
        # the document's title, date and 文号 stay in view when the page opens at the sentence
        f'<header><a href="/">← 返回图谱</a><h1>{title}</h1><p class="facts">{facts}</p>'
        f"</header><div>{body_html}</div></body></html>"
    )
    return HTMLResponse(body, media_type="text/html; charset=utf-8")


def _part(d, lo: int, hi: int) -> str:  # noqa: ANN001 - a DocumentDetail
    """text[lo:hi] with the mentions that lie inside it highlighted (anchors keep their
    document offsets, ``#m{start}``; the text is escaped, so no ``id="m`` can come from it)."""
    from api.routers.documents import highlight

    spans = [
        s.model_copy(update={"start": s.start - lo, "end": s.end - lo})
        for s in d.mentions
        if lo <= s.start and s.end <= hi
    ]
    marked = highlight(d.text[lo:hi], spans)
    return _ANCHOR.sub(lambda m: f'id="m{int(m.group(1)) + lo}"', marked)


@router.get("/static/viz/{name}", include_in_schema=False)
def asset(name: str) -> FileResponse:
    if name not in _ASSETS:
        raise HTTPException(404, f"no asset {name!r}")
    return FileResponse(
        STATIC / name, media_type=_ASSETS[name], headers={"Cache-Control": "public, max-age=86400"}
    )
