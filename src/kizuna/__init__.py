"""Kizuna: operations platform for the Kizuna special zones (連携"絆"特区)."""

__version__ = "0.1.0"
