"""A permit as the planner's envelope (``kizuna.planning.envelope.PermitEnvelope``).

There is one envelope model, the planner's; this module only converts to it. The contingency
margin is the one the envelope check applies (``kizuna.risk.volume``: flight-geography
half-width plus the lateral contingency at the aircraft's top speed), so a route the planner
keeps inside the envelope also passes ``check_flight``'s OUTSIDE_AREA test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kizuna.errors import InvalidInput, UnknownName
from kizuna.fleet import Aircraft
from kizuna.planning.envelope import PermitEnvelope
from kizuna.risk.volume import DEFAULT_VOLUME_SETTINGS, contingency_lateral_m

if TYPE_CHECKING:
    from kizuna.permits.permit import Permit

__all__ = ["contingency_margin_m", "permit_envelope"]


def contingency_margin_m(aircraft: Aircraft) -> float:
    """Flight-geography half-width plus lateral contingency for ``aircraft`` (m)."""
    return (DEFAULT_VOLUME_SETTINGS.flight_geography_half_width_m
            + contingency_lateral_m(aircraft.profile.max_speed_mps))


def permit_envelope(permit: Permit, *, aircraft: Aircraft | None = None,
                    corridor: str | None = None) -> PermitEnvelope:
    """The envelope of an area permit, or of one corridor of a route permit.

    Parameters
    ----------
    aircraft
        The aircraft to fly; gives the contingency margin (none when not given).
    corridor
        Which corridor of a route permit (may be omitted when there is only one).

    Raises
    ------
    InvalidInput
        For a route permit with several corridors and none chosen; UnknownName for an unknown
        corridor.
    """
    app = permit.application
    band = (app.altitude_band.min_agl_m, app.altitude_band.max_agl_m)
    margin = None if aircraft is None else contingency_margin_m(aircraft)
    if app.kind == "area":
        return PermitEnvelope(kind="area", area=app.area, altitude_agl_m=band,
                              contingency_margin_m=margin, special_zone=True)
    if corridor is None:
        if len(app.corridors) != 1:
            raise InvalidInput(f"permit {permit.number}: name one of its "
                               f"{len(app.corridors)} corridors")
        chosen = app.corridors[0]
    else:
        found = [c for c in app.corridors if c.id == corridor]
        if not found:
            raise UnknownName("corridor", corridor, [c.id for c in app.corridors])
        chosen = found[0]
    return PermitEnvelope(kind="corridor", route=chosen.route, half_width_m=chosen.half_width_m,
                          altitude_agl_m=band, contingency_margin_m=margin, special_zone=True)
