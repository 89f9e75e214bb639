"""Settings of the HTTP API (environment variables ``KIZUNA_API_*`` or explicit values)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_ZONES", "ApiSettings"]

#: Special-zone offices and their member prefectures (DOMAIN.md section 1). A regulator whose
#: organisation belongs to a zone sees every member prefecture.
DEFAULT_ZONES: dict[str, list[str]] = {
    "zone-new-technology": ["fukushima", "nagasaki"],
    "zone-industrial-hub": ["miyagi", "kumamoto"],
}


class ApiSettings(BaseSettings):
    """Everything :func:`kizuna.api.create_app` needs; every figure has a safe default."""

    model_config = SettingsConfigDict(env_prefix="KIZUNA_API_", frozen=True, extra="forbid")

    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; None: $KIZUNA_DATABASE_URL or the user's "
        "SQLite file.")
    migrate_on_start: bool = Field(default=True, description="Apply migrations in create_app.")
    token_ttl_s: int = Field(default=8 * 3600, gt=0, description="Bearer token lifetime.")
    login_attempts: int = Field(default=5, gt=0,
                                description="Failed logins per username+client per window.")
    login_window_s: float = Field(default=300.0, gt=0, description="Rate-limit window.")
    max_request_bytes: int = Field(default=1_000_000, gt=0, description="Largest request body.")
    max_document_bytes: int = Field(default=3_000_000, gt=0,
                                    description="Largest residency document a company uploads "
                                    "(its upload request may be larger than max_request_bytes).")
    max_vertices: int = Field(default=5_000, gt=3, description="Vertices per GeoJSON input.")
    max_area_km2: float = Field(default=500.0, gt=0, description="Largest GeoJSON polygon area.")
    max_streams_per_user: int = Field(default=4, gt=0,
                                      description="Open live streams one user may hold per "
                                      "worker (each polls the database).")
    max_reports_per_batch: int = Field(default=1_000, gt=0, description="Telemetry batch size.")
    max_operator_priority: int = Field(default=10, ge=0,
                                       description="Highest intent priority an operator may "
                                       "claim; higher priorities are the regulator's.")
    airspace_epsg: int = Field(default=6669, description="Metric frame of the shared airspace "
                               "(JGD2011 plane rectangular zone); the same in every worker.")
    zones: dict[str, list[str]] = Field(default_factory=lambda: dict(DEFAULT_ZONES))
    data_key_file: str | None = Field(
        default=None, description="Residency data key file; else $KIZUNA_DATA_KEY.")
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)
    bootstrap_admin: str | None = Field(
        default=None, description="Username of an administrator created at start when no user "
        "exists (with bootstrap_admin_password).")
    bootstrap_admin_password: SecretStr | None = None
