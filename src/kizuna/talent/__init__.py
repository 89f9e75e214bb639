"""Semiconductor talent for the industrial-hub zone (Miyagi, Kumamoto): demand, supply, the gap.

Pure: typed values in, typed values out. The model (DOMAIN.md section 7):

- :mod:`~kizuna.talent.model`: hiring plans, programmes and foreign supply;
- :mod:`~kizuna.talent.forecast`: demand, domestic and foreign supply and the gap per year and
  role family (the ``kizuna talent forecast`` contract, :mod:`~kizuna.talent.contract`);
- :mod:`~kizuna.talent.levers`: what a prefecture can change, and a scenario beside the base;
- :mod:`~kizuna.talent.access`: who may read and change which rows;
- :mod:`~kizuna.talent.internship`: students' applications matched to employers' places;
- :mod:`~kizuna.talent.published`: the published figures the demo seeds, each with its source.
"""

from __future__ import annotations

from kizuna.talent.forecast import Forecast, ForecastRow, TalentPlan, forecast
from kizuna.talent.levers import (
    AddProgramme,
    AddSeats,
    Comparison,
    ComparisonRow,
    Lever,
    SetShare,
    Share,
    apply_levers,
    compare,
)
from kizuna.talent.model import (
    ForeignSupply,
    HiringPlan,
    Programme,
    ProgrammeKind,
    RoleFamily,
    SeatChange,
)

__all__ = [
    "AddProgramme",
    "AddSeats",
    "Comparison",
    "ComparisonRow",
    "Forecast",
    "ForecastRow",
    "ForeignSupply",
    "HiringPlan",
    "Lever",
    "Programme",
    "ProgrammeKind",
    "RoleFamily",
    "SeatChange",
    "SetShare",
    "Share",
    "TalentPlan",
    "apply_levers",
    "compare",
    "forecast",
]
