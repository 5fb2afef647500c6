"""Build Afghanistan's 398 districts from geoBoundaries gbOpen AFG ADM2.

Copies the source files (checked against their SHA256SUMS) into ``data/boundaries/geoboundaries/``
and writes, beside the provinces:

- ``afghanistan_districts.csv``: per district a stable id (province code + folded name), the
  name as we write it, the source's name, its province (derived: the province holding most of its
  area, checked against the province of its label point), aliases, area and label point;
- ``afghanistan_districts_display.geojson``: the outlines simplified as one topology (shared edges
  stay shared), for drawing;
- ``districts_build_info.json``: checksums, coverage (gaps and overlaps against the provinces)
  and sizes.

Run from the repository root: ``python scripts/build_districts.py [--source DIR]``.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import topojson
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo.crs import EQUAL_AREA_CRS  # noqa: E402
from geo.names import name_key  # noqa: E402

OUT = ROOT / "data" / "boundaries"
COPY = OUT / "geoboundaries"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "districts"
SOURCE_FILES = ["geoBoundaries-AFG-ADM2.topojson", "geoBoundaries-AFG-ADM2-metaData.json",
                "geoBoundaries-AFG-ADM2-metaData.txt", "CITATION-AND-USE-geoBoundaries.txt",
                "README.md"]
# ~550 m: districts are drawn from zoom 7 up, where a pixel is ~1 km.
SIMPLIFY_TOLERANCE_DEG = 0.005
CURATED = OUT / "district_names.csv"
# Districts whose province the overlap with Natural Earth's provinces gets wrong, with why.
PROVINCE_FIXES = OUT / "district_provinces.csv"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_sums(src: Path) -> dict[str, str]:
    sums = {}
    for line in (src / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.strip()] = digest
    for name in SOURCE_FILES:
        if name in sums and sha256(src / name) != sums[name]:
            sys.exit(f"{src / name}: checksum differs from SHA256SUMS")
    return sums


def clean_name(raw: str) -> str:
    """'Dahana-I- Ghuri' -> 'Dahana-i-Ghuri', 'Khost(Matun)' -> 'Khost (Matun)', 'Hese- Awal'
    -> 'Hese-Awal', stray
    newlines and double spaces gone; the source's spelling is kept in ``source_name``."""
    text = " ".join(str(raw).split())
    text = re.sub(r"-\s*I\s*-\s*", "-i-", text, flags=re.I)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s*\(\s*", " (", text)
    text = re.sub(r"\s*\)", ")", text)
    return text


def automatic_aliases(name: str) -> list[str]:
    """The parts of 'Ali Khail (Jaji)' (both names are in use) and the name without ezafe."""
    out = []
    m = re.match(r"^(.*?) \((.*)\)$", name)
    if m:
        out += [m.group(1).strip(), m.group(2).strip()]
    if "-i-" in name:
        out.append(name.replace("-i-", " "))
    return [a for a in out if a and a != name]


def polygonal(geoms):
    """make_valid, keeping only the polygons (a repaired ring can leave a stray line or point,
    which a map cannot draw as a GeometryCollection)."""
    out = []
    for g in shapely.make_valid(geoms, method="structure", keep_collapsed=False):
        if g.geom_type == "GeometryCollection":
            g = shapely.union_all([p for p in g.geoms
                                   if p.geom_type in ("Polygon", "MultiPolygon")])
        out.append(g)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                    help="folder holding the geoBoundaries files and their SHA256SUMS")
    args = ap.parse_args()
    sums = check_sums(args.source)
    COPY.mkdir(parents=True, exist_ok=True)
    for name in SOURCE_FILES:
        shutil.copyfile(args.source / name, COPY / name)
    (COPY / "SHA256SUMS").write_text("".join(f"{sums[n]}  {n}\n" for n in SOURCE_FILES
                                             if n in sums))

    raw = gpd.read_file(COPY / SOURCE_FILES[0], engine="pyogrio").set_crs("EPSG:4326")
    invalid = int((~raw.is_valid).sum())
    raw["geometry"] = polygonal(raw.geometry.values)
    prov = gpd.read_file(OUT / "afghanistan_provinces.geojson", engine="pyogrio")
    d_ea = raw.to_crs(EQUAL_AREA_CRS)
    p_ea = prov.to_crs(EQUAL_AREA_CRS)
    curated = {}
    if CURATED.exists():
        with CURATED.open(newline="", encoding="utf-8") as fh:
            curated = {r["id"]: r for r in csv.DictReader(fh)}

    fixes = pd.read_csv(PROVINCE_FIXES, dtype=str).set_index("shape_id")
    rows = []
    for i, d in raw.iterrows():
        geom = d_ea.geometry.iloc[i]
        shares = p_ea.geometry.intersection(geom).area / geom.area
        k = int(shares.idxmax())
        label = polylabel(max(getattr(d.geometry, "geoms", [d.geometry]), key=lambda g: g.area),
                          tolerance=0.002)
        label_iso = prov.iso[prov.contains(label)].tolist()
        name = clean_name(d.shapeName)
        derived_iso = prov.iso.iloc[k]
        fixed = fixes.province_iso.get(d.shapeID)
        iso = fixed or derived_iso
        did = f"{iso}-{name_key(name).upper()}"
        rows.append({"id": did, "name": name, "source_name": str(d.shapeName).strip(),
                     "province_iso": iso, "province": prov.name[prov.iso == iso].iloc[0],
                     "province_share": round(float(shares[prov.iso == iso].iloc[0]), 3),
                     "province_fixed": bool(fixed),
                     "label_province_iso": label_iso[0] if label_iso else "",
                     "area_km2": round(geom.area / 1e6, 1),
                     "label_lat": round(label.y, 4), "label_lon": round(label.x, 4),
                     "shape_id": d.shapeID})
    table = pd.DataFrame(rows)
    if table.id.duplicated().any():
        sys.exit(f"duplicate district ids: {table.id[table.id.duplicated()].tolist()}")
    missing = sorted(set(prov.iso) - set(table.province_iso))
    if missing:
        sys.exit(f"provinces without a district: {missing}")
    for did in curated:
        if did not in set(table.id):
            sys.exit(f"district_names.csv names {did}, which the source does not have")
    table["name_fa"] = [curated.get(i, {}).get("name_fa", "") for i in table.id]
    table["aliases"] = ["|".join(dict.fromkeys(
        automatic_aliases(n) + [a for a in curated.get(i, {}).get("aliases", "").split("|") if a]))
        for i, n in zip(table.id, table.name)]

    # Coverage against the provinces (different sources: Natural Earth 10m and AIMS).
    d_union = d_ea.union_all()
    p_union = p_ea.union_all()
    overlap = float(d_ea.area.sum() - d_union.area)
    coverage = {
        "districts": len(table), "invalid_in_source_made_valid": invalid,
        "district_area_km2": round(d_union.area / 1e6),
        "province_area_km2": round(p_union.area / 1e6),
        "provinces_not_covered_by_districts_km2": round(p_union.difference(d_union).area / 1e6),
        "districts_outside_provinces_km2": round(d_union.difference(p_union).area / 1e6),
        "district_overlaps_km2": round(overlap / 1e6, 1),
        "min_province_share": float(table.province_share.min()),
        "districts_under_90pct_in_their_province": int((table.province_share < 0.9).sum()),
        "label_point_in_another_province": table.loc[
            table.label_province_iso != table.province_iso, "id"].tolist(),
        "province_fixed_by_hand": table.loc[table.province_fixed, "id"].tolist(),
        "districts_per_province": table.groupby("province_iso").size().to_dict(),
    }

    topo = topojson.Topology(raw[["shapeID", "geometry"]], prequantize=False,
                             toposimplify=SIMPLIFY_TOLERANCE_DEG)
    simple = topo.to_gdf().set_crs("EPSG:4326", allow_override=True)
    by_shape = dict(zip(simple.shapeID, simple.geometry))
    display = gpd.GeoDataFrame(table[["id", "name", "province_iso", "province"]].copy(),
                               geometry=[by_shape[s] for s in table.shape_id], crs="EPSG:4326")
    display["geometry"] = polygonal(display.geometry.values)
    kinds = set(display.geom_type)
    if kinds - {"Polygon", "MultiPolygon"}:
        sys.exit(f"display outlines of unexpected kinds: {kinds}")
    display = display.sort_values("id").reset_index(drop=True)
    disp_ea = display.to_crs(EQUAL_AREA_CRS)
    coverage["display_overlaps_km2"] = round(float(disp_ea.area.sum() -
                                                   disp_ea.union_all().area) / 1e6, 1)
    coverage["display_area_change_km2"] = round(float(disp_ea.union_all().area -
                                                      d_union.area) / 1e6, 1)
    out = OUT / "afghanistan_districts_display.geojson"
    out.unlink(missing_ok=True)
    display.to_file(out, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=5,
                    RFC7946="YES", WRITE_BBOX="NO")
    cols = ["id", "name", "name_fa", "province_iso", "province", "aliases", "source_name",
            "shape_id", "area_km2", "label_lat", "label_lon", "province_share",
            "label_province_iso", "province_fixed"]
    table[cols].sort_values("id").to_csv(OUT / "afghanistan_districts.csv", index=False)
    info = {
        "source": "geoBoundaries gbOpen AFG ADM2 (build of 12 Dec 2023; AIMS and Esri, 2014)",
        "licence": "Public Domain (see geoboundaries/geoBoundaries-AFG-ADM2-metaData.json)",
        "source_sha256": {n: sums[n] for n in SOURCE_FILES if n in sums},
        "simplify_tolerance_deg": SIMPLIFY_TOLERANCE_DEG,
        "vertices_full": int(shapely.get_num_coordinates(raw.geometry.values).sum()),
        "vertices_display": int(shapely.get_num_coordinates(display.geometry.values).sum()),
        "display_bytes": out.stat().st_size,
        "coverage": coverage,
    }
    (OUT / "districts_build_info.json").write_text(json.dumps(info, indent=1) + "\n")
    print(json.dumps(info, indent=1))


if __name__ == "__main__":
    main()
