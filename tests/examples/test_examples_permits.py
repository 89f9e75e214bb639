"""The example permits ship in the package and are read from it, never from docs/."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidFile
from kizuna.examples import PERMIT_EXAMPLES, permit_example, permit_example_path
from kizuna.permits import Permit, parse_permit
from kizuna.sim import world


@pytest.mark.parametrize("name", PERMIT_EXAMPLES)
def test_every_example_is_packaged_json(name: str) -> None:
    """Each listed example is a file of the package and parses as a JSON object."""
    assert permit_example_path(name).is_file()
    assert isinstance(permit_example(name), dict)


def test_the_list_names_every_packaged_example() -> None:
    """No example file is left out of PERMIT_EXAMPLES (nor listed without a file)."""
    folder = permit_example_path(PERMIT_EXAMPLES[0])
    packaged = sorted(p.name for p in folder.parent.iterdir()  # type: ignore[attr-defined]
                      if p.name.endswith((".json", ".geojson")))
    assert packaged == sorted(PERMIT_EXAMPLES)


def test_the_aokata_permit_is_a_level_4_area_permit() -> None:
    """The packaged Aokata permit parses as the permit the Goto simulation flies under."""
    permit = parse_permit(permit_example("aokata-permit.json"))
    assert isinstance(permit, Permit) and permit.number


def test_a_missing_example_is_an_error_naming_it() -> None:
    """A file missing from the package raises InvalidFile with its name, never returns nothing."""
    with pytest.raises(InvalidFile, match=r"no-such-permit\.json.*missing from the installed"):
        permit_example("no-such-permit.json")


def test_the_simulator_refuses_to_run_without_its_permit(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """If the scenario's permit is missing, building the world fails; it does not fly a day
    with no Level 4 permit."""
    monkeypatch.setitem(world._PERMITS, "goto", ("aokata-permit-missing.json",))
    with pytest.raises(InvalidFile, match=r"aokata-permit-missing\.json"):
        world.build_world("goto", 1, seed=0)
