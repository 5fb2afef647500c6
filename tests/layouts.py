"""Fixtures in the real layouts analysts bring, written at test time (TEST DATA rows).

Each writer mimics its source column for column: ACLED's current export (CSV and the export
tool's .xlsx), ACLED's API JSON, the older ACLED layout (data_id, event_id_no_cnty, two-digit
years as '5-Oct-18', the event types used until 2019) and the pre-2018 upper-case one, and
UCDP GED (CSV, zipped CSV, Excel) with UCDP's own spellings ('Khyber Pakhtunkwa province') and
country-level rows from outside the region.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import zipfile
from pathlib import Path

from geo.importers.acled import EXPORT_COLUMNS
from geo.importers.ucdp import GED_COLUMNS

ACLED_COLUMNS = EXPORT_COLUMNS
ACLED_2019_COLUMNS = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,timestamp,iso3").split(",")
ACLED_2016_COLUMNS = (
    "GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,"
    "ALLY_ACTOR_1,INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,"
    "LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,SOURCE,NOTES,FATALITIES").split(",")
UCDP_COLUMNS = GED_COLUMNS

ISKP = "Islamic State (Afghanistan)"

# (id, date, time_precision, event_type, sub_event_type, country, admin1, admin2, location,
#  lat, lon, geo_precision, fatalities, timestamp): 6 good rows, 1 bad date, 1 outside region.
ACLED_ROWS = [
    ("AFG5001", dt.date(2019, 3, 2), 1, "Explosions/Remote violence", "Suicide bomb",
     "Afghanistan", "Nangarhar", "Jalalabad", "Jalalabad", 34.4265, 70.4515, 1, 12, 1560000000),
    ("AFG5002", dt.date(2019, 3, 5), 1, "Battles", "Armed clash", "Afghanistan", "Nangarhar",
     "Achin", "Achin", 34.127, 70.707, 1, 4, 1560000000),
    ("AFG5003", dt.date(2019, 4, 9), 2, "Violence against civilians", "Attack", "Afghanistan",
     "Kunar", "Asadabad", "Asadabad", 34.8736, 71.1473, 2, 3, 1560000000),
    ("AFG5004", dt.date(2019, 5, 1), 3, "Strategic developments", "Looting/property destruction",
     "Afghanistan", "Kabul", "Kabul", "Kabul", 34.5281, 69.1723, 3, 0, 1560000000),
    ("PAK5005", dt.date(2019, 6, 14), 1, "Explosions/Remote violence", "Remote explosive",
     "Pakistan", "Khyber Pakhtunkhwa", "Bajaur", "Khar", 34.7265, 71.5245, 1, 2, 1560000000),
    ("PAK5006", dt.date(2019, 7, 1), 1, "Battles", "Armed clash", "Pakistan", "Balochistan",
     "Mastung", "Mastung", 29.7997, 66.8455, 1, 1, 1560000000),
    ("AFG5007", None, 1, "Battles", "Armed clash", "Afghanistan", "Kunar", "Asadabad",
     "Asadabad", 34.8736, 71.1473, 1, 1, 1560000000),
    ("IND5008", dt.date(2019, 7, 2), 1, "Battles", "Armed clash", "India", "Jammu and Kashmir",
     "Srinagar", "Srinagar", 34.0837, 74.7973, 1, 1, 1560000000),
]
# Per-province totals of the good rows, and the counts: rows, accepted, rejected.
ACLED_TOTALS = {"AF-NAN": 2, "AF-KNR": 1, "AF-KAB": 1, "PK-KP": 1, "PK-BA": 1}
ACLED_COUNTS = (8, 6, 2)


def _acled_dict(row, date_text: str) -> dict:
    (eid, date, tp, etype, sub, country, adm1, adm2, loc, lat, lon, gp, fat, ts) = row
    return {"event_id_cnty": eid, "event_date": date_text, "year": str(date.year if date else
                                                                         2019),
            "time_precision": str(tp), "disorder_type": "Political violence",
            "event_type": etype, "sub_event_type": sub, "actor1": ISKP, "assoc_actor_1": "",
            "inter1": "2", "actor2": "Civilians (Afghanistan)", "assoc_actor_2": "",
            "inter2": "7", "interaction": "27", "civilian_targeting": "", "iso": "4",
            "region": "Southern Asia", "country": country, "admin1": adm1, "admin2": adm2,
            "admin3": "", "location": loc, "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}",
            "geo_precision": str(gp), "source": "TEST DATA source", "source_scale": "National",
            "notes": f"TEST DATA: {etype.lower()} in {loc}.", "fatalities": str(fat),
            "tags": "", "timestamp": str(ts)}


def _csv(columns, dicts) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for d in dicts:
        w.writerow([d.get(c, "") for c in columns])
    return buf.getvalue().encode("utf-8")


def acled_current_csv(path: Path) -> Path:
    dicts = [_acled_dict(r, r[1].isoformat() if r[1] else "2019-02-30") for r in ACLED_ROWS]
    path.write_bytes(b"\xef\xbb\xbf" + _csv(ACLED_COLUMNS, dicts))
    return path


def acled_xlsx(path: Path) -> Path:
    """As ACLED's export tool writes it: dates as Excel dates, numbers as numbers."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(ACLED_COLUMNS)
    numeric = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "latitude",
               "longitude", "geo_precision", "fatalities", "timestamp"}
    for r in ACLED_ROWS:
        d = _acled_dict(r, "")
        cells = []
        for c in ACLED_COLUMNS:
            if c == "event_date":
                cells.append(r[1] if r[1] else "not a date")
            elif c in numeric and d[c] != "":
                cells.append(float(d[c]) if "." in d[c] else int(d[c]))
            else:
                cells.append(d[c])
        ws.append(cells)
    wb.save(path)
    return path


