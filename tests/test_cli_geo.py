"""`python -m geo resolve|locate`: a stable interface other tools rely on."""
import json
import subprocess
import sys


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True,
                          **kw)


def test_resolve_lines_and_exit_codes():
    r = run("resolve", "Ningarhar", "Sari Pul")
    assert r.returncode == 0
    assert r.stdout.splitlines() == ["Ningarhar\tAF-NAN\tNangarhar", "Sari Pul\tAF-SAR\tSar-e Pul"]
    r = run("resolve", "Nimruz", "Kandahr")
    assert r.returncode == 1
    assert r.stdout.splitlines() == ["Nimruz\tAF-NIM\tNimroz"]
    assert "Kandahr" in r.stderr and "Kandahar" in r.stderr


def test_resolve_json():
    r = run("resolve", "--json", "NWFP", "Nowhere")
    assert r.returncode == 1
    assert json.loads(r.stdout) == [{"query": "NWFP", "iso": "PK-KP", "name": "Khyber Pakhtunkhwa"},
                                    {"query": "Nowhere", "iso": None, "name": None}]


def test_locate_point_and_outside():
    assert run("locate", "34.43", "70.45").stdout == ("AF-NAN\tNangarhar\tAF-NAN-JALALABAD\t"
                                                      "Jalalabad\n")
    r = run("locate", "51.5", "-0.1")
    assert r.stdout == "-\n" and r.returncode == 0


def test_locate_csv_json(tmp_path):
    f = tmp_path / "points.csv"
    f.write_text("\ufefflat,lon\r\n34.43,70.45\r\n30.18,66.99\r\nabc,1\r\n", encoding="utf-8")
    r = run("locate", "--csv", str(f), "--json")
    out = json.loads(r.stdout)
    assert [o["iso"] for o in out] == ["AF-NAN", "PK-BA", None]
    assert out[0] == {"lat": 34.43, "lon": 70.45, "iso": "AF-NAN", "name": "Nangarhar",
                      "district_id": "AF-NAN-JALALABAD", "district": "Jalalabad",
                      "district_province_iso": "AF-NAN"}
    assert out[1]["district_id"] is None  # Quetta: Pakistan has no districts here
    assert r.returncode == 1 and "row 4" in r.stderr


def test_locate_and_resolve_answer_districts():
    assert run("locate", "34.29", "70.76").stdout == "AF-NAN\tNangarhar\tAF-NAN-BATIKOT\tBati Kot\n"
    r = run("resolve", "Bati Kot district", "Achin", "Nangarhar")
    assert r.stdout.splitlines() == [
        "Bati Kot district\tAF-NAN-BATIKOT\tBati Kot\tNangarhar (AF-NAN)",
        'Achin\tAF-NAN-ACHEEN\tAcheen\tNangarhar (AF-NAN)\tmatched as alias "Achin"',
        "Nangarhar\tAF-NAN\tNangarhar"]
    out = json.loads(run("resolve", "--json", "--districts", "Kunduz", "Sayyad wuleswali").stdout)
    assert [(o["iso"], o["province_iso"]) for o in out] == [("AF-KDZ-KUNDUZ", "AF-KDZ"),
                                                           ("AF-SAR-SAYYAD", "AF-SAR")]
