"""The live stream refuses bad cursors with 422 (never a 500 or a broken stream) and holds at
most ``max_streams_per_user`` open streams per user."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from api_support import Api

URL = "/api/v1/live/positions?timeout_s=1.5&poll_s=0.05"


@pytest.mark.parametrize("header", ["²", "١٢", "-1", "1e3", "9" * 23])
def test_bad_last_event_ids_are_422(api: Api, header: str) -> None:
    """Superscripts and Arabic-Indic digits pass str.isdigit but are no event id."""
    headers = {**api.headers("reg_nagasaki"), "Last-Event-ID": header.encode()}
    r = api.client.get(URL, headers=headers)
    assert r.status_code == 422, r.text
    assert r.json()["field"] == "Last-Event-ID"


def test_a_23_digit_after_is_422(api: Api) -> None:
    """?after= beyond a 64-bit id is refused before the stream starts."""
    r = api.client.get(f"{URL}&after={'9' * 23}", headers=api.headers("reg_nagasaki"))
    assert r.status_code == 422, r.text


def test_streams_per_user_are_limited(api: Api) -> None:
    """Of six streams one user opens at once, the limit's worth run and the rest are 429;
    another user still gets one; closed streams free their slots."""
    h = api.headers("reg_nagasaki")
    limit = api.state.settings.max_streams_per_user
    start = threading.Barrier(limit + 2)

    def open_stream(headers: dict[str, str]) -> int:
        start.wait()
        return api.client.get(URL, headers=headers).status_code

    with ThreadPoolExecutor(limit + 2) as pool:
        got = list(pool.map(open_stream, [h] * (limit + 1) + [api.headers("reg_fukushima")]))
    assert sorted(got[:-1]) == [200] * limit + [429]
    assert got[-1] == 200
    assert api.state.streams == {}
    assert api.client.get(URL, headers=h).status_code == 200
