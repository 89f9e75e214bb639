"""The forecast: demand against domestic and foreign supply, per year and role family.

For each year Y from ``from_year`` to ``to_year`` and each role family R that appears in any
row (a hiring plan, a programme or a foreign row):

- ``demand``: the sum of ``hires`` over the hiring plans of year Y and role R;
- ``domestic``: the sum of ``seats x semiconductor_share x stay_share`` over the programmes of
  role R that graduate a cohort in Y (``first_graduates <= Y <= last_graduates``, when given);
- ``foreign``: the sum of ``people`` over the foreign rows of year Y and role R;
- ``supply = domestic + foreign`` and ``gap = demand - supply`` (positive: short of people);
- ``cumulative_gap``: the running sum of ``gap`` per role family, from ``from_year``.

Rows are sorted by year, then role family (by name). Nothing is rounded: ``domestic``,
``supply`` and the gaps are floats, ``demand`` and ``foreign`` whole numbers. Sums run over the
rows in the order given, so the same input gives the same floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kizuna.errors import InvalidInput
from kizuna.talent.model import ForeignSupply, HiringPlan, Programme, RoleFamily, check_year

__all__ = ["MAX_FORECAST_YEARS", "Forecast", "ForecastRow", "TalentPlan", "forecast"]

#: The longest forecast, in years (the consortium plans ten years ahead; this leaves room).
MAX_FORECAST_YEARS = 60


@dataclass(frozen=True)
class TalentPlan:
    """Everything one forecast reads: the horizon and the three kinds of row.

    Raises `InvalidInput` for ``to_year`` before ``from_year``, a horizon longer than
    `MAX_FORECAST_YEARS`, or two programmes with one id.
    """

    from_year: int
    to_year: int
    demand: tuple[HiringPlan, ...] = ()
    programmes: tuple[Programme, ...] = ()
    foreign: tuple[ForeignSupply, ...] = ()

    def __post_init__(self) -> None:
        check_year(self.from_year, "from_year")
        check_year(self.to_year, "to_year")
        if self.to_year < self.from_year:
            raise InvalidInput(f"to_year: {self.to_year} is before from_year {self.from_year}",
                               field="to_year")
        if self.to_year - self.from_year + 1 > MAX_FORECAST_YEARS:
            raise InvalidInput(f"to_year: at most {MAX_FORECAST_YEARS} years a forecast",
                               field="to_year")
        seen: set[str] = set()
        for n, p in enumerate(self.programmes):
            if p.id in seen:
                raise InvalidInput(f"programmes.{n}.id: duplicate programme id {p.id!r}",
                                   field=f"programmes.{n}.id")
            seen.add(p.id)

    def roles(self) -> tuple[RoleFamily, ...]:
        """The role families that appear in any row, sorted by name."""
        found = ({d.role for d in self.demand} | {p.role for p in self.programmes}
                 | {f.role for f in self.foreign})
        return tuple(sorted(found, key=lambda r: r.value))


@dataclass(frozen=True)
class ForecastRow:
    """One year and role family of the forecast."""

    year: int
    role: RoleFamily
    demand: int
    domestic: float
    foreign: int
    supply: float
    gap: float
    cumulative_gap: float


@dataclass(frozen=True)
class Forecast:
    """The rows, and the totals over all of them (sums of the rows' columns)."""

    rows: tuple[ForecastRow, ...]
    demand: int
    supply: float
    gap: float


def forecast(plan: TalentPlan, roles: Sequence[RoleFamily] | None = None) -> Forecast:
    """Demand, supply and the gap for every year of ``plan`` and role family in it.

    ``roles`` replaces the role families of ``plan`` (a comparison shows the same ones on
    both sides).
    """
    roles = plan.roles() if roles is None else tuple(roles)
    running = {r: 0.0 for r in roles}
    rows: list[ForecastRow] = []
    for year in range(plan.from_year, plan.to_year + 1):
        for role in roles:
            demand = sum(d.hires for d in plan.demand if d.year == year and d.role is role)
            domestic = float(sum(p.domestic_in(year) for p in plan.programmes if p.role is role))
            foreign = sum(f.people for f in plan.foreign if f.year == year and f.role is role)
            supply = domestic + foreign
            gap = demand - supply
            running[role] += gap
            rows.append(ForecastRow(year, role, demand, domestic, foreign, supply, gap,
                                    running[role]))
    return Forecast(rows=tuple(rows), demand=sum(r.demand for r in rows),
                    supply=float(sum(r.supply for r in rows)),
                    gap=float(sum(r.gap for r in rows)))

