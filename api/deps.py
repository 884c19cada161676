"""FastAPI dependencies: the store and settings on app.state, bearer-token auth for writes."""

from __future__ import annotations

import secrets

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graph.store import GraphStore
from innokg.config import Settings

_bearer = HTTPBearer(auto_error=False)


async def get_store(request: Request) -> GraphStore:
    """Async on purpose: FastAPI runs a plain ``def`` dependency on a worker thread, one more
    thread hand-off per request for a lookup on app.state."""
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def settings_dependency(request: Request) -> Settings:
    """:func:`get_settings` as a dependency of the hot read routes (no thread hand-off)."""
    return request.app.state.settings


def require_token(
    settings: Settings = Depends(get_settings),
    creds: HTTPAuthorizationCredentials | None = Depends(_bearer),
) -> None:
    """Writing endpoints are off without INNOKG_API_TOKEN, and need it as a bearer token."""
    if not settings.api_token:
        raise HTTPException(
            403, "writing endpoints are disabled: set INNOKG_API_TOKEN to enable them"
        )
    if creds is None or not secrets.compare_digest(creds.credentials, settings.api_token):
        raise HTTPException(
            401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"}
        )
