"""Writes the test-data files in this folder (TEST DATA: invented rows in real formats).

Run from this folder: python make_test_data.py
"""
import csv
import io
import json

H = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
     "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,"
     "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
     "source_scale,notes,fatalities,tags,timestamp").split(",")
ISKP = "Islamic State (Afghanistan)"


def acled(eid, date, tp, etype, sub, country, iso, adm1, adm2, loc, lat, lon, gp, notes, fat,
          src="Pajhwok Afghan News"):
    d = dict.fromkeys(H, "")
    d.update(event_id_cnty=eid, event_date=date, year="2018", time_precision=tp,
             disorder_type="Political violence", event_type=etype, sub_event_type=sub,
             actor1=ISKP, inter1="2", interaction="27", iso=iso, region="Southern Asia",
             country=country, admin1=adm1, admin2=adm2, location=loc, latitude=lat,
             longitude=lon, geo_precision=gp, source=src, source_scale="National", notes=notes,
             fatalities=fat, timestamp="1700000000")
    return [d[h] for h in H]


ACLED = [
    acled("AFG1001", "2018-07-13", "1", "Explosions/Remote violence", "Suicide bomb", "Afghanistan", "4", "Nangarhar", "Jalalabad", "Jalalabad", "34.4265", "70.4515", "1", "TEST DATA: suicide bombing in Jalalabad city.", "5"),
    acled("AFG1002", "13 July 2018", "2", "Battles", "Armed clash", "Afghanistan", "4", "Kunar", "Asadabad", "Asadabad", "34.8736", "71.1473", "2", "TEST DATA: clash near Asadabad; date known to the week.", "2"),
    acled("AFG1003", "13-July-2018", "3", "Violence against civilians", "Attack", "Afghanistan", "4", "Sari Pul", "Sayyad", "Sar-e Pul", "36.2160", "65.9280", "3", "TEST DATA: attack somewhere in the province during the month.", "12"),
    acled("AFG1004", "2018-07-20", "1", "Battles", "Armed clash", "Afghanistan", "4", "Farah", "Bala Buluk", "Bala Buluk", "32.5460", "62.2330", "1", "TEST DATA: clash, with a comma, and\na second line in the notes.", "0"),
    acled("AFG1005", "2018-07-21", "1", "Battles", "Armed clash", "Afghanistan", "4", "Nangahr", "Achin", "Achin", "34.1270", "70.7070", "1", "TEST DATA: misspelt province.", "1"),
    acled("AFG1006", "2018-13-45", "1", "Battles", "Armed clash", "Afghanistan", "4", "Kunar", "Asadabad", "Asadabad", "34.8736", "71.1473", "1", "TEST DATA: impossible date.", "1"),
    acled("AFG1007", "2018-07-22", "1", "Battles", "Armed clash", "Afghanistan", "4", "", "", "London", "51.5000", "-0.1200", "1", "TEST DATA: coordinates far outside the region.", "1"),
    acled("AFG1008", "2018-07-23", "1", "Battles", "Armed clash", "Afghanistan", "4", "Kunar", "Asadabad", "Asadabad", "34.8736", "71.1473", "1", "TEST DATA: fatalities not a number.", "many"),
    acled("AFG1009", "2018-07-24", "1", "Battles", "Armed clash", "Afghanistan", "4", "Nangarhar", "Asadabad", "Asadabad", "34.8736", "71.1473", "1", "TEST DATA: admin1 says Nangarhar, the point is in Kunar.", "3"),
    acled("PAK2001", "2018-07-13", "1", "Explosions/Remote violence", "Suicide bomb", "Pakistan", "586", "Balochistan", "Mastung", "Mastung", "29.7997", "66.8455", "1", "TEST DATA: bombing at an election rally.", "149", "Dawn"),
    acled("AFG1010", "2018-08-01", "1", "Battles", "Armed clash", "Afghanistan", "4", "Kabul", "Kabul", "Kabul", "34.5281", "69.1723", "1", "TEST DATA: <script>alert('x')</script><b>bold</b>", "0"),
    acled("AFG1011", "2018-08-02", "1", "Battles", "Armed clash", "Afghanistan", "4", "", "", "", "", "", "1", "TEST DATA: no place at all.", "0"),
]

U = ("id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,"
     "conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,"
     "side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,"
     "source_date,source_headline,source_original,where_prec,where_coordinates,"
     "where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,"
     "region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,"
     "deaths_unknown,best,high,low").split(",")


def ucdp(i, tov, side_a, side_b, art, wp, wdesc, adm1, adm2, lat, lon, country, dp, ds, de, best):
    d = dict.fromkeys(U, "")
    d.update(id=i, relid=f"TEST-{i}", year=ds[:4], active_year="1", code_status="Clear",
             type_of_violence=tov, conflict_name="Afghanistan: Islamic State", side_a=side_a,
             side_b=side_b, number_of_sources="1", source_article=art, where_prec=wp,
             where_coordinates=wdesc, where_description=wdesc, adm_1=adm1, adm_2=adm2,
             latitude=lat, longitude=lon, geom_wkt=f"POINT ({lon} {lat})", country=country,
             region="Asia", event_clarity="1", date_prec=dp, date_start=ds, date_end=de,
             best=best, high=best, low=best)
    return [d[h] for h in U]


