"""Fleet values: aircraft profiles, aircraft, pilots and bases."""

from kizuna.fleet.aircraft import Aircraft
from kizuna.fleet.base import Base, Pad
from kizuna.fleet.pilot import Pilot
from kizuna.fleet.profiles import AircraftProfile, Certification, load_profiles, profile

__all__ = [
    "Aircraft",
    "AircraftProfile",
    "Base",
    "Certification",
    "Pad",
    "Pilot",
    "load_profiles",
    "profile",
]