def acled_api_json(path: Path) -> Path:
    """As ACLED's API answers: every value a string, the rows under "data"."""
    data = [_acled_dict(r, r[1].isoformat() if r[1] else "2019-02-30") for r in ACLED_ROWS]
    path.write_text(json.dumps({"status": 200, "success": True, "last_update": 120,
                                "count": len(data), "messages": [], "data": data,
                                "filename": "2019-acled-test"}), encoding="utf-8")
    return path


OLD_TYPES = {"Battles": "Battle-No change of territory",
             "Explosions/Remote violence": "Remote violence",
             "Violence against civilians": "Violence against civilians",
             "Strategic developments": "Riots/Protests"}


def acled_2019_csv(path: Path) -> Path:
    """The 2019 layout: data_id, event_id_no_cnty, dates as '5-Oct-18' (Excel's way)."""
    dicts = []
    for k, r in enumerate(ACLED_ROWS):
        date = f"{r[1].day}-{r[1]:%b}-{r[1]:%y}" if r[1] else "31-Feb-19"
        d = _acled_dict(r, date)
        d.update(data_id=str(6000000 + k), event_id_no_cnty=r[0][3:], iso3="AFG",
                 event_type=OLD_TYPES[r[3]], sub_event_type="")
        dicts.append(d)
    path.write_bytes(_csv(ACLED_2019_COLUMNS, dicts))
    return path


def acled_2016_csv(path: Path) -> Path:
    """The pre-2018 upper-case layout with ALLY_ACTOR_1 and no sub-event type."""
    dicts = []
    for r in ACLED_ROWS:
        d = _acled_dict(r, f"{r[1]:%d/%m/%Y}" if r[1] else "31/02/2019")
        d = {k.upper(): v for k, v in d.items()}
        d.update(GWNO="700", EVENT_ID_NO_CNTY=r[0][3:], EVENT_TYPE=OLD_TYPES[r[3]],
                 ALLY_ACTOR_1="")
        dicts.append(d)
    path.write_bytes(_csv(ACLED_2016_COLUMNS, dicts))
    return path


T0 = " 00:00:00.000"
# (id, where_prec, adm_1, lat, lon, country, country_id, date, best)
UCDP_ROWS = [
    ("1001", 1, "Nangarhar province", 34.127, 70.707, "Afghanistan", 700, "2019-03-02", 11),
    ("1002", 4, "Kunar province", 34.85, 71.0, "Afghanistan", 700, "2019-03-03", 2),
    ("1003", 1, "Khyber Pakhtunkwa province", 34.01, 71.58, "Pakistan", 770, "2019-03-04", 5),
    ("1004", 1, "Khyber Pakhtunkwa province", 34.73, 71.52, "Pakistan", 770, "2019-03-05", 1),
    ("1005", 2, "Balochistan province", 30.18, 66.99, "Pakistan", 770, "2019-03-06", 3),
    ("1006", 6, "", 33.9, 67.7, "Afghanistan", 700, "2019-03-07", 4),
    ("2001", 6, "", 35.0, 38.0, "Syria", 652, "2019-03-08", 30),
    ("2002", 6, "", 23.7, 90.4, "Bangladesh", 771, "2019-03-09", 2),
    ("2003", 6, "", 48.5, 31.2, "Ukraine", 369, "2019-03-10", 1),
    ("2004", 1, "Aleppo governorate", 36.2, 37.16, "Syria", 652, "2019-03-11", 7),
]
UCDP_TOTALS = {"AF-NAN": 1, "AF-KNR": 1, "PK-KP": 2, "PK-BA": 1}
UCDP_COUNTS = (10, 6, 4)  # rows, accepted (5 placed + 1 country level), rejected (4 outside)


