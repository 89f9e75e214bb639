"""The HTTP API (FastAPI) under ``/api/v1``, with its OpenAPI document at ``/api/v1/openapi.json``.

Routers call the domain packages and the store; no rule is written here twice. See
docs/api.md for authentication, roles, tenancy and the endpoints.
"""

from kizuna.api.app import API_PREFIX, app_from_environment, create_app
from kizuna.api.settings import ApiSettings

__all__ = ["API_PREFIX", "ApiSettings", "app_from_environment", "create_app"]
