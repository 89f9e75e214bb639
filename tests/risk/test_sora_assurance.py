"""Integrity and assurance: evidence behind claimed mitigations and required OSOs."""

from __future__ import annotations

import pytest

from kizuna.errors import InvalidInput
from kizuna.risk.arc import AirspaceEnvironment
from kizuna.risk.assurance import Evidence, assurance_items, gaps
from kizuna.risk.mitigations import GroundMitigations, MitigationLevel
from kizuna.risk.oso import required_osos
from kizuna.risk.sail import Sail
from kizuna.risk.sora import SoraOperation, assess_sora


def test_claimed_mitigation_without_evidence_is_a_gap() -> None:
    """M1A claimed low with no evidence: 'claimed_no_evidence', counted as a gap."""
    mit = GroundMitigations(m1a=MitigationLevel.LOW, m2=MitigationLevel.MEDIUM)
    items = assurance_items(mit, required_osos(Sail.II),
                            {"M2": Evidence(certificate="ASTM F3322 cert 123")})
    status = {i.id: i.status for i in items}
    assert status["M1A"] == "claimed_no_evidence"
    assert status["M2"] == "evidenced"
    assert status["M1B"] == status["M1C"] == "not_claimed"
    assert "M1A" in {g.id for g in gaps(items)}


def test_required_osos_without_evidence_are_counted() -> None:
    """SAIL II: 11 OSOs required; with evidence for OSO01 only, 10 OSO gaps remain."""
    items = assurance_items(GroundMitigations(), required_osos(Sail.II),
                            {"OSO01": Evidence(document="Ops manual", section="2.1")})
    oso_gaps = [g for g in gaps(items) if g.kind == "oso"]
    assert len(oso_gaps) == 10
    assert {i.id: i.status for i in items}["OSO02"] == "not_required"


def test_evidence_does_not_change_the_sail() -> None:
    """The SAIL is computed from the claims alone (evidence is not an input of the chain)."""
    op = SoraOperation(characteristic_dimension_m=1.2, max_speed_mps=15, mass_kg=9.8,
                       population_density=300,
                       environment=AirspaceEnvironment.UNCONTROLLED_RURAL,
                       mitigations=GroundMitigations(m1a=MitigationLevel.LOW))
    before = assess_sora(op).sail
    assurance_items(op.mitigations, required_osos(before), {})
    assert assess_sora(op).sail == before


def test_empty_evidence_and_unknown_items_are_refused() -> None:
    """Evidence needs at least one reference; an unknown item names itself."""
    with pytest.raises(InvalidInput, match="evidence"):
        Evidence()
    with pytest.raises(InvalidInput, match="OSO99"):
        assurance_items(GroundMitigations(), required_osos(Sail.I),
                        {"OSO99": Evidence(document="x")})
