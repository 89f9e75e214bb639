"""Scenarios: the bundled worlds (``goto``, ``minamisoma``) and their builders."""

from kizuna.scenario.catalogue import load, names, source, title
from kizuna.scenario.model import (
    Airport,
    DroneActFacility,
    EmergencyAirspace,
    NoFlyArea,
    Scenario,
    Settlement,
)

__all__ = ["Airport", "DroneActFacility", "EmergencyAirspace", "NoFlyArea", "Scenario",
           "Settlement", "load", "names", "source", "title"]
