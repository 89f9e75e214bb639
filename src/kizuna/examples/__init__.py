"""Example documents shipped inside the package (package data, read with ``importlib.resources``).

``permits/``: the Aokata (Goto, Level 4 area) and Kashima (Minamisoma) applications and
permits, and the test flight areas of docs/permits.md. The simulator flies under the permits,
the demo seeds them, and the documentation's commands use them, so they ship with the
package: an installed Kizuna runs the same as a source checkout, with no path into ``docs/``.

A missing file is an error (:class:`~kizuna.errors.InvalidFile`), never a silent skip: a
simulator without its Level 4 permit would otherwise run, and report, a different day.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from kizuna.errors import InvalidFile

__all__ = ["PERMIT_EXAMPLES", "permit_example", "permit_example_path"]

#: The example permit documents, by file name.
PERMIT_EXAMPLES = (
    "aokata-application.json", "aokata-permit.json", "aokata-hospital.geojson",
    "aokata-outside.geojson", "kashima-application.json", "kashima-permit.json",
    "kashima-1.3km.geojson", "kashima-3.7km.geojson", "kashima-4.6km.geojson",
)


def permit_example_path(name: str) -> Traversable:
    """The packaged example ``name`` (a file of ``kizuna/examples/permits``).

    Raises
    ------
    InvalidFile
        When the file is not in the installed package.
    """
    path = resources.files("kizuna.examples").joinpath("permits", name)
    if not path.is_file():
        raise InvalidFile(f"kizuna/examples/permits/{name}",
                          "missing from the installed package (reinstall kizuna)")
    return path


def permit_example(name: str) -> Any:
    """The packaged example ``name``, parsed as JSON (a permit, an application or GeoJSON).

    Raises
    ------
    InvalidFile
        When the file is missing from the installed package or is not JSON.
    """
    path = permit_example_path(name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidFile(f"kizuna/examples/permits/{name}", f"not JSON ({exc})") from None
