"""The documents of an application: its risk dossier and its permit pack (JSON and printable).

Shared by the permits router (the regulator's dossier) and the permit-pack router (operator and
regulator), so both read one cache and one assembly. The dossier (and its map, the slow part)
depends on the application without its evidence, so recording evidence, a query or an answer
rebuilds only the pack, which is cheap.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from fastapi import HTTPException

from kizuna.api.deps import AppState, Principal
from kizuna.api.emergency import bundled_scenario
from kizuna.permits import Application
from kizuna.permits.dossier import build_dossier, map_overlays
from kizuna.permits.lifecycle import ApplicationVersion
from kizuna.permits.pack import build_pack
from kizuna.permits.report import dossier_html
from kizuna.scenario.render import render_map
from kizuna.store.permit_records import StoredPermit

__all__ = ["DOSSIER_CSP", "dossier_data", "pack_documents", "visible_application"]

#: The printable documents are self-contained (inline CSS, the map as a data: URI): nothing
#: else may load or run in them.
DOSSIER_CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
               "frame-ancestors 'self'; base-uri 'none'; form-action 'none'")


def visible_application(app: AppState, caller: Principal, org_id: str, app_id: str
                        ) -> StoredPermit:
    """The application, 404 for one the caller may not see (its existence is not disclosed)."""
    prefecture = app.accounts.prefecture_of(org_id)
    if not caller.may_read_org(org_id, prefecture):
        raise HTTPException(404, f"no application {app_id} visible in organisation {org_id}")
    return app.permits.get(org_id, app_id)


#: The dossier is built from the bundled scenario (as ``kizuna permit dossier`` does), so it
#: depends on the application alone; a few recent ones are kept per worker.
@lru_cache(maxsize=8)
def _dossier_parts(application_json: str) -> tuple[dict[str, Any], bytes]:
    application = Application.model_validate_json(application_json)
    world = bundled_scenario(application.scenario)
    dossier = build_dossier(application, world)
    bounds, overlays = map_overlays(dossier, application.kind)
    with TemporaryDirectory(prefix="kizuna-dossier-") as tmp:
        png = Path(tmp) / "map.png"
        render_map(world, png, title=f"{application.title} ({application.id})",
                   extra=overlays, bounds=bounds)
        return dossier.data, png.read_bytes()


def _parts(application: Application) -> tuple[dict[str, Any], bytes]:
    bare = application.model_copy(update={"evidence": {}})
    data, png = _dossier_parts(bare.model_dump_json())
    data = copy.deepcopy(data)
    data["application"] = application.model_dump(mode="json")
    return data, png


def dossier_data(version: ApplicationVersion) -> dict[str, Any]:
    """The dossier document of an application version (a copy the caller may keep)."""
    return _parts(version.application)[0]


def pack_documents(version: ApplicationVersion, *, html: bool = True
                   ) -> tuple[dict[str, Any], str]:
    """The permit pack of an application version and, with ``html``, the printable pack (the
    dossier with the pack's sections, the map embedded)."""
    data, png = _parts(version.application)
    pack = build_pack(data, version.application, version.reviews, version=version.version,
                      revision=version.pack_revision, state=version.state.value)
    return pack, (dossier_html(data, map_png=png, pack=pack) if html else "")
