"""Errors as HTTP responses: every body is ``{"detail": message, "field": dotted path|null}``.

=========================================  ======
exception                                  status
=========================================  ======
request validation (pydantic)              422, ``errors`` lists each problem (no input echoed)
``kizuna.errors.UnknownName``              404
``kizuna.errors.PermissionDenied``         403
``kizuna.errors.Conflict``                 409 (a concurrent change won; read again)
``kizuna.errors.InvalidInput`` (others)    422, ``field`` is ``exc.field``
``kizuna.errors.Infeasible``               409
anything else                              500, logged with its traceback: a bug to fix
=========================================  ======

Bodies never echo the input back (it may hold a password or personal data).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kizuna.errors import (
    Conflict,
    Infeasible,
    InvalidInput,
    KizunaError,
    PermissionDenied,
    UnknownName,
)

__all__ = ["ERROR_RESPONSES", "ErrorOut", "FieldErrorOut", "document_responses", "error_body",
           "install_error_handlers", "validation_errors"]

log = logging.getLogger("kizuna.api")
_LOCATIONS = ("body", "query", "path", "header", "cookie")


class FieldErrorOut(BaseModel):
    """One validation problem (the input is never echoed)."""

    field: str
    message: str
    type: str


class ErrorOut(BaseModel):
    """The body of every error response."""

    detail: str
    field: str | None
    errors: list[FieldErrorOut] | None = None


#: The error statuses any endpoint may answer, documented in the OpenAPI document (the
#: handlers below produce them; FastAPI's default 422 schema is not what the API sends).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "malformed request body"},
    401: {"model": ErrorOut, "description": "no or invalid credentials"},
    403: {"model": ErrorOut, "description": "role or tenant not allowed"},
    404: {"model": ErrorOut, "description": "unknown object, or one not disclosed"},
    409: {"model": ErrorOut, "description": "infeasible, or the service is not configured"},
    413: {"model": ErrorOut, "description": "request body too large"},
    422: {"model": ErrorOut, "description": "invalid input; field names it"},
}


def error_body(message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"detail": " ".join(str(message).split()), "field": field, **extra}


def _dotted(loc: tuple[Any, ...] | list[Any], prefix: str | None = None) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATIONS and len(parts) > 1 and parts[0] == "body":
        parts = parts[1:]
    dotted = ".".join(parts) or "body"
    return f"{prefix}.{dotted}" if prefix else dotted


def validation_errors(errors: list[Any], prefix: str | None = None) -> list[dict[str, str]]:
    """Pydantic errors without their ``input`` (never echo what was sent)."""
    return [{"field": _dotted(e.get("loc", ()), prefix), "message": str(e.get("msg", "")),
             "type": str(e.get("type", ""))} for e in errors]


def _first(errors: list[dict[str, str]]) -> JSONResponse:
    if not errors:
        return JSONResponse(error_body("invalid input", "body"), status_code=422)
    head = errors[0]
    # A model-level check names its field at the start of the message ("area: ...").
    field = head["field"]
    message = head["message"].removeprefix("Value error, ")
    if field == "body" and ":" in message:
        field = message.split(":", 1)[0].strip() or field
    return JSONResponse(error_body(f"{field}: {message}", field, errors=errors),
                        status_code=422)


async def _request_validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return _first(validation_errors(list(exc.errors())))


async def _pydantic(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ValidationError)
    return _first(validation_errors(list(exc.errors())))


async def _kizuna(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, KizunaError)
    if isinstance(exc, UnknownName):
        return JSONResponse(error_body(str(exc), exc.field), status_code=404)
    if isinstance(exc, PermissionDenied):
        return JSONResponse(error_body(str(exc), None), status_code=403)
    if isinstance(exc, Conflict):
        return JSONResponse(error_body(str(exc), exc.field), status_code=409)
    if isinstance(exc, InvalidInput):
        return JSONResponse(error_body(str(exc), exc.field), status_code=422)
    if isinstance(exc, Infeasible):
        return JSONResponse(error_body(str(exc), None), status_code=409)
    return JSONResponse(error_body(str(exc), None), status_code=422)


async def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(error_body(str(exc.detail), None), status_code=exc.status_code,
                        headers=dict(exc.headers) if exc.headers else None)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # The method and path only: a body or query may hold secrets or personal data.
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path,
              exc_info=exc)
    return JSONResponse(error_body("internal error", None), status_code=500)


def install_error_handlers(app: FastAPI) -> None:
    """Map every error to the status table above."""
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(ValidationError, _pydantic)
    app.add_exception_handler(KizunaError, _kizuna)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)


def document_responses(description: str, media_type: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI responses of an endpoint that answers ``media_type`` (a printable page, a
    CSV): its 200, and the error statuses, which stay JSON (the response class would
    otherwise document them in its own media type)."""
    return {200: {"description": description, "content": {media_type: {}}},
            **{code: {"description": spec["description"], "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
               for code, spec in ERROR_RESPONSES.items()}}
