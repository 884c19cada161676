"""Documents: list, read (with highlighted mentions), upload (ingest) and delete."""

from __future__ import annotations

import html
import json
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, UploadFile

from api import models as m
from api import queries as Q
from api.deps import get_settings, get_store, require_token
from graph.store import GraphStore
from innokg.config import Settings
from loaders.load import LoadFailure, load_file
from loaders.read import SUPPORTED

router = APIRouter(tags=["documents"])
Store = Annotated[GraphStore, Depends(get_store)]


@router.get("/documents", response_model=m.DocumentPage)
def list_documents(
    store: Store,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> m.DocumentPage:
    total = store.query(Q.DOCUMENTS_COUNT).rows[0][0]
    rows = store.query(Q.DOCUMENTS, {"limit": limit, "offset": offset}).records()
    return m.DocumentPage(
        total=total, limit=limit, offset=offset, items=[m.DocumentSummary(**r) for r in rows]
    )


@router.get("/documents/{doc_id}", response_model=m.DocumentDetail)
def get_document(store: Store, doc_id: str) -> m.DocumentDetail:
    """The normalized text, every entity mention as a span, and an HTML rendering with <mark>."""
    rows = store.query(Q.DOCUMENT, {"id": doc_id}).records()
    if not rows:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    r = rows[0]
    text = r["text"] or ""
    spans = []
    for key, type_, name, sentences in r["mentions"]:
        if key is None:
            continue
        for raw in sentences or []:
            rec = json.loads(raw)
            spans.append(
                m.MentionSpan(start=rec["start"], end=rec["end"], entity=key, type=type_, name=name)
            )
    spans.sort(key=lambda s: (s.start, -s.end))
    return m.DocumentDetail(
        id=r["id"],
        path=r["path"],
        title=r["title"],
        date=r["date"],
        doc_number=r["doc_number"],
        text=text,
        mentions=spans,
        html=highlight(text, spans),
    )


def highlight(text: str, spans: list[m.MentionSpan]) -> str:
    out, pos = [], 0
    for s in spans:
        if s.start < pos:
            continue
        out.append(html.escape(text[pos : s.start]))
        out.append(
            f'<mark id="m{s.start}" data-entity="{html.escape(s.entity)}" data-type="{s.type}">'
            f"{html.escape(text[s.start : s.end])}</mark>"
        )
        pos = s.end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>\n")


@router.post(
    "/documents", response_model=m.Ingested, status_code=201, dependencies=[Depends(require_token)]
)
async def upload_document(
    store: Store, settings: Annotated[Settings, Depends(get_settings)], file: UploadFile
) -> m.Ingested:
    """Upload a .txt/.docx/.pdf/.html file; it is loaded, extracted and written like `build`."""
    from innokg.pipeline import extract_documents

    name = Path(file.filename or "upload.txt").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise HTTPException(422, f"{name}: unsupported file type {suffix or '(none)'!r}")
    data = await file.read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        raise HTTPException(413, f"{name}: file too large (limit {settings.max_file_bytes} bytes)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            doc = load_file(path, settings.max_file_bytes)
        except LoadFailure as exc:
            raise HTTPException(422, f"{name}: {exc.reason}") from exc
    doc.path = name
    (ex,) = extract_documents([doc])
    store.write_extraction(ex)
    return m.Ingested(id=doc.id, path=name, entities=len(ex.entities), relations=len(ex.relations))


@router.delete(
    "/documents/{doc_id}", response_model=m.Deleted, dependencies=[Depends(require_token)]
)
def delete_document(store: Store, doc_id: str) -> m.Deleted:
    if not store.delete_document(doc_id):
        raise HTTPException(404, f"no document with id {doc_id!r}")
    return m.Deleted(id=doc_id, deleted=True)
