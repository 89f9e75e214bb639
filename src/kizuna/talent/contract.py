"""The JSON contract of ``kizuna talent forecast`` (documented in ``docs/talent.md``).

Input::

    {"from_year": 2026, "to_year": 2030,
     "demand": [{"employer": "JASM", "year": 2026, "role": "engineer", "hires": 500}],
     "programmes": [{"id": "kumamoto-u-device", "prefecture": "熊本県", "kind": "university",
                     "role": "engineer", "seats": 20, "first_graduates": 2027,
                     "semiconductor_share": 0.5, "stay_share": 0.6}],
     "foreign": [{"year": 2026, "role": "engineer", "people": 40}]}

``last_graduates`` is optional on a programme; ``demand``, ``programmes`` and ``foreign`` may
be omitted (no rows). Unknown keys, shares outside [0, 1], negative counts, an unknown role or
kind, ``to_year`` before ``from_year`` and a duplicate programme id are refused.

Output::

    {"years": [{"year": 2026, "role": "engineer", "demand": 500, "domestic": 0.0,
                "foreign": 40, "supply": 40.0, "gap": 460.0, "cumulative_gap": 460.0}],
     "total": {"demand": 500, "supply": 40.0, "gap": 460.0}}
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, TypeAdapter

from kizuna.talent.forecast import Forecast, ForecastRow, TalentPlan
from kizuna.talent.levers import AddProgramme, AddSeats, Lever, SetShare, Share
from kizuna.talent.model import ForeignSupply, HiringPlan, Programme, ProgrammeKind, RoleFamily

__all__ = [
    "LEVERS",
    "AddProgrammeIn",
    "AddSeatsIn",
    "DemandIn",
    "ForecastRequest",
    "ForeignIn",
    "LeverIn",
    "ProgrammeIn",
    "SetShareIn",
    "forecast_json",
    "row_json",
]

_STRICT = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)
RoleName = Literal["engineer", "technician", "operator"]
KindName = Literal["kosen", "university", "technical_high_school", "reskilling"]
Count = Annotated[StrictInt, Field(ge=0)]
ShareValue = Annotated[StrictFloat, Field(ge=0.0, le=1.0)]  # ints 0 and 1 are accepted
Year = Annotated[StrictInt, Field(ge=1990, le=2100)]
Name = Annotated[StrictStr, Field(min_length=1, max_length=200)]


class DemandIn(BaseModel):
    """One employer's planned hires of one role family in one year."""

    model_config = _STRICT

    employer: Name
    year: Year
    role: RoleName
    hires: Count

    def to_domain(self) -> HiringPlan:
        """The domain `HiringPlan`."""
        return HiringPlan(self.employer, self.year, RoleFamily(self.role), self.hires)


class ProgrammeIn(BaseModel):
    """One training programme."""

    model_config = _STRICT

    id: Name
    prefecture: Name
    kind: KindName
    role: RoleName
    seats: Count
    first_graduates: Year
    last_graduates: Year | None = None
    semiconductor_share: ShareValue
    stay_share: ShareValue

    def to_domain(self) -> Programme:
        """The domain `Programme` (raises `InvalidInput` for last before first graduates)."""
        return Programme(id=self.id, prefecture=self.prefecture, kind=ProgrammeKind(self.kind),
                         role=RoleFamily(self.role), seats=self.seats,
                         first_graduates=self.first_graduates,
                         last_graduates=self.last_graduates,
                         semiconductor_share=self.semiconductor_share,
                         stay_share=self.stay_share)


class ForeignIn(BaseModel):
    """People of one role family from abroad in one year."""

    model_config = _STRICT

    year: Year
    role: RoleName
    people: Count

    def to_domain(self) -> ForeignSupply:
        """The domain `ForeignSupply`."""
        return ForeignSupply(self.year, RoleFamily(self.role), self.people)


class ForecastRequest(BaseModel):
    """The horizon and the rows of one forecast."""

    model_config = _STRICT

    from_year: Year
    to_year: Year
    demand: Annotated[list[DemandIn], Field(max_length=100_000)] = []
    programmes: Annotated[list[ProgrammeIn], Field(max_length=10_000)] = []
    foreign: Annotated[list[ForeignIn], Field(max_length=100_000)] = []

    def to_plan(self) -> TalentPlan:
        """The domain `TalentPlan` (raises `InvalidInput` for the cross-row rules)."""
        return TalentPlan(from_year=self.from_year, to_year=self.to_year,
                          demand=tuple(d.to_domain() for d in self.demand),
                          programmes=tuple(p.to_domain() for p in self.programmes),
                          foreign=tuple(f.to_domain() for f in self.foreign))


class AddSeatsIn(BaseModel):
    """Lever: ``seats`` more graduates a year of a programme from graduating year ``from_year``."""

    model_config = _STRICT

    kind: Literal["add_seats"]
    programme_id: Name
    from_year: Year
    seats: Annotated[StrictInt, Field(ge=1, le=100_000)]

    def to_domain(self) -> Lever:
        """The domain `AddSeats`."""
        return AddSeats(self.programme_id, self.from_year, self.seats)


class SetShareIn(BaseModel):
    """Lever: one of a programme's shares set to ``value``."""

    model_config = _STRICT

    kind: Literal["set_share"]
    programme_id: Name
    share: Literal["semiconductor_share", "stay_share"]
    value: ShareValue

    def to_domain(self) -> Lever:
        """The domain `SetShare`."""
        return SetShare(self.programme_id, Share(self.share), self.value)


class AddProgrammeIn(BaseModel):
    """Lever: a new programme (a reskilling course), with its names for the register."""

    model_config = _STRICT

    kind: Literal["add_programme"]
    programme: ProgrammeIn
    name_ja: Annotated[StrictStr, Field(max_length=200)] = ""
    name_en: Annotated[StrictStr, Field(max_length=200)] = ""

    def to_domain(self) -> Lever:
        """The domain `AddProgramme`."""
        return AddProgramme(self.programme.to_domain())


#: One lever, told apart by ``kind``.
LeverIn = Annotated[AddSeatsIn | SetShareIn | AddProgrammeIn, Field(discriminator="kind")]
#: Reads and checks a stored list of levers.
LEVERS: TypeAdapter[list[LeverIn]] = TypeAdapter(list[LeverIn])


def row_json(row: ForecastRow) -> dict[str, Any]:
    """One forecast row in the output shape."""
    return {"year": row.year, "role": row.role.value, "demand": row.demand,
            "domestic": row.domestic, "foreign": row.foreign, "supply": row.supply,
            "gap": row.gap, "cumulative_gap": row.cumulative_gap}


def forecast_json(result: Forecast) -> dict[str, Any]:
    """The forecast in the CLI's output shape (numbers as computed, never rounded)."""
    return {"years": [row_json(r) for r in result.rows],
            "total": {"demand": result.demand, "supply": result.supply, "gap": result.gap}}
