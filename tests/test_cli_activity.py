"""`python -m geo check|summary`: stable output and exit codes."""
import json
import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True)


def test_check_json_and_exit_codes(tmp_path):
    r = run("check", "tests/data/acled_sample.csv", "--json")
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert set(out) == {"format", "rows", "accepted", "rejected_rows", "unit", "rejected",
                        "warnings", "out_of_region", "attribution"}
    assert out["attribution"] == {"iskp": 8, "possible": 0, "other": 0, "other_actors": []}
    assert out["format"] == "acled" and out["rows"] == 13 and out["accepted"] == 8
    assert out["rejected_rows"] == 5 and out["rows"] == out["accepted"] + out["rejected_rows"]
    # A close misspelling is read, with a warning naming what it was matched to.
    assert {"line": 7, "column": "admin1",
            "reason": "'Nangahr' read as Nangarhar (AF-NAN), the closest known name "
                      "(similarity 93%)"} in out["warnings"]
    assert run("check", "data/activity/reported_activity.csv").returncode == 0
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    r = run("check", str(empty))
    assert r.returncode == 2 and "empty" in r.stderr
    r = run("check", "tests/data/ucdp_sample.csv", "--format", "native")
    assert r.returncode == 2 and "missing column" in r.stderr


def test_summary_json_window_and_data():
    r = run("summary", "--json", "--start", "2018-07-01", "--end", "2018-07-31")
    assert r.returncode == 0
    out = json.loads(r.stdout)
    assert out["window"] == {"start": "2018-07-01", "end": "2018-07-31"}
    prov = {p["iso"]: p for p in out["provinces"]}
    assert len(prov) == 34 and prov["AF-SAR"]["records"] == 1
    assert {b["iso"]: b["records"] for b in out["border_regions"]}["PK-BA"] == 1
    base = out["records"]
    r = run("summary", "--json", "--start", "2018-07-01", "--end", "2018-07-31",
            "--data", "tests/data/acled_sample.csv")
    # Accepted rows are kept (exit 0); the rejected ones are counted on stderr.
    assert r.returncode == 0 and "acled_sample.csv" in r.stderr and "5 rejected" in r.stderr
    out = json.loads(r.stdout)
    assert out["records"] == base + 7  # AFG1001-1005, AFG1009, PAK2001 fall in July
    r = run("summary", "--json", "--strict", "--data", "tests/data/acled_sample.csv")
    # Under --json a refusal is JSON too: the message and the exit status.
    assert r.returncode == 1 and "--strict" in r.stderr
    refused = json.loads(r.stdout)
    assert refused["exit"] == 1 and "--strict: refusing" in refused["error"]
    r = run("summary", "--json", "--no-builtin", "--data", "tests/data/ucdp_sample.csv",
            "--category", "attack")
    assert json.loads(r.stdout)["records"] == 4
    r = run("summary", "--json", "--start", "July 2018")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
    assert json.loads(r.stdout)["exit"] == 2 and "YYYY-MM-DD" in json.loads(r.stdout)["error"]
