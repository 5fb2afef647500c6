"""Place names to admin-1 units, whatever the spelling."""
import pytest

from geo.gazetteer import AmbiguousPlace, UnknownPlace, resolve

ALIASES = {
    "AF-NAN": ["Nangarhar", "Ningarhar", "Nangrahar", "NANGARHAR PROVINCE", "Wilayat-e Nangarhār"],
    "AF-NIM": ["Nimroz", "Nimruz"],
    "AF-SAR": ["Sar-e Pul", "Sari Pul", "Sar-i-Pul", "Saripul", "sar e pul  province"],
    "AF-JOW": ["Jowzjan", "Jawzjan"],
    "AF-HEL": ["Helmand", "Hilmand"],
    "AF-HER": ["Herat", "Hirat"],
    "AF-PIA": ["Paktia", "Paktya", "Paktiya"],
    "AF-PKA": ["Paktika"],
    "AF-URU": ["Uruzgan", "Oruzgan"],
    "AF-DAY": ["Daykundi", "Daikundi"],
    "AF-PAN": ["Panjshir", "Panjsher"],
    "AF-KNR": ["Kunar", "Konar"],
    "AF-NUR": ["Nuristan", "Nooristan"],
    "AF-WAR": ["Wardak", "Maidan Wardak", "Velayat-e Wardak"],
    "PK-KP": ["Khyber Pakhtunkhwa", "NWFP", "North-West Frontier Province", "K.P."],
    "PK-BA": ["Balochistan", "Baluchistan"],
    "IR-11": ["Sistan and Baluchestan", "Ostan-e Sistan va Baluchestan"],
    "PK-GB": ["Gilgit-Baltistan", "Northern Areas"],
    "TM-L": ["Lebap", "Chardzhou"],
    "PK-TA": ["FATA", "F.A.T.A."],
}


@pytest.mark.parametrize("iso,name", [(i, n) for i, ns in ALIASES.items() for n in ns])
def test_alias_resolves(iso, name):
    assert resolve(name).iso == iso


def test_every_province_resolves_by_name_and_code():
    from geo.boundaries import provinces
    for _, p in provinces().iterrows():
        assert resolve(p["name"]).iso == p.iso
        assert resolve(p.iso.lower()).iso == p.iso


def test_unknown_name_fails_with_suggestions():
    with pytest.raises(UnknownPlace) as err:
        resolve("Kandahr")
    assert err.value.suggestions[0] == "Kandahar"
    assert "did you mean Kandahar" in str(err.value)
    with pytest.raises(UnknownPlace) as err:
        resolve("Atlantis")
    assert err.value.suggestions == []


def test_ambiguous_name_says_so():
    with pytest.raises(AmbiguousPlace) as err:
        resolve("Southern Province")
    assert {c.iso for c in err.value.candidates} == {"AF-PIA", "AF-PKA"}
    assert "ambiguous" in str(err.value)


def test_country_narrows():
    assert resolve("Badakhshan", country="AF").iso == "AF-BDS"
    with pytest.raises(UnknownPlace):
        resolve("Badakhshan", country="PK")
