"""Applications and permits refuse bad input with a clear message."""

from __future__ import annotations

from typing import Any

import pytest
from permits_support import example
from pydantic import ValidationError

from kizuna.errors import InvalidInput
from kizuna.permits import Application, parse_permit
from kizuna.permits.dossier import build_dossier
from kizuna.scenario.model import Scenario


def app_with(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = example("aokata-application.json")
    data.update(changes)
    return data


def test_example_applications_parse() -> None:
    """Both bundled example applications are valid."""
    for name in ("aokata-application.json", "kashima-application.json"):
        Application.model_validate(example(name))


def test_self_intersecting_polygon_is_refused() -> None:
    """A bow-tie polygon is refused, naming the self-intersection."""
    bowtie = {"type": "Polygon", "coordinates": [[[129.04, 33.0], [129.06, 33.02],
                                                  [129.06, 33.0], [129.04, 33.02],
                                                  [129.04, 33.0]]]}
    with pytest.raises(ValidationError, match="Self-intersection"):
        Application.model_validate(app_with(area=bowtie))


def test_time_window_ending_before_it_starts_is_refused() -> None:
    """A daily window 16:00-09:00 is refused."""
    with pytest.raises(ValidationError, match=r"ends .* before it starts"):
        Application.model_validate(app_with(daily_windows=[{"start": "16:00", "end": "09:00"}]))


@pytest.mark.parametrize(("changes", "match"), [
    ({"entry_control": "camera"}, "Level 4 means 'none'"),
    ({"valid_to": "2025-01-01"}, "before valid_from"),
    ({"level": "3.5", "entry_control": "camera"}, "Level 4 on-demand"),
    ({"mitigations": {"M1A": "high"}}, "M1"),
    ({"aircraft": []}, "at least 1"),
])
def test_inconsistent_applications_are_refused(changes: dict[str, Any], match: str) -> None:
    """Contradictory or incomplete applications are refused with the field named."""
    with pytest.raises(ValidationError, match=match):
        Application.model_validate(app_with(**changes))


def test_polygon_outside_the_scenario_is_refused(minamisoma: Scenario) -> None:
    """The Aokata area is not in the Minamisoma scenario."""
    app = Application.model_validate(app_with(scenario="minamisoma"))
    with pytest.raises(InvalidInput, match="outside scenario 'minamisoma'"):
        build_dossier(app, minamisoma)


def test_polygon_at_sea_is_refused(goto: Scenario) -> None:
    """An area out at sea inside the scenario frame is refused."""
    sea = {"type": "Polygon", "coordinates": [[[128.95, 33.15], [128.97, 33.15],
                                               [128.97, 33.17], [128.95, 33.17],
                                               [128.95, 33.15]]]}
    with pytest.raises(InvalidInput, match="sea"):
        build_dossier(Application.model_validate(app_with(area=sea)), goto)


def test_unknown_aircraft_in_application_is_refused(goto: Scenario) -> None:
    """An application naming an aircraft not in the scenario's fleet is refused."""
    app = Application.model_validate(app_with(aircraft=["JUNOSUCH0001"]))
    with pytest.raises(InvalidInput, match="unknown aircraft"):
        build_dossier(app, goto)


@pytest.mark.parametrize("bad", [None, [], {"number": "X"},
                                 {**example("aokata-permit.json"), "state": "draft"},
                                 {**example("aokata-permit.json"), "conditions": [
                                     {"name": "be_careful"}]}])
def test_permit_that_does_not_parse_is_refused(bad: Any) -> None:
    """Anything that is not a whole, approved-shaped permit raises, never reads as permissive."""
    with pytest.raises(InvalidInput):
        parse_permit(bad)
