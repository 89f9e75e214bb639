"""Fixtures for the residency tests."""

from __future__ import annotations

import pytest

from kizuna.residency import Programme, default_programmes


@pytest.fixture
def kumamoto() -> Programme:
    """The shipped Kumamoto programme."""
    return default_programmes().get("kumamoto")
