"""The Streamlit app driven through streamlit.testing.v1.AppTest: sidebar in, what it shows out."""
import datetime as dt
import html
import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.words import say, speaking
from map_page.assembly import DEFAULT_TITLE
from map_runtime.base import md_escape
from map_runtime.activity_data import day

APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def run(params=None):
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def plain(at, kind):
    """The texts the app shows as ``kind`` (ui.plain: titles, captions and messages holding a
    user's text), as a reader sees them."""
    out = []
    for e in at.get("html"):
        for m in re.finditer(rf'<(\w+) class="iskp-plain iskp-plain-{kind}"[^>]*>(.*?)</\1>',
                             e.proto.body, re.S):
            out.append(html.unescape(m.group(2)))
    return out


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def activity(at) -> int:
    """Events and area claims: what the headline counted as one figure before it said them
    apart (geo.counts)."""
    return int(metric(at, "Events")) + int(metric(at, "Area claims"))


def panel_change(at, seq, first, last, categories=(), countries=(), metric="records",
                 **whose):
    """What the sidebar's panel (a Streamlit component) sends when the reader changes it;
    ``whose``: its ``attributions`` and ``actors``, when the test sets them."""
    at.session_state["filters"] = {"seq": seq, "window": [day(first), day(last)],
                                   "categories": list(categories),
                                   "countries": list(countries), "metric": metric, **whose}
    at.run()
    assert not at.exception, at.exception
    return at


def component_args(at, name, part=None):
    """What the app tells one of its components (the sidebar's panel, the map); ``part``:
    which use of the component (the panel's layer ticks are "layers")."""
    return next(args for e in at.get("component_instance")
                if e.proto.component_name.endswith(name)
                for args in [json.loads(e.proto.json_args)] if args.get("part") == part)


def panel_args(at):
    return component_args(at, "iskp_filters")


def layer_ticks(at, seq, *on):
    """What the sidebar's layer ticks send when the reader ticks or unticks one."""
    at.session_state["layer_panel"] = {"seq": seq, "layers": list(on)}
    at.run()
    assert not at.exception, at.exception
    return at


def comparison_args(at):
    """What the app tells the sidebar's comparison panel: on, side, the baseline's days, the
    layers ticked and its notes."""
    return component_args(at, "iskp_filters", part="baseline")


def compare(at, seq, on=True, side=False, first=None, last=None):
    """What the comparison's panel sends when the reader switches it, picks "Change map" or
    "Side by side", or types a baseline (``first``, ``last``): the baseline it shows
    otherwise, and the layers with the change map swapped for the choropleth, as its page
    does (ui/filter_panel/index.html)."""
    args = comparison_args(at)
    baseline = [day(first), day(last)] if first else [args["start"], args["end"]]
    layers = [lid for lid in args["chosen_layers"] if lid not in ("change", "activity")]
    layers.append("change" if on and not side else "activity")
    at.session_state["baseline_panel"] = {"seq": seq, "on": on, "side": side,
                                          "baseline": baseline, "layers": layers}
    at.run()
    assert not at.exception, at.exception
    return at


def notes(at, kind):
    return [text for k, text in comparison_args(at)["notes"] if k == kind]


def ticked_layers(at):
    return component_args(at, "iskp_filters", part="layers")["chosen_layers"]


def window(at):
    return at.session_state["w_start"], at.session_state["w_end"]


def test_default_view_shows_builtin_records():
    at = run()
    # 34 built-in records, 8 of them not events (a count over a period, six statements of links
    # and reach, the Kurram drone strike as context), 5 meetings of other actors (context, in
    # their own layer) and the Kabul airport attack, possibly ISKP (shown when asked for).
    assert activity(at) == 20
    assert metric(at, "Provinces with events").endswith("of 34")
    assert metric(at, "Area claims") == "5"
    assert at.query_params["layers"] == ("provinces,border_regions,activity,activity_areas,"
                                         "incidents,cooperation,places")


