"""The shipped geography: codes, areas, corrections and borders checked against standards."""
import json

import pandas as pd
import pycountry
import pytest
import shapely

from geo.bands import border_bands
from geo.boundaries import DATA, border_regions, international_borders, province_borders, provinces
from geo.crs import EQUAL_AREA_CRS
from geo.lookup import locate

CAPITALS = pd.read_csv("tests/data/capitals.csv", comment="#")

# Which neighbours each border province touches (CIA World Factbook / national atlases).
EXPECTED_NEIGHBOURS = {
    "AF-BDS": {"TJ", "CN", "PK"}, "AF-TAK": {"TJ"}, "AF-KDZ": {"TJ"},
    "AF-BAL": {"TJ", "UZ", "TM"}, "AF-JOW": {"TM"}, "AF-FYB": {"TM"}, "AF-BDG": {"TM"},
    "AF-HER": {"TM", "IR"}, "AF-FRA": {"IR"}, "AF-NIM": {"IR", "PK"}, "AF-HEL": {"PK"},
    "AF-KAN": {"PK"}, "AF-ZAB": {"PK"}, "AF-PKA": {"PK"}, "AF-KHO": {"PK"}, "AF-PIA": {"PK"},
    "AF-NAN": {"PK"}, "AF-KNR": {"PK"}, "AF-NUR": {"PK"},
}


def test_34_distinct_provinces_with_iso_codes():
    prov = provinces()
    assert len(prov) == 34
    assert prov.iso.is_unique and prov.name.is_unique
    assert set(prov.iso) == {s.code for s in pycountry.subdivisions.get(country_code="AF")}


def test_total_area_close_to_642000_km2():
    total = provinces().to_crs(EQUAL_AREA_CRS).area.sum() / 1e6
    assert abs(total - 642_000) / 642_000 < 0.02
    # The stored column agrees with the geometry.
    assert abs(provinces().area_km2.sum() - total) < 50


@pytest.mark.parametrize("row", list(CAPITALS.itertuples()), ids=list(CAPITALS.capital))
def test_each_capital_falls_in_its_province(row):
    assert locate([row.lon], [row.lat]).iso[0] == row.iso


def test_source_defects_are_corrected():
    # Nili is Daykundi's capital, Bazarak Panjshir's: the source labelled them Uruzgan, Parwan.
    found = locate([66.130, 69.515, 69.226, 68.730], [33.722, 35.313, 33.597, 33.176]).iso
    assert found.tolist() == ["AF-DAY", "AF-PAN", "AF-PIA", "AF-PKA"]
    prov = provinces().set_index("iso")
    assert prov.loc["AF-DAY", "name"] == "Daykundi" and "دایکندی" in prov.loc["AF-DAY", "name_fa"]
    assert prov.loc["AF-PAN", "name"] == "Panjshir" and "پنجشیر" in prov.loc["AF-PAN", "name_fa"]
    assert "Uruzgan" not in prov.loc["AF-DAY", "aliases"].split("|")
    assert "Parwan" not in prov.loc["AF-PAN", "aliases"].split("|")
    assert prov.loc["AF-PIA", "name"] == "Paktia" and prov.loc["AF-PKA", "name"] == "Paktika"


def test_neighbour_names_and_codes_are_modern():
    reg = border_regions(include_historical=True).set_index("iso")
    assert reg.loc["PK-GB", "name"] == "Gilgit-Baltistan"
    assert reg.loc["PK-KP", "name"] == "Khyber Pakhtunkhwa"
    assert reg.loc["TM-L", "name"] == "Lebap"
    assert reg.loc["IR-09", "name"] == "Razavi Khorasan"
    assert reg.loc["IR-11", "name"] == "Sistan and Baluchestan"
    assert bool(reg.loc["PK-TA", "historical"]) and reg.loc["PK-TA", "successor_iso"] == "PK-KP"
    for iso in reg.index:
        if iso == "PK-TA":  # listed exception: FATA, merged 2018
            assert pycountry.subdivisions.get(code=iso) is None
            continue
        sub = pycountry.subdivisions.get(code=iso)
        assert sub is not None, iso
        assert sub.country_code == reg.loc[iso, "country"]
    info = json.loads((DATA / "build_info.json").read_text())
    assert set(info["iso_exceptions"]) == {"PK-TA"}


