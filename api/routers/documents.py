"""Documents: list, read (with highlighted mentions), upload (ingest) and delete."""

from __future__ import annotations

import html
import json
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api import models as m
from api import queries as Q
from api.deps import get_settings, get_store, require_token
from api.workers import JobFailed
from graph.store import GraphStore
from innokg.config import Settings
from loaders.load import LoadFailure
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


MAX_FIELDS = 10  # form fields besides the file (a bounded parse; more is a 400)
# the formats loaders/read.py reads (SUPPORTED's values) as media types; the server goes by the
# file name's extension, the part's Content-Type is not read
_MEDIA_TYPES = {
    "txt": "text/plain",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html",
}
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "maxProperties": MAX_FIELDS,
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "a document named "
                            + ", ".join(sorted(f"*{s}" for s in SUPPORTED))
                            + " (the extension says how it is read); any other file, or one "
                            "whose content cannot be read as its type, is a 422",
                        }
                    },
                },
                "encoding": {
                    "file": {
                        "contentType": ", ".join(
                            sorted({_MEDIA_TYPES[k] for k in SUPPORTED.values()})
                        )
                    }
                },
            }
        },
    }
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_NAME = 255


def upload_name(raw: str | None) -> str:
    """The base name of an uploaded file (either path style), or a clear 422."""
    name = PureWindowsPath(PurePosixPath(raw or "").name).name.strip()
    if not name:
        raise HTTPException(422, "file: the upload has no file name")
    if _CONTROL.search(name):
        raise HTTPException(422, f"{name!r}: file name contains control characters")
    if len(name) > MAX_NAME:
        raise HTTPException(
            422, f"{name[:40]}…: file name too long ({len(name)} characters; limit {MAX_NAME})"
        )
    return name


@router.post(
    "/documents",
    response_model=m.Ingested,
    status_code=201,
    dependencies=[Depends(require_token)],
    openapi_extra=_UPLOAD_BODY,
)
async def upload_document(
    request: Request, store: Store, settings: Annotated[Settings, Depends(get_settings)]
) -> m.Ingested:
    """Upload a .txt/.docx/.pdf/.html file; it is loaded, extracted and written like `build`.

    The token is checked before the body is read, the body is capped as it streams, and the
    file is read and extracted in a worker process with time and memory limits.
    """
    try:
        form = await request.form(max_files=1, max_fields=MAX_FIELDS)
    except HTTPException:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed multipart
        if type(exc).__name__ == "BodyTooLarge":
            raise
        raise HTTPException(400, f"invalid multipart body ({exc})") from exc
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        await form.close()
        raise HTTPException(422, "file: a multipart field 'file' holding the document is required")
    try:
        name = upload_name(upload.filename)
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in SUPPORTED:
            raise HTTPException(422, f"{name}: unsupported file type {suffix or '(none)'!r}")
        data = await upload.read(settings.max_file_bytes + 1)
    finally:
        await form.close()
    if len(data) > settings.max_file_bytes:
        raise HTTPException(413, f"{name}: file too large (limit {settings.max_file_bytes} bytes)")
    try:
        ex = await request.app.state.uploads.extract(name, data, settings.max_file_bytes)
    except LoadFailure as exc:
        raise HTTPException(422, f"{name}: {exc.reason}") from exc
    except JobFailed as exc:
        raise HTTPException(exc.status, f"{name}: {exc.reason}") from exc
    await run_in_threadpool(store.write_extraction, ex)
    doc = ex.doc
    return m.Ingested(id=doc.id, path=name, entities=len(ex.entities), relations=len(ex.relations))


@router.delete(
    "/documents/{doc_id}", response_model=m.Deleted, dependencies=[Depends(require_token)]
)
def delete_document(store: Store, doc_id: str) -> m.Deleted:
    if not store.delete_document(doc_id):
        raise HTTPException(404, f"no document with id {doc_id!r}")
    return m.Deleted(id=doc_id, deleted=True)
