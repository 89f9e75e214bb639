"""Tests for kizuna.geo.gsi_fgml: the FG-GML DEM that GSI's download service ships."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kizuna.errors import InvalidFile
from kizuna.geo.gsi_fgml import load_fgml_dem, read_fgml_dem


def _fgml(path: Path, tuples: list[str], *, cols: int = 3, rows: int = 2, start: str = "0 0",
          srs: str = "fguuid:jgd2011.bl", order: str = "+x-y") -> Path:
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<Dataset xmlns:gml="http://www.opengis.net/gml/3.2" xmlns="http://fgd.gsi.go.jp/spec/2008/FGD_GMLSchema">
<DEM gml:id="DEM001"><type>5mメッシュ（標高）</type><mesh>49282600</mesh>
<coverage gml:id="DEM001-3">
<gml:boundedBy><gml:Envelope srsName="{srs}">
<gml:lowerCorner>32.6 128.8</gml:lowerCorner><gml:upperCorner>32.62 128.83</gml:upperCorner>
</gml:Envelope></gml:boundedBy>
<gml:gridDomain><gml:Grid gml:id="g" dimension="2"><gml:limits><gml:GridEnvelope>
<gml:low>0 0</gml:low><gml:high>{cols - 1} {rows - 1}</gml:high>
</gml:GridEnvelope></gml:limits></gml:Grid></gml:gridDomain>
<gml:rangeSet><gml:DataBlock><gml:tupleList>
{chr(10).join(tuples)}
</gml:tupleList></gml:DataBlock></gml:rangeSet>
<gml:coverageFunction><gml:GridFunction>
<gml:sequenceRule order="{order}">Linear</gml:sequenceRule><gml:startPoint>{start}</gml:startPoint>
</gml:GridFunction></gml:coverageFunction>
</coverage></DEM></Dataset>
""", encoding="utf-8")
    return path


def test_values_run_west_to_east_then_north_to_south(tmp_path: Path) -> None:
    """Six tuples fill a 2 x 3 grid row by row from the north-west corner."""
    p = _fgml(tmp_path / "d.xml", [f"地表面,{v}" for v in (1, 2, 3, 4, 5, 6)])
    heights, transform, epsg = read_fgml_dem(p)
    assert epsg == 6668
    assert heights.tolist() == [[1, 2, 3], [4, 5, 6]]
    assert (transform.c, transform.f) == pytest.approx((128.8, 32.62))
    assert transform.a == pytest.approx(0.01) and transform.e == pytest.approx(-0.01)


def test_sea_is_zero_and_no_data_is_missing(tmp_path: Path) -> None:
    """海水面 is 0 m; データなし -9999 and cells after the last tuple are missing."""
    p = _fgml(tmp_path / "d.xml", ["地表面,12.5", "海水面,-9999.", "データなし,-9999.",
                                   "内水面,3.0"])
    heights, _, _ = read_fgml_dem(p)
    assert heights[0, :2].tolist() == [12.5, 0.0]
    assert np.isnan(heights[0, 2]) and heights[1, 0] == 3.0
    assert np.isnan(heights[1, 1:]).all()


def test_start_point_skips_leading_cells(tmp_path: Path) -> None:
    """A start point of (1, 1) puts the first tuple in row 1, column 1."""
    p = _fgml(tmp_path / "d.xml", ["地表面,7", "地表面,8"], start="1 1")
    heights, _, _ = read_fgml_dem(p)
    assert np.isnan(heights[0]).all() and heights[1, 1:].tolist() == [7, 8]


def test_jgd2000_files_are_read_in_their_datum(tmp_path: Path) -> None:
    """Files before 2011 say jgd2000: EPSG:4612."""
    p = _fgml(tmp_path / "d.xml", ["地表面,1"] * 6, srs="fguuid:jgd2000.bl")
    assert read_fgml_dem(p)[2] == 4612


def test_warped_into_a_plane_zone(tmp_path: Path) -> None:
    """Warped into JGD2011 zone I, the 100 m plateau keeps its height."""
    p = _fgml(tmp_path / "d.xml", ["地表面,100"] * 6)
    r = load_fgml_dem(p, 6669, cell_size_m=100.0)
    assert r.epsg == 6669
    assert np.nanmedian(r.values) == pytest.approx(100.0)


@pytest.mark.parametrize(("kwargs", "tuples", "problem"), [
    ({"srs": "EPSG:4326"}, ["地表面,1"], "unknown or missing srsName"),
    ({"order": "+y+x"}, ["地表面,1"], "sequence order"),
    ({}, ["地表面,1"] * 7, "more tuples than"),
    ({}, ["地表面,abc"], "is not a number"),
])
def test_bad_files_are_refused(tmp_path: Path, kwargs: dict[str, str], tuples: list[str],
                               problem: str) -> None:
    """Unsupported CRS or order, overfull grids and bad numbers: one line naming the file."""
    p = _fgml(tmp_path / "bad.xml", tuples, **kwargs)
    with pytest.raises(InvalidFile, match=problem) as info:
        read_fgml_dem(p)
    assert "bad.xml" in str(info.value)


def test_not_xml_is_refused(tmp_path: Path) -> None:
    """A file that is not XML is refused as such."""
    p = tmp_path / "x.xml"
    p.write_bytes(b"\x89PNG not xml")
    with pytest.raises(InvalidFile, match="not well-formed XML"):
        read_fgml_dem(p)