def test_border_regions_cover_every_neighbour_and_touch_afghanistan():
    reg = border_regions()
    assert set(reg.country) == {"PK", "IR", "TM", "UZ", "TJ", "CN"}
    af = provinces().union_all().buffer(0.01)
    assert reg.geometry.intersects(af).all()
    assert (reg.shared_border_km > 1).all()
    # Former FATA lies inside modern Khyber Pakhtunkhwa: Landi Kotal, Khyber district.
    assert locate([71.07], [34.10]).iso[0] == "PK-KP"


def test_nineteen_border_provinces_with_the_right_neighbours():
    pb = province_borders()
    got = pb.groupby("iso").neighbour.apply(set).to_dict()
    assert got == EXPECTED_NEIGHBOURS
    assert (pb.shared_km > 1).all()


def test_six_border_segments_with_lengths():
    b = international_borders().set_index("segment")
    assert list(b.index) == ["AF-PK", "AF-IR", "AF-TM", "AF-UZ", "AF-TJ", "AF-CN"]
    # Natural Earth 10m shortens wiggly borders; published lengths minus up to 20%.
    published = {"AF-PK": 2670, "AF-IR": 921, "AF-TM": 804, "AF-UZ": 144, "AF-TJ": 1357,
                 "AF-CN": 91}
    for seg, km in published.items():
        assert 0.8 * km <= b.loc[seg, "length_km"] <= 1.05 * km, seg
    # Segment lengths agree with the per-province shared lengths.
    per_neighbour = province_borders().groupby("neighbour").shared_km.sum()
    for _, row in b.iterrows():
        assert abs(per_neighbour[row.neighbour] - row.length_km) < 0.02 * row.length_km + 2


def test_border_bands_have_the_chosen_width():
    bands = border_bands(50).set_index("segment")
    uz = bands.loc["AF-UZ"]
    # Termez lies on the Amu Darya; Mazar-i-Sharif is ~55 km from it, Sheberghan far off.
    assert uz.geometry.contains(shapely.Point(67.28, 37.22))
    assert not uz.geometry.contains(shapely.Point(65.75, 36.66))
    narrow, wide = border_bands(10), border_bands(100)
    assert (narrow.area_km2 < wide.area_km2).all()
    with pytest.raises(ValueError, match="between 0 and"):
        border_bands(0)


def test_display_geometry_keeps_shared_edges():
    full = provinces().to_crs(EQUAL_AREA_CRS)
    disp = provinces(display=True).to_crs(EQUAL_AREA_CRS)
    union_area = disp.union_all().area
    # No overlaps (sum equals union) and no gaps (union equals the full-resolution union).
    assert abs(disp.area.sum() - union_area) / union_area < 1e-6
    assert abs(union_area - full.union_all().area) / union_area < 0.005
    assert shapely.get_num_coordinates(disp.geometry.values).sum() < \
        0.6 * shapely.get_num_coordinates(full.geometry.values).sum()
    assert disp.is_valid.all()


@pytest.mark.parametrize("width", [50, 300])
def test_border_bands_stay_in_the_two_countries_they_separate(width):
    """No round blob at a tripoint: the AF-IR band does not spill into Turkmenistan or
    Pakistan (at most slivers where the sources' lines differ)."""
    from geo.bands import border_bands
    from geo.crs import EQUAL_AREA_CRS
    bands = border_bands(width).to_crs(EQUAL_AREA_CRS)
    regions = border_regions().to_crs(EQUAL_AREA_CRS)
    for band in bands.itertuples():
        third = regions[regions.country != band.neighbour]
        spill_km2 = third.intersection(band.geometry).area.sum() / 1e6
        assert spill_km2 < 5, (band.segment, spill_km2)
        assert band.geometry.area / 1e6 > 1000 * width / 50 * 0.5