def test_narrower_window_changes_counts_and_url():
    at = run()
    panel_change(at, "p-1", dt.date(2018, 7, 1), dt.date(2018, 7, 31))
    assert activity(at) == 8  # and a meeting, context
    # Only Sayyad (Sar-e Pul) is placed in a province; the four area claims of July 2018 are
    # counted apart and place nothing.
    assert metric(at, "Provinces with events") == "1 of 34"
    assert metric(at, "Area claims") == "4"
    assert at.query_params["start"] == "2018-07-01" and at.query_params["end"] == "2018-07-31"
    # The panel is told the window the app now has, and that it has this change.
    args = panel_args(at)
    assert (args["start"], args["end"]) == (day(dt.date(2018, 7, 1)), day(dt.date(2018, 7, 31)))
    assert args["seq"] == "p-1"
    # The map listens on the panel's channel, and knows that its render includes the change.
    shown = component_args(at, "iskp_map")
    assert shown["channel"] == args["channel"] and shown["channel"].startswith("iskp-")
    assert shown["steer"] == "p-1"
    assert shown["panes"][0]["window"] == [args["start"], args["end"]]


def test_a_change_seen_again_is_not_applied_twice():
    at = run()
    panel_change(at, "p-1", dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert activity(at) == 3  # and the Kabul airport attack, possibly
    # A window chosen on the map since; the panel's old change (still its value) is not
    # applied again on the next rerun.
    at.session_state["map"] = {"seq": "m-1", "window": [day(dt.date(2018, 7, 1)),
                                                        day(dt.date(2018, 7, 31))], "pane": 0}
    at.run()
    at.run()
    assert window(at) == (dt.date(2018, 7, 1), dt.date(2018, 7, 31))


def test_a_change_sent_with_the_link_before_the_last_run_keeps_the_view():
    """A change made while the last run's link was still on its way to the browser comes with
    the link before it: that is not the reader going Back (Streamlit says when it is), and
    the view the reader made stays (before, the older link's view was opened over it: a layer
    ticked off came back on)."""
    at = run({"start": "2018-01-01", "end": "2018-12-31"})
    before = dict(at.query_params)
    assert "border_regions" in before["layers"].split(",")
    layer_ticks(at, "l-1", "provinces", "activity", "activity_areas", "incidents", "places")
    assert "border_regions" not in at.query_params["layers"]
    for k in list(at.query_params):  # the browser still shows the link before that run
        del at.query_params[k]
    at.query_params.update(before)
    panel_change(at, "p-1", dt.date(2018, 7, 1), dt.date(2018, 7, 31))
    assert ticked_layers(at) == ["provinces", "activity", "activity_areas", "incidents",
                                 "places"]
    assert at.query_params["layers"] == "provinces,activity,activity_areas,incidents,places"
    assert at.query_params["start"] == "2018-07-01"


def test_layer_toggles_and_category_filter():
    at = run()
    assert "border_regions" in ticked_layers(at) and "heatmap" not in ticked_layers(at)
    layer_ticks(at, "l-1", "provinces", "activity", "activity_areas", "incidents", "heatmap",
                "cooperation", "places")
    # The map was told at once; the app's render after names that change (no step back).
    assert component_args(at, "iskp_map")["steer"] == "l-1"
    assert ticked_layers(at) == ["provinces", "activity", "activity_areas", "incidents",
                                 "heatmap", "cooperation", "places"]
    assert at.query_params["layers"] == ("provinces,activity,activity_areas,incidents,heatmap,"
                                         "cooperation,places")
    lo, hi = at.session_state["data_range"]
    panel_change(at, "p-1", lo, hi, categories=["attack"])
    assert activity(at) == 2  # the Kabul airport attack is possibly ISKP
    assert at.query_params["cat"] == "attack"
    panel_change(at, "p-2", lo, hi, countries=["PK"], metric="fatalities")
    assert at.query_params["country"] == "PK" and at.query_params["metric"] == "fatalities"
    assert "cat" not in at.query_params
    # A category the app does not know (a hand-made message) is left out, not fatal.
    panel_change(at, "p-3", lo, hi, categories=["volcano"])
    assert "cat" not in at.query_params


def test_url_restores_the_view():
    at = run({"start": "2018-07-01", "end": "2018-07-31", "layers": "provinces,incidents",
              "cat": "presence report", "band": "80"})
    assert activity(at) == 4
    assert "provinces" in ticked_layers(at) and "border_regions" not in ticked_layers(at)
    assert at.session_state["categories"] == ["presence report"]
    assert panel_args(at)["chosen"] == ["presence report"]
    assert at.slider(key="band_km").value == 80


def test_bad_url_values_are_reported_not_fatal():
    at = run({"start": "yesterday", "layers": "provinces,volcanoes"})
    texts = " ".join(plain(at, "warning"))
    assert "volcanoes" in texts and "yesterday" in texts


def test_presentation_mode_hides_controls():
    at = run({"mode": "present"})
    assert any("stSidebar" in m.value and "display: none" in m.value for m in at.markdown)
    assert len(at.metric) == 0  # figures and tables are left out
    assert any(b.label == "Exit presentation mode" for b in at.button)


def test_label_language_from_the_link_is_kept():
    at = run({"lang": "fa"})
    assert at.radio(key="label_lang").value == "fa"
    assert at.query_params["lang"] == "fa"
    at.radio(key="label_lang").set_value("en").run()
    assert "lang" not in at.query_params


def test_exit_presentation_mode():
    at = run({"mode": "present"})
    next(b for b in at.button if b.label == "Exit presentation mode").click().run()
    assert not at.exception
    assert at.session_state["presentation"] is False
    assert activity(at) == 20  # the normal page is back
    assert "mode" not in at.query_params


def test_upload_good_file_adds_records():
    at = run()
    data = Path("tests/data/ucdp_sample.csv").read_bytes()
    at.file_uploader(key="uploads").set_value(("ged.csv", data, "text/csv")).run()
    assert not at.exception
    assert activity(at) == 24  # 20 built-in + 4 accepted
    # Messages hold a file name (user text): shown as text, compared as a reader sees them.
    assert any("ged.csv: ucdp, 7 rows: 4 accepted, 3 rejected" in w and
               "· ISKP 4, possibly ISKP 0, other actors 0" in w for w in plain(at, "warning"))


def test_an_upload_in_dari_is_reported_in_dari_with_its_name_and_reasons_as_given():
    at = run({"lang": "fa"})
    name = "{rows} گزارش {0}.csv"  # a name with braces: a value, never a format
    at.file_uploader(key="uploads").set_value(
        (name, Path("tests/data/acled_sample.csv").read_bytes(), "text/csv")).run()
    assert not at.exception
    assert any(w.startswith(name + ": acled، 13 ردیف: 8 پذیرفته، 5 ردشده")
               for w in plain(at, "warning"))
    report = next(r for r in plain(at, "report")).splitlines()
    assert any(r.startswith("سطر 8") and ": ردشده: " in r for r in report)
    # The importer's reasons in Dari too, the file's cells in them as given.
    assert any(r.startswith("سطر 8") and "تاریخ ناخوانا '2018-13-45'" in r for r in report)
    assert any(r.startswith("سطر 10") and "fatalities 'many' عدد تام نیست" in r
               for r in report)
    assert not [r for r in report if re.search(r"unparseable|is not|outside|expected", r)]


def test_a_file_that_cannot_be_read_is_said_in_dari_with_its_name_as_given():
    """A whole file refused (empty, not a data file, a zip of several) is said in the reader's
    language; its name, braces and markup and all, is a value and comes out as given."""
    import io
    import zipfile
    at = run({"lang": "fa"})
    empty = "{file} <b>خالی</b>.csv"
    pack = io.BytesIO()
    with zipfile.ZipFile(pack, "w") as z:
        z.writestr("a.csv", "x\n1\n")
        z.writestr("b.csv", "x\n2\n")
    good = Path("tests/data/acled_sample.csv").read_bytes()
    at.file_uploader(key="uploads").set_value([
        (empty, b"", "text/csv"), ("two {0}.zip", pack.getvalue(), "application/zip"),
        ("x.csv", b"\x00\x01\x02\x89PNG binary", "text/csv"),
        ("first.csv", good, "text/csv"), ("again.csv", good, "text/csv")]).run()
    assert not at.exception
    errors = plain(at, "error")
    assert f"{empty}: {empty} خالی است" in errors
    assert any(e.startswith("two {0}.zip: two {0}.zip 2 فایل معلومات دارد (a.csv, b.csv)؛")
               for e in errors)
    assert any(e.startswith("x.csv: x.csv ") and "CSV، Excel یا JSON" in e for e in errors)
    assert "محتوای again.csv با first.csv یکی است: یک بار افزوده شد" in plain(at, "warning")
    assert not [e for e in errors if re.search(r" is |holds|not CSV", e)]


def test_the_notes_about_a_files_layout_are_said_in_dari():
    """Excel's 'sep=;' line, a file separated by semicolons and a column named twice: what the
    reader made of the layout is said in Dari in the validation report, names as given."""
    import csv
    import io
    rows = list(csv.reader(io.StringIO(Path("tests/data/acled_sample.csv").read_text(
        encoding="utf-8-sig"))))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(rows[0] + ["{0} NOTES"])
    writer.writerows(r + ["x"] for r in rows[1:])
    data = ("sep=;\n" + out.getvalue().replace("{0} NOTES", "Notes", 1)).encode("utf-8")
    at = run({"lang": "fa"})
    at.file_uploader(key="uploads").set_value(("semi.csv", data, "text/csv")).run()
    assert not at.exception
    report = next(r for r in plain(at, "report")).splitlines()
    assert any("سطر 1 سطر 'sep=;' ـی Excel است" in r for r in report)
    assert any("جداکنندهٔ فایل نقطه‌ویرگول (;)" in r for r in report)
    assert any("ستون 'Notes' بیش از یک بار آمده است" in r and "'Notes (2)'" in r
               for r in report)
    assert not [r for r in report if re.search(r"separated by|appears more than|names the", r)]


def test_a_file_naming_iskp_nowhere_is_said_so_in_dari():
    """The validation report's warning that a file's records name ISKP nowhere (context, not
    ISKP activity) is said in Dari, whole, in a Dari page."""
    data = ("id,date_start,date_precision,admin1,category,summary,source,actors\n"
            "C1,2019-05-02,day,Kunar,attack,TEST DATA other,TEST DATA {0} source,Taliban\n"
            "C2,2019-05-03,day,Kunar,attack,TEST DATA none,TEST DATA {0} source,\n").encode()
    at = run({"lang": "fa"})
    at.file_uploader(key="uploads").set_value(("others.csv", data, "text/csv")).run()
    assert not at.exception
    report = next(r for r in plain(at, "report")).splitlines()
    said = [r for r in report if "داعش خراسان را نام نمی‌برد" in r]
    assert len(said) == 1, report
    # Said of the file, not of a "line 0".
    assert said[0].startswith("فایل، ستون attribution: ")
    assert "هیچ‌یک از 2 مورد پذیرفته‌شده داعش خراسان را نام نمی‌برد؛ 1 مورد هیچ بازیگری" in said[0]
    assert "1 مورد از بازیگران دیگر زمینه است، نه فعالیت داعش خراسان؛ به‌طور پیش‌فرض پنهان" \
        in said[0]
    assert not [r for r in report if re.search(r"name ISKP|no actor|other actors|by default", r)]


def test_upload_bad_files_report_problems():
    at = run()
    at.file_uploader(key="uploads").set_value([
        ("empty.csv", b"", "text/csv"),
        ("acled.csv", Path("tests/data/acled_sample.csv").read_bytes(), "text/csv"),
    ]).run()
    assert any("empty.csv is empty" in e for e in plain(at, "error"))
    assert any("acled.csv: acled, 13 rows: 8 accepted, 5 rejected" in w
               for w in plain(at, "warning"))
    # The validation report (below the map) lists the rejected lines, each reason whole, and
    # the warnings.
    report = next(r for r in plain(at, "report") if "rejected" in r).splitlines()
    rejected = [r for r in report if ": rejected: " in r]
    assert {f"line {n}" for n in (8, 9, 10, 14, 15)} <= {r.split(",")[0].split(":")[0]
                                                           for r in rejected}
    assert any(": warning: " in r for r in report)
    assert all(len(r) < 2000 and not r.endswith("…") for r in report)


def test_an_upload_that_extends_the_data_says_what_happened_to_the_window(tmp_path):
    late = ("id,date_start,date_precision,admin1,category,summary,source,actors\n"
            "L1,2024-06-01,day,Kunar,attack,TEST DATA late record,TEST DATA source,ISKP\n")
    at = run()
    at.file_uploader(key="uploads").set_value(("late.csv", late.encode(), "text/csv")).run()
    # The window showed all the data, so it follows the data to 2024.
    assert window(at)[1] == dt.date(2024, 6, 1)
    assert any("the window follows it" in i.value for i in at.info)
    at = run({"start": "2018-07-01", "end": "2018-07-31"})
    at.file_uploader(key="uploads").set_value(("late.csv", late.encode(), "text/csv")).run()
    assert window(at)[1] == dt.date(2018, 7, 31)
    assert any("the window is unchanged" in i.value for i in at.info)


def test_the_same_file_twice_counts_once_and_removed_uploads_are_freed():
    data = Path("tests/data/ucdp_sample.csv").read_bytes()
    at = run()
    at.file_uploader(key="uploads").set_value([("ged.csv", data, "text/csv"),
                                               ("ged copy.csv", data, "text/csv")]).run()
    assert activity(at) == 24  # 20 built-in + 4, not + 8
    assert any("same content as ged.csv" in w for w in plain(at, "warning"))
    assert len(at.session_state["imports"]) == 2
    at.file_uploader(key="uploads").set_value([]).run()
    assert len(at.session_state["imports"]) == 0
    assert activity(at) == 20
    # Taken out of the view, the file stays in the workspace: ticked again, it is back.
    chooser = at.multiselect(key="datasets_on")
    [kept] = [o for o in chooser.options if o.startswith("ged.csv")]
    chooser.select(kept).run()
    assert activity(at) == 24


def test_sessions_do_not_share_uploads():
    a = run()
    a.file_uploader(key="uploads").set_value(
        ("ged.csv", Path("tests/data/ucdp_sample.csv").read_bytes(), "text/csv")).run()
    b = run()
    assert activity(a) == 24
    assert activity(b) == 20


def test_export_buttons():
    at = run({"start": "2018-07-01", "end": "2018-07-31"})
    next(b for b in at.button if b.label == "Prepare HTML export").click().run()
    assert not at.exception
    html = at.session_state["export_html"]
    assert "01 Jul 2018 – 31 Jul 2018" in html and "<script src=" not in html
    assert any(d.label == "Download map (HTML)" for d in at.get("download_button"))


def test_slide_button_renders_the_chosen_print_layout():
    import pytest
    from conftest import chromium_path
    if chromium_path() is None:
        pytest.skip("needs Debian's chromium (scripts/run_tests.sh installs it)")
    at = run({"start": "2018-07-01", "end": "2018-07-31"})
    at.selectbox(key="print_kind").select("PDF page Letter landscape").run()
    at.button(key="make_print").click().run()
    assert not at.exception
    made = at.session_state["print_file"]
    assert made["ext"] == "pdf" and made["data"][:5] == b"%PDF-"
    assert any(d.label == "Download PDF page Letter landscape" for d in at.get("download_button"))
    # Asked for another format, the old file is not offered as if it were the new one.
    at.selectbox(key="print_kind").select("PNG slide 1280×720").run()
    assert not any(d.label.startswith("Download PDF") for d in at.get("download_button"))
    assert any("make it again" in c.value for c in at.caption)


def test_a_province_in_the_link_opens_its_drill_down():
    at = run({"start": "2018-07-01", "end": "2018-07-31", "province": "af-sar"})
    assert at.session_state["selected_iso"] == "AF-SAR"
    assert md_escape("Events and area claims per month in Sar-e Pul") in [h.value for h in at.subheader]
    assert any(md_escape("Showing records for Sar-e Pul (AF-SAR)") in i.value for i in at.info)
    assert at.query_params["province"] == "AF-SAR"
    bad = run({"province": "AF-XXX"})
    assert bad.session_state["selected_iso"] is None
    assert any("unknown province 'AF-XXX'" in w for w in plain(bad, "warning"))


def test_a_dari_link_says_its_problems_in_dari_with_its_values_as_given():
    at = run({"lang": "fa", "metric": "{n}<b>x</b>", "province": "AF-XXX",
              "start": "2018-02-30"})
    said = plain(at, "warning")
    assert "معیار ناشناختهٔ '{n}<b>x</b>' در لینک" in said
    assert "ولایت ناشناختهٔ 'AF-XXX' در لینک نادیده گرفته شد" in said
    # The detail too, the link's value in it as given.
    assert "بازهٔ تاریخ در لینک نادیده گرفته شد: تاریخ آغاز '2018-02-30' تاریخی به شکل " \
        "YYYY-MM-DD نیست" in said
    more = plain(run({"lang": "fa", "extent": "{0},1", "bstart": "2018-05-01",
                      "attribution": "isis"}), "warning")
    assert "محدودهٔ نقشه در لینک نادیده گرفته شد: '{0},1' چهار عدد جنوب،غرب،شمال،شرق " \
        "(south,west,north,east) نیست" in more
    assert any(w.endswith(": به آغاز و پایان نیاز دارد") for w in more)
    assert any("نسبت‌دهی ناشناخته 'isis'؛" in w for w in more)
    # A saved map that is not there: why, said by the workspace, in Dari too.
    gone = plain(run({"lang": "fa", "map": "m-{0}gone"}), "warning")
    assert "نقشهٔ ذخیره‌شده باز نشد: نقشه ذخیره‌شدهٔ m-{0}gone در این فضای کاری نیست" in gone
    assert not [w for w in said + more + gone if re.search(r"is not|needs|unknown|no saved", w)]
    # The same link in English says them in English.
    english = plain(run({"metric": "{n}<b>x</b>"}), "warning")
    assert "unknown metric '{n}<b>x</b>' in the link" in english


def test_user_text_in_the_link_is_shown_literally():
    at = run({"title": "![x](http://198.51.100.7/i.png) [click](http://example.org)",
              "subtitle": "**loud**"})
    assert plain(at, "title") == ["![x](http://198.51.100.7/i.png) [click](http://example.org)"]
    assert plain(at, "subheader") == ["**loud**"]
    # never Markdown: no title element, no subheader holds the text
    assert not at.title and not [h for h in at.subheader if "loud" in h.value]


def test_titles_typed_in_the_sidebar_reach_the_heading_and_the_link():
    """The title fields are in the sidebar's panel (a component): what it sends is the title
    of the page, the link and the map; an empty title is the product's own, in the app's
    language, and the field then shows it as its placeholder."""
    at = run({"start": "2018-07-01", "end": "2018-07-31"})
    fields = component_args(at, "iskp_filters", "titles")
    assert (fields["title"], fields["subtitle"]) == ("", "")
    assert fields["default_title"] == DEFAULT_TITLE == plain(at, "title")[0]
    typed = "Nangarhar {x} <b>2018</b>"
    at.session_state["titles_panel"] = {"seq": "t-1", "title": typed, "subtitle": "Jul"}
    at.run()
    assert not at.exception, at.exception
    assert plain(at, "title") == [typed] and plain(at, "subheader") == ["Jul"]
    assert at.query_params["title"] == typed and at.query_params["subtitle"] == "Jul"
    assert component_args(at, "iskp_filters", "titles")["title"] == typed
    # Cleared: the product's title again, and in Dari in a Dari app.
    at.session_state["titles_panel"] = {"seq": "t-2", "title": "", "subtitle": ""}
    at.session_state["label_lang"] = "fa"
    at.run()
    assert "title" not in at.query_params and plain(at, "subheader") == [""]
    with speaking("fa"):
        assert plain(at, "title") == [say(DEFAULT_TITLE)] != [DEFAULT_TITLE]
        assert component_args(at, "iskp_filters", "titles")["default_title"] == \
            say(DEFAULT_TITLE)


def test_what_the_reader_does_on_the_map_reaches_the_sidebar_and_the_link():
    at = run()
    # A window chosen on the map's timeline (days since 1970-01-01), then a province clicked.
    first, last = day(dt.date(2018, 7, 1)), day(dt.date(2018, 7, 31))
    at.session_state["map"] = {"seq": "t-1", "window": [first, last], "pane": 0}
    at.run()
    assert window(at) == (dt.date(2018, 7, 1), dt.date(2018, 7, 31))
    assert at.query_params["start"] == "2018-07-01"
    at.session_state["map"] = {"seq": "t-2", "province": "AF-FRA", "pane": 0}
    at.run()
    assert any("Events and area claims per month in Farah" in s.value for s in at.subheader)
    # The same event seen again (a rerun for another reason) changes nothing.
    panel_change(at, "p-1", dt.date(2018, 7, 10), dt.date(2018, 7, 31))
    assert window(at) == (dt.date(2018, 7, 10), dt.date(2018, 7, 31))


def test_side_by_side_from_the_link_and_map_b_sets_the_baseline():
    at = run({"compare": "side", "bstart": "2017-01-01", "bend": "2017-12-31",
              "start": "2018-01-01", "end": "2018-12-31"})
    args = comparison_args(at)
    assert args["on"] is True and args["side"] is True
    assert (args["start"], args["end"]) == (day(dt.date(2017, 1, 1)), day(dt.date(2017, 12, 31)))
    assert len(component_args(at, "iskp_map")["panes"]) == 2
    assert not at.warning  # both maps filter in the page
    at.session_state["map"] = {"seq": "t-3", "pane": 1,
                               "window": [day(dt.date(2016, 1, 1)), day(dt.date(2016, 12, 31))]}
    at.run()
    assert comparison_args(at)["start"] == day(dt.date(2016, 1, 1))
    assert at.query_params["bstart"] == "2016-01-01"
    assert window(at)[0] == dt.date(2018, 1, 1)
    # Back to a change map: the change layer replaces the choropleth, on one map.
    compare(at, "c-1", on=True, side=False)
    assert "change" in at.query_params["layers"] and "compare" not in at.query_params
    assert len(component_args(at, "iskp_map")["panes"]) == 1
    assert component_args(at, "iskp_map")["steer"] == "c-1"


def test_side_by_side_survives_turning_the_comparison_off_and_on():
    at = run({"start": "2018-01-01", "end": "2018-12-31"})
    compare(at, "c-1", on=True)
    compare(at, "c-2", on=True, side=True)
    compare(at, "c-3", on=False, side=True)
    assert "compare" not in at.query_params and "bstart" not in at.query_params
    assert comparison_args(at)["side"] is True  # what the switch turns on again
    compare(at, "c-4", on=True, side=True)
    assert comparison_args(at)["side"] is True and at.query_params["compare"] == "side"


def test_a_baseline_outside_the_data_is_named_as_such():
    at = run({"start": "2018-01-01", "end": "2018-12-31", "bstart": "2030-01-01",
              "bend": "2030-12-31"})
    assert comparison_args(at)["on"] is True
    assert any("The baseline lies outside the data (01 Sep 2014 – 20 May 2022)" in w
               for w in notes(at, "warning"))
    compare(at, "c-1", first=dt.date(2017, 1, 1), last=dt.date(2017, 12, 31))
    assert not notes(at, "warning")
    assert notes(at, "caption") == ["Baseline: 01 Jan 2017 – 31 Dec 2017"]
    assert at.query_params["bstart"] == "2017-01-01"


def test_a_baseline_ending_before_it_starts_is_not_taken():
    at = run({"start": "2018-01-01", "end": "2018-12-31", "bstart": "2017-12-31",
              "bend": "2017-01-01"})
    assert plain(at, "warning") == ["baseline window in the link ignored: the window ends "
                                    "(2017-01-01) before it starts (2017-12-31)"]
    assert comparison_args(at)["on"] is False
    # Sent so by hand (the panel keeps the baseline's length instead): the switch is taken,
    # the reversed days are not.
    compare(at, "c-1", first=dt.date(2017, 12, 31), last=dt.date(2017, 1, 1))
    assert comparison_args(at)["start"] <= comparison_args(at)["end"]
    assert at.query_params["bstart"] <= at.query_params["bend"]


def test_a_link_window_beyond_the_data_is_named_not_silently_narrowed():
    at = run({"start": "9999-01-01", "end": "9999-12-31"})
    assert window(at) == (dt.date(2022, 5, 20), dt.date(2022, 5, 20))
    said = ("the link's window 01 Jan 9999 – 31 Dec 9999 reaches beyond the data "
            "(01 Sep 2014 – 20 May 2022): shown 20 May 2022 – 20 May 2022")
    assert any(said in w for w in plain(at, "warning"))
    at = run({"start": "2018-01-01", "end": "2018-12-31"})
    assert not at.warning and not plain(at, "warning")


def test_the_workspace_history_is_headed_in_dari():
    """The History tab's table: its columns and what was done said in the reader's language,
    the file's name as kept."""
    data = ("id,date_start,date_precision,admin1,category,summary,source,actors\n"
            "H1,2019-05-02,day,Kunar,attack,TEST DATA,TEST DATA source,ISKP\n").encode()
    at = run({"lang": "fa"})
    at.file_uploader(key="uploads").set_value(("{0} history.csv", data, "text/csv")).run()
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    history = [f for f in frames if list(f.columns) == ["زمان", "کاربر", "کار انجام‌شده", "نوع",
                                                        "شناسه", "نام", "نشانی"]]
    assert len(history) == 1, [list(f.columns) for f in frames]
    mine = history[0][history[0]["نام"] == "{0} history.csv"]
    assert list(mine["کار انجام‌شده"]) == ["وارد شد"] and list(mine["نوع"]) == ["مجموعهٔ داده"]


def test_a_slide_of_the_default_title_is_offered_and_listed_in_dari():
    """The briefing's fields offer the product's default title (and the briefing's name) in
    the reader's language; a slide added with it keeps the default, which each deck says in
    its own language; its row names it and its window in Dari."""
    at = run({"lang": "fa", "start": "2018-07-01", "end": "2018-07-31"})
    with speaking("fa"):
        title, add = say(DEFAULT_TITLE), say("Add this view as a slide")
    assert at.text_input(key="slide_title").value == title
    assert at.text_input(key="briefing_title").value == "بریفینگ"
    next(b for b in at.button if b.label == add).click().run()
    assert not at.exception, at.exception
    assert [s.title for s in at.session_state["briefing_slides"]] == [DEFAULT_TITLE]
    assert f"1. {title} · 01 جولای 2018 – 31 جولای 2018" in plain(at, "caption")


def test_the_neighbours_and_a_new_maps_name_are_said_in_dari():
    """The border sectors' neighbours named as the Dari map names them (ISO 3166 in Dari);
    a map not yet saved is offered the map's title as its name, in the reader's language;
    the datasets' list asks for datasets in Dari."""
    at = run({"lang": "fa", "start": "2018-07-01", "end": "2018-07-31"})
    with speaking("fa"):
        neighbour, title = say("Neighbour"), say(DEFAULT_TITLE)
    table = next(d.value for d in at.dataframe if neighbour in d.value.columns)
    assert list(table[neighbour]) == ["پاکستان", "ایران", "ترکمنستان", "ازبکستان", "تاجیکستان",
                                      "چین"]
    assert at.text_input(key="save_name").value == title
    # The datasets' list says what to do when none is ticked (not Streamlit's English).
    assert at.multiselect(key="datasets_on").proto.placeholder == "مجموعه‌های داده را برگزینید"
    english = run({"start": "2018-07-01", "end": "2018-07-31"})
    table = next(d.value for d in english.dataframe if "Neighbour" in d.value.columns)
    assert list(table["Neighbour"]) == ["Pakistan", "Iran", "Turkmenistan", "Uzbekistan",
                                        "Tajikistan", "China"]
    assert english.text_input(key="save_name").value == DEFAULT_TITLE