T0 = " 00:00:00.000"
UCDP = [
    ucdp("900001", "1", "Government of Afghanistan", "IS", "TEST DATA article one", "1", "Achin town", "Nangarhar province", "Achin district", "34.1270", "70.7070", "Afghanistan", "1", "2018-07-13" + T0, "2018-07-13" + T0, "7"),
    ucdp("900002", "2", "Taleban", "IS", "TEST DATA article two", "4", "Kunar province", "Kunar province", "", "34.8500", "71.0000", "Afghanistan", "4", "2018-07-01" + T0, "2018-07-31" + T0, "4"),
    ucdp("900003", "3", "IS", "Civilians", "TEST DATA article three", "6", "Afghanistan", "", "", "33.9000", "67.7000", "Afghanistan", "5", "2018-01-01" + T0, "2018-12-31" + T0, "30"),
    ucdp("900004", "1", "Government of Afghanistan", "IS", "TEST DATA article four", "7", "air space", "", "", "34.0", "69.0", "Afghanistan", "1", "2018-07-14" + T0, "2018-07-14" + T0, "2"),
    ucdp("900005", "1", "Government of Afghanistan", "IS", "TEST DATA article five", "1", "Asadabad", "Kunar province", "Asadabad district", "34.8736", "71.1473", "Afghanistan", "1", "not a date", "2018-07-14", "1"),
    ucdp("900006", "3", "IS", "Civilians", "TEST DATA article six", "1", "Peshawar", "Khyber Pakhtunkhwa province", "Peshawar district", "34.0100", "71.5800", "Pakistan", "2", "2018-07-10", "2018-07-14", "9"),
    ucdp("900007", "1", "Government of Afghanistan", "IS", "TEST DATA article seven", "1", "Asadabad", "Kunar province", "", "34.8736", "71.1473", "Afghanistan", "1", "2018-07-15", "2018-07-15", "n/a"),
]

POINTS = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [69.1723, 34.5281]},
     "properties": {"id": "G1", "date_start": "2021-08-26", "date_precision": "day",
                    "category": "attack", "summary": "TEST DATA: an attack in Kabul.",
                    "source": "TEST DATA source", "fatalities": 3}},
    {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[69, 34], [70, 35]]},
     "properties": {"id": "G2", "date_start": "2021-08-27", "category": "attack",
                    "summary": "TEST DATA: a line", "source": "x"}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [70.4515, 34.4265]},
     "properties": {"id": "G3", "date_start": "2021-09-01", "date_precision": "month",
                    "category": "attack", "summary": "TEST DATA: <img src=x onerror=alert(1)>",
                    "source": "TEST DATA source"}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [70.4515, 34.4265]},
     "properties": {"id": "G4", "date_start": "2021-09-02", "category": "riot",
                    "summary": "TEST DATA", "source": "x"}},
]}

N = ("id,date_start,date_end,date_precision,country,admin1,region,district,location,latitude,"
     "longitude,geo_precision,category,actors,fatalities,summary,source_id,source,notes").split(",")


def native(**kw):
    d = dict.fromkeys(N, "")
    d.update({"date_precision": "day", "category": "attack", "source": "TEST DATA source", **kw})
    return [d[h] for h in N]


NATIVE_BAD = [
    native(id="N1", date_start="2019-03-01", date_precision="month", admin1="Ningarhar", summary="TEST DATA: good row, month precision"),
    native(id="N2", date_start="2019-03-05", admin1="Kandahr", summary="TEST DATA: unknown province"),
    native(id="N3", date_start="5 March 2019", admin1="Kunar", summary="TEST DATA: date not ISO"),
    native(id="N4", date_start="2019-03-05", latitude="40.7", longitude="-74.0", summary="TEST DATA: point outside"),
    native(id="N5", date_start="2019-03-05", summary="TEST DATA: no place"),
    native(id="N6", date_start="2019-03-05", admin1="Kunar", fatalities="twelve", summary="TEST DATA: bad fatalities"),
    native(id="N7", date_start="2019-03-05", admin1="Kunar", category="riot", summary="TEST DATA: unknown category"),
    native(id="N8", date_start="2019-03-05", admin1="Kunar", source="", source_id="S999", summary="TEST DATA: unknown source id"),
    native(id="N9", date_start="2019-03-05", date_precision="fortnight", admin1="Kunar", summary="TEST DATA: bad precision"),
    native(id="N10", date_start="2019-03-05", date_end="2019-03-01", admin1="Kunar", summary="TEST DATA: ends before it starts"),
    native(id="N11", date_start="2019-03-05", admin1="Southern Province", summary="TEST DATA: ambiguous"),
    native(id="N12", date_start="2019-03-05", latitude="34.5", summary="TEST DATA: latitude without longitude"),
    native(id="N13", date_start="2019-03-05", admin1="Kunar", summary=""),
    native(id="N14", date_start="2019-03-05", admin1="FATA", summary="TEST DATA: former FATA"),
    native(id="N15", date_start="2019-03-05", admin1="Kunar", latitude="95", longitude="71", summary="TEST DATA: latitude out of range"),
]


def main():
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(H)
    w.writerows(ACLED)
    text = buf.getvalue() + "AFG1012,2018-08-03,2018,1,too few fields\r\n"
    with open("acled_sample.csv", "w", encoding="utf-8-sig", newline="") as f:
        f.write(text)  # with a BOM and CRLF line ends, as Excel saves it
    with open("ucdp_sample.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(U)
        w.writerows(UCDP)
    with open("points_sample.geojson", "w", encoding="utf-8") as f:
        json.dump(POINTS, f, indent=1)
    with open("native_bad.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(N)
        w.writerows(NATIVE_BAD)


if __name__ == "__main__":
    main()
