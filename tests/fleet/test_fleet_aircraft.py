"""Aircraft: registration marks, airframe certificates and their expiry."""

from __future__ import annotations

from datetime import date

import pytest

from kizuna.errors import InvalidInput
from kizuna.fleet import Aircraft, Certification, profile

PF2 = profile("pf2-cat3")


@pytest.mark.parametrize("mark", ["JU3D4E5F6G7", "ju3d4e5f6g7h", "JA3D4E5F6G7H", "JU3D4E5F6G7H8",
                                  "JU3D4E5F6G7-", ""])
def test_bad_registration_mark_is_rejected(mark: str) -> None:
    """Anything but JU + 10 upper-case letters or digits is not an MLIT mark."""
    with pytest.raises(InvalidInput, match="is not an MLIT mark"):
        Aircraft(mark, PF2)


def test_good_registration_mark_is_accepted() -> None:
    """JU + 10 characters is accepted, with no certificate by default."""
    a = Aircraft("JU3D4E5F6G7H", PF2)
    assert a.certificate is Certification.NONE


def test_certificate_without_expiry_is_rejected() -> None:
    """An airframe certificate must say when it expires."""
    with pytest.raises(InvalidInput, match="certificate needs an expiry date") as exc:
        Aircraft("JU3D4E5F6G7H", PF2, Certification.FIRST_CLASS)
    assert exc.value.field == "certificate_expiry"


def test_certificate_string_is_coerced() -> None:
    """A certificate given as its JSON string becomes the enum."""
    a = Aircraft("JU3D4E5F6G7H", PF2, "second_class", date(2027, 1, 1))  # type: ignore[arg-type]
    assert a.certificate is Certification.SECOND_CLASS


def test_empty_remote_id_is_rejected() -> None:
    """A blank Remote ID is an error; None means none fitted."""
    with pytest.raises(InvalidInput, match="empty Remote ID"):
        Aircraft("JU3D4E5F6G7H", PF2, remote_id="  ")


def test_certificate_lapses_after_its_expiry_day() -> None:
    """The certificate is in force up to and including its expiry day, then none."""
    a = Aircraft("JU3D4E5F6G7H", PF2, Certification.FIRST_CLASS, date(2026, 3, 31))
    assert a.certificate_on(date(2026, 3, 31)) is Certification.FIRST_CLASS
    assert a.certificate_on(date(2026, 4, 1)) is Certification.NONE


def test_registration_expiry() -> None:
    """Registration is in force until its expiry day; no expiry means in force."""
    a = Aircraft("JU3D4E5F6G7H", PF2, registration_expiry=date(2027, 6, 30))
    assert a.registered_on(date(2027, 6, 30))
    assert not a.registered_on(date(2027, 7, 1))
    assert Aircraft("JU3D4E5F6G7H", PF2).registered_on(date(2099, 1, 1))