def _ucdp_dicts():
    for i, wp, adm1, lat, lon, country, cid, date, best in UCDP_ROWS:
        yield {"id": i, "relid": f"TEST-{i}", "year": date[:4], "active_year": "1",
               "code_status": "Clear", "type_of_violence": "1",
               "conflict_name": f"{country}: Islamic State", "side_a": f"Government of {country}",
               "side_b": "IS", "number_of_sources": "1", "source_article": "TEST DATA article",
               "where_prec": str(wp), "where_coordinates": adm1 or country,
               "where_description": adm1 or country, "adm_1": adm1, "adm_2": "",
               "latitude": f"{lat}", "longitude": f"{lon}", "geom_wkt": f"POINT ({lon} {lat})",
               "country": country, "country_id": str(cid), "region": "Asia",
               "event_clarity": "1", "date_prec": "1", "date_start": date + T0,
               "date_end": date + T0, "deaths_a": "0", "deaths_b": str(best),
               "deaths_civilians": "0", "deaths_unknown": "0", "best": str(best),
               "high": str(best), "low": str(best), "gwnoa": str(cid), "gwnob": ""}


def ucdp_csv(path: Path) -> Path:
    path.write_bytes(_csv(UCDP_COLUMNS, _ucdp_dicts()))
    return path


def ucdp_zip(path: Path) -> Path:
    """As UCDP publishes GED: the CSV inside a zip archive."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("GEDEvent_v24_1.csv", _csv(UCDP_COLUMNS, _ucdp_dicts()))
    return path


def ucdp_gz(path: Path) -> Path:
    path.write_bytes(gzip.compress(_csv(UCDP_COLUMNS, _ucdp_dicts())))
    return path


def ucdp_xlsx(path: Path) -> Path:
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(UCDP_COLUMNS)
    for d in _ucdp_dicts():
        ws.append([int(v) if v.isdigit() else v for v in (d.get(c, "") for c in UCDP_COLUMNS)])
    wb.save(path)
    return path


# Sides of a GED extract of Afghanistan and Pakistan over 1989-2022: ISKP is one of many.
_GED_SIDES = [("Government of Afghanistan", "Taleban"), ("Government of Afghanistan", "IS"),
              ("Government of Pakistan", "TTP"), ("Government of Pakistan", "IS"),
              ("Jam'iyyat-i Islami-yi Afghanistan", "Hizb-i Islami-yi Afghanistan"),
              ("Taleban", "Civilians"), ("IS", "Civilians"), ("Government of Pakistan", "BLA")]
_GED_PLACES = [  # adm_1 as UCDP spells it, lat, lon, country, country id
    ("Nangarhar province", 34.43, 70.45, "Afghanistan", 700),
    ("Kabul province", 34.53, 69.17, "Afghanistan", 700),
    ("Helmand province", 31.58, 64.37, "Afghanistan", 700),
    ("Kunduz province", 36.73, 68.86, "Afghanistan", 700),
    ("Khyber Pakhtunkwa province", 34.01, 71.58, "Pakistan", 770),
    ("Balochistan province", 30.18, 66.99, "Pakistan", 770),
    ("FATA", 33.0, 70.1, "Pakistan", 770),
    ("Sindh province", 24.86, 67.01, "Pakistan", 770)]


def ucdp_extract(path: Path, rows: int = 174) -> Path:
    """A UCDP GED extract of Afghanistan and Pakistan as an analyst downloads it: ``rows``
    events from 1989 to 2022, every kind of violence and side (ISKP, as UCDP's "IS", in some),
    every place precision, deaths from none to many."""
    def row(k):
        side_a, side_b = _GED_SIDES[k % len(_GED_SIDES)]
        adm1, lat, lon, country, cid = _GED_PLACES[(k * 3) % len(_GED_PLACES)]
        day = dt.date(1989, 1, 15) + dt.timedelta(days=k * (12_000 // rows))
        prec = 1 + k % 7
        best = (k * 7) % 60
        return {"id": str(90_000 + k), "relid": f"TEST-X{k}", "year": str(day.year),
                "active_year": "1", "code_status": "Clear",
                "type_of_violence": str(1 + k % 3),
                "conflict_name": f"{country}: Government", "side_a": side_a, "side_b": side_b,
                "number_of_sources": "2", "source_article": f"TEST DATA article {k}",
                "where_prec": str(prec), "where_coordinates": adm1 if prec < 6 else country,
                "where_description": adm1, "adm_1": adm1 if prec < 6 else "", "adm_2": "",
                "latitude": f"{lat + (k % 5) * 0.07:.3f}",
                "longitude": f"{lon - (k % 4) * 0.05:.3f}",
                "geom_wkt": f"POINT ({lon} {lat})", "country": country,
                "country_id": str(cid), "region": "Asia", "event_clarity": str(1 + k % 2),
                "date_prec": str(1 + k % 5), "date_start": day.isoformat() + T0,
                "date_end": (day + dt.timedelta(days=k % 3)).isoformat() + T0,
                "deaths_a": "0", "deaths_b": str(best), "deaths_civilians": "0",
                "deaths_unknown": "0", "best": str(best), "high": str(best + 2),
                "low": str(best), "gwnoa": str(cid), "gwnob": ""}
    path.write_bytes(_csv(UCDP_COLUMNS, (row(k) for k in range(rows))))
    return path
