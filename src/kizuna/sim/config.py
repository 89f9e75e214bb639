"""Settings of a simulated service day (every figure configurable, seeded)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kizuna.dispatch import DispatchSettings
from kizuna.errors import InvalidInput

__all__ = ["DAILY_PROFILE", "FaultRates", "SimConfig", "WindModel"]

# Relative order intensity by local clock hour (0-23): morning and mid-afternoon peaks.
DAILY_PROFILE: tuple[float, ...] = (
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.3, 0.6, 1.0, 1.3, 1.2,
    0.8, 0.9, 1.2, 1.1, 0.8, 0.5, 0.3, 0.1, 0.0, 0.0, 0.0, 0.0,
)


@dataclass(frozen=True)
class WindModel:
    """Mean-reverting (Ornstein-Uhlenbeck) wind speed, m/s, updated every ``step_s``."""

    mean_mps: float = 4.0
    reversion_per_h: float = 0.5
    sigma_mps_per_sqrt_h: float = 2.0
    start_mps: float = 3.5
    step_s: float = 600.0


@dataclass(frozen=True)
class FaultRates:
    """Fault probabilities per flight and the out-of-service rate per aircraft-day."""

    link_loss_per_flight: float = 0.01
    battery_anomaly_per_flight: float = 0.005
    out_of_service_per_aircraft_day: float = 0.05
    out_of_service_h: float = 3.0


@dataclass(frozen=True)
class SimConfig:
    """One simulated day.

    ``orders_per_day`` overrides the demand derived from settlement populations
    (``population * shopping_difficulty_share * orders_per_person_day``).

    Scheduled island runs leave the island base every ``island_run_every_h`` hours (0: none)
    while orders arrive, on up to ``island_run_aircraft`` aircraft; PyVRP runs
    ``island_run_iterations`` iterations; besides full-payload trips, trips carrying at most
    ``island_light_fraction`` of the payload may go further (the far island).
    """

    scenario: str = "goto"
    hours: float = 8.0
    seed: int = 1
    aircraft: int = 6
    orders_per_day: float | None = None
    shopping_difficulty_share: float = 0.08
    orders_per_person_day: float = 0.03
    drain_h: float = 2.0
    medicine_share: float = 0.15
    cold_chain_share: float = 0.05
    dangerous_share: float = 0.005
    later_window_share: float = 0.1
    daily_profile: tuple[float, ...] = DAILY_PROFILE
    wind: WindModel = field(default_factory=WindModel)
    faults: FaultRates = field(default_factory=FaultRates)
    dispatch: DispatchSettings = field(default_factory=DispatchSettings)
    settlements: tuple[str, ...] | None = None
    sample_s: float = 600.0
    island_run_every_h: float = 2.0
    island_run_aircraft: int = 1
    island_run_iterations: int = 200
    island_light_fraction: float = 0.4

    def __post_init__(self) -> None:
        if not 0 < self.hours <= 24:
            raise InvalidInput(f"hours must be in (0, 24], got {self.hours}", field="hours")
        if self.aircraft < 1:
            raise InvalidInput("aircraft must be at least 1", field="aircraft")
        if self.orders_per_day is not None and self.orders_per_day < 0:
            raise InvalidInput("orders_per_day must be >= 0", field="orders_per_day")
        if self.island_run_every_h < 0 or self.island_run_aircraft < 1:
            raise InvalidInput("island runs: every_h >= 0 and at least one aircraft",
                               field="island_run_every_h")
        if not 0 < self.island_light_fraction <= 1:
            raise InvalidInput("island_light_fraction must be in (0, 1]",
                               field="island_light_fraction")
        if len(self.daily_profile) != 24 or min(self.daily_profile) < 0:
            raise InvalidInput("daily_profile: 24 non-negative hourly weights",
                               field="daily_profile")
        if not 0 <= self.shopping_difficulty_share <= 1:
            raise InvalidInput("shopping_difficulty_share must be in [0, 1]",
                               field="shopping_difficulty_share")
