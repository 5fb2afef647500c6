"""The timeline under an exported map: honest bars, drag to select, presets, playback, keys."""
import pytest

from geo.joins import DateWindow
from outputs.export import export_html
from map_page.assembly import MapView
from test_browser_labels import open_file
from test_joins import native

pytestmark = pytest.mark.browser
WINDOW = ("() => { const t = document.querySelector('.iskp-tl-frame'); return t.textContent; }")


@pytest.fixture(scope="module")
def timeline_file(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("timeline")
    # One record known to the day in March 2020, and one known only to the year 2021.
    records = native(tmp, ["D1,2020-03-10,,day,Kunar,attack,TEST DATA,test,1",
                           "Y1,2021-01-01,,year,Nangarhar,attack,TEST DATA,test,0"])
    path = tmp / "t.html"
    path.write_text(export_html(MapView(layers=("provinces", "activity", "incidents"),
                                        window=DateWindow.parse("2020-01-01", "2021-12-31")),
                                records), encoding="utf-8")
    return path


@pytest.fixture
def page(chromium, timeline_file):
    page = open_file(chromium, timeline_file, (1400, 900))
    page.locator(".iskp-tl-bin").first.wait_for()
    yield page
    page.context.close()


def bars(page):
    return page.evaluate("[...document.querySelectorAll('.iskp-tl-bin')]"
                         ".map(r => [r.dataset.start, +r.dataset.value])")


def test_a_record_known_to_the_year_is_spread_over_its_months(page):
    page.locator(".iskp-tl-bins").select_option("month")
    by_month = dict(bars(page))
    assert by_month["2020-03-01"] == pytest.approx(1.0)
    # Each month of 2021 gets its share of the year in days: January 31/365, February 28/365.
    year = {k: v for k, v in by_month.items() if k.startswith("2021")}
    assert len(year) == 12
    assert year["2021-01-01"] == pytest.approx(31 / 365, abs=1e-3)
    assert year["2021-02-01"] == pytest.approx(28 / 365, abs=1e-3)
    assert sum(by_month.values()) == pytest.approx(2.0, abs=1e-3)


def test_dragging_across_the_bars_selects_the_window(page):
    page.locator(".iskp-tl-bins").select_option("month")
    svg = page.locator(".iskp-timeline svg").bounding_box()
    y = svg["y"] + svg["height"] / 3
    page.mouse.move(svg["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(svg["x"] + svg["width"] * 0.2, y)
    page.mouse.up()
    # Snapped to whole months from the first: the date fields and the frame agree.
    assert page.locator(".iskp-from").input_value() == "01 Jan 2020"
    to = page.locator(".iskp-to").input_value()
    assert to.endswith("2020") and to[:2] in {"29", "30", "31"}
    assert page.evaluate(WINDOW).startswith("01 Jan 2020 – ")


def test_presets(page):
    page.locator(".iskp-tl-year").select_option("2021")
    assert page.evaluate(WINDOW) == "01 Jan 2021 – 31 Dec 2021"
    page.locator(".iskp-tl-last30").click()
    assert page.evaluate(WINDOW) == "02 Dec 2021 – 31 Dec 2021"
    page.locator(".iskp-tl-all").click()
    assert page.evaluate(WINDOW) == "01 Jan 2020 – 31 Dec 2021"


def test_playback_advances_frames_and_keeps_the_choropleth_classes(page):
    legend_before = page.locator(".iskp-legend-box .iskp-class").all_inner_texts()
    page.locator(".iskp-tl-step").select_option("quarter")
    page.locator(".iskp-tl-speed").select_option("250")
    seen = set()
    page.locator(".iskp-tl-play").click()
    for _ in range(10):  # about a second: four or five of the eight quarters
        seen.add(page.evaluate(WINDOW))
        page.wait_for_timeout(100)
    page.locator(".iskp-tl-play").click()  # pause
    assert page.locator(".iskp-timeline").get_attribute("data-playing") == "0"
    paused = page.evaluate(WINDOW)
    page.wait_for_timeout(400)
    assert page.evaluate(WINDOW) == paused  # paused means paused
    assert "01 Jan 2020 – 31 Mar 2020" in seen and len(seen) >= 3
    # Rolling quarters: each frame is one quarter long.
    assert all(w.split(" – ")[0][3:] in {"Jan 2020", "Apr 2020", "Jul 2020", "Oct 2020",
                                         "Jan 2021", "Apr 2021", "Jul 2021", "Oct 2021"}
               for w in seen if w != "01 Jan 2020 – 31 Dec 2021")
    # Fixed classes: the legend's classes do not change with the frames.
    assert page.locator(".iskp-legend-box .iskp-class").all_inner_texts() == legend_before


def test_keyboard_steps_and_plays(page):
    page.locator(".iskp-tl-step").select_option("year")
    page.locator(".iskp-timeline").focus()
    page.keyboard.press("ArrowRight")
    first = page.evaluate(WINDOW)
    page.keyboard.press("ArrowRight")
    assert page.evaluate(WINDOW) != first
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(WINDOW) == first
    page.keyboard.press(" ")
    assert page.locator(".iskp-timeline").get_attribute("data-playing") == "1"
    page.keyboard.press(" ")
    assert page.locator(".iskp-timeline").get_attribute("data-playing") == "0"
    # Cumulative mode: every frame starts on the data's first day.
    page.locator(".iskp-tl-mode").select_option("cumulative")
    page.locator(".iskp-timeline").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate(WINDOW).startswith("01 Jan 2020 – ")


def test_typed_dates_read_like_the_legend_and_apply_when_complete(page):
    start, end = page.locator(".iskp-from"), page.locator(".iskp-to")
    assert (start.input_value(), end.input_value()) == ("01 Jan 2020", "31 Dec 2021")
    start.click()
    start.press("Control+a")
    start.press_sequentially("5 Mar 2")  # half typed: nothing changes yet
    assert page.evaluate(WINDOW) == "01 Jan 2020 – 31 Dec 2021"
    start.press_sequentially("020")
    start.press("Enter")
    assert page.evaluate(WINDOW) == "05 Mar 2020 – 31 Dec 2021"
    assert start.input_value() == "05 Mar 2020"
    end.fill("2021-06-01")
    end.press("Enter")
    assert page.evaluate(WINDOW) == "05 Mar 2020 – 01 Jun 2021"
    # A day that does not exist is marked and changes nothing.
    end.fill("31 Feb 2021")
    end.press("Enter")
    assert "iskp-invalid" in end.get_attribute("class")
    assert page.evaluate(WINDOW) == "05 Mar 2020 – 01 Jun 2021"


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1280, 720)])
def test_playback_plays_within_the_chosen_window(chromium, tmp_path, size):
    """With 2018 chosen in a file of 2014-2022, ▶ plays the months of 2018, says so, and stops
    at December (issue 23, item 6); its pause sign is drawn, not a glyph the fonts lack."""
    from geo.activity import builtin_records
    path = tmp_path / "y2018.html"
    path.write_text(export_html(MapView(window=DateWindow.parse("2018-01-01", "2018-12-31")),
                                builtin_records()), encoding="utf-8")
    page = open_file(chromium, path, size)
    page.locator(".iskp-tl-bin").first.wait_for()
    page.locator(".iskp-tl-step").select_option("month")
    page.locator(".iskp-tl-speed").select_option("80")
    frames = []
    page.expose_function("seen", lambda text: frames.append(text))
    page.evaluate("() => new MutationObserver(() => seen(document.querySelector("
                  "'.iskp-tl-frame').textContent)).observe(document.querySelector("
                  "'.iskp-tl-frame'), {childList: true, characterData: true, subtree: true})")
    page.locator(".iskp-tl-play").click()
    icon = page.locator(".iskp-tl-play .iskp-tl-icon-pause")
    assert icon.bounding_box()["width"] > 4
    page.wait_for_function("() => document.querySelector('.iskp-timeline').dataset.playing "
                           "=== '0'", timeout=15_000)
    played = [f.split(" · ")[0] for f in frames if "playing within" in f]
    assert played[0] == "01 Jan 2018 – 31 Jan 2018"
    assert played[-1] == "01 Dec 2018 – 31 Dec 2018"
    assert all(f.split(" – ")[0].endswith("2018") for f in played)
    assert all("playing within 01 Jan 2018 – 31 Dec 2018" in f for f in frames
               if "playing" in f)
    assert page.locator(".iskp-tl-play .iskp-tl-icon-play").count() == 1
    page.context.close()
