"""Fleet values: aircraft profiles, aircraft, pilots and bases."""

from kizuna.fleet.aircraft import Aircraft
from kizuna.fleet.base import Base, Pad
from kizuna.fleet.pilot import AircraftKind, Pilot, licence_covers
from kizuna.fleet.profiles import AircraftProfile, Certification, load_profiles, profile

__all__ = [
    "Aircraft",
    "AircraftKind",
    "AircraftProfile",
    "Base",
    "Certification",
    "Pad",
    "Pilot",
    "licence_covers",
    "load_profiles",
    "profile",
]
