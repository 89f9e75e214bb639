"""OSOs per SAIL (SORA 2.5 Table 14, configured in config/sora_tables.json)."""

from __future__ import annotations

import pytest

from kizuna.risk.oso import required_osos
from kizuna.risk.sail import Sail


@pytest.mark.parametrize(("sail", "count"), [
    (Sail.I, 8), (Sail.II, 11), (Sail.III, 16), (Sail.IV, 17), (Sail.V, 17), (Sail.VI, 17)])
def test_required_count_per_sail(sail: Sail, count: int) -> None:
    """DOMAIN.md: 8, 11, 16, 17, 17, 17 OSOs are required (not NR) at SAIL I-VI."""
    osos = required_osos(sail)
    assert len(osos.items) == 17
    assert osos.required_count == count
    assert sum(1 for o in osos.items if o.robustness != "NR") == count


def test_sorted_by_number_with_both_titles() -> None:
    """All 17, sorted by number, each with an English and a Japanese title."""
    ids = [o.id for o in required_osos(Sail.III).items]
    assert ids == ["OSO01", "OSO02", "OSO03", "OSO04", "OSO05", "OSO06", "OSO07", "OSO08",
                   "OSO09", "OSO13", "OSO16", "OSO17", "OSO18", "OSO19", "OSO20", "OSO23",
                   "OSO24"]
    assert all(o.title and o.title_ja for o in required_osos(Sail.III).items)


@pytest.mark.parametrize(("sail", "oso", "robustness"), [
    (Sail.I, "OSO01", "NR"), (Sail.IV, "OSO01", "H"), (Sail.II, "OSO08", "M"),
    (Sail.III, "OSO08", "H"), (Sail.V, "OSO19", "M"), (Sail.VI, "OSO19", "H"),
    (Sail.III, "OSO24", "M"), (Sail.IV, "OSO04", "L"), (Sail.IV, "OSO13", "H"),
    (Sail.I, "OSO23", "L"), (Sail.II, "OSO20", "L"), (Sail.V, "OSO04", "M"),
])
def test_cells_by_hand(sail: Sail, oso: str, robustness: str) -> None:
    """Cells read by hand from the table in DOMAIN.md section 3."""
    by_id = {o.id: o.robustness for o in required_osos(sail).items}
    assert by_id[oso] == robustness


def test_certified_has_no_list_and_says_so() -> None:
    """SAIL certified: no OSO list, and a reason saying why."""
    osos = required_osos(Sail.CERTIFIED)
    assert osos.items == ()
    assert osos.reason.code == "OSO_CERTIFIED"
    assert "certified" in osos.reason.text
