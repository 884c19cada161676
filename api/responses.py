"""Responses for the hot read endpoints.

FastAPI validates a returned model against the route's ``response_model`` again and then
serializes it in Python; a model built from our own rows was validated when it was made. These
endpoints return its JSON directly (pydantic's serializer, in Rust), keeping ``response_model``
on the route for the OpenAPI schema.
"""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel

MEDIA_TYPE = "application/json; charset=utf-8"


def validated_json(model: BaseModel) -> Response:
    """The model as JSON (UTF-8, Chinese left readable) without a second validation."""
    return Response(model.__pydantic_serializer__.to_json(model), media_type=MEDIA_TYPE)
