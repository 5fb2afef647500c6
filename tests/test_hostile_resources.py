"""Files made to exhaust the server (issue 20, item 3): each is refused, or read, within a
bounded time and memory, and none can take the process down. Excel is read in a child process
(geo.importers.excel); archives are limited by the bytes actually inflated."""
import gzip
import io
import random
import resource
import string
import time
import zlib

import openpyxl
import pytest

from geo.importers import FileProblem, import_file
from geo.importers import excel
from geo.words import say_again, speaking

HEADER = ["date_start", "date_precision", "category", "summary", "source", "admin1",
          "fatalities"]
ROW = ["2019-05-01", "day", "attack", "s", "TEST DATA", "Nangarhar", 1]


def workbook(fill) -> bytes:
    wb = openpyxl.Workbook()
    fill(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def timed_import(data: bytes, name: str):
    start = time.perf_counter()
    try:
        return import_file(io.BytesIO(data), name=name), time.perf_counter() - start
    except FileProblem as exc:
        return exc, time.perf_counter() - start


@pytest.mark.parametrize("corner", ["XFD1048576", "G1048576", "XFD30000"])
def test_a_used_range_far_beyond_the_data_is_refused_at_once_naming_the_cell(corner):
    def fill(wb):
        ws = wb.active
        ws.append(HEADER)
        ws.append(ROW)
        ws[corner] = "x"
    data = workbook(fill)
    assert len(data) < 8000
    got, seconds = timed_import(data, "far.xlsx")
    assert isinstance(got, FileProblem)
    assert corner in str(got) and "delete the cells beyond the data" in str(got)
    assert seconds < 3
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1024 * 1024  # KB: < 1 GB


def test_a_crash_of_the_excel_reader_is_one_clear_message(monkeypatch):
    """The child runs out of its memory (made tiny here): this process and the message live."""
    monkeypatch.setattr(excel, "BASE_MEMORY", 8 * 2**20)
    monkeypatch.setattr(excel, "MEMORY_PER_BYTE", 0)
    got, _ = timed_import(workbook(lambda wb: (wb.active.append(HEADER),
                                               wb.active.append(ROW))), "small.xlsx")
    assert isinstance(got, FileProblem)
    assert "could not be read within 8 MB of memory" in str(got)


def test_excel_reads_what_excel_shows():
    def fill(wb):
        hidden = wb.active
        hidden.title, hidden.sheet_state = "Notes", "hidden"
        hidden.append(["not data"])
        ws = wb.create_sheet("Data")
        ws.append(HEADER)
        ws.append(ROW)
        ws.append(ROW[:-1] + ["=1/0"])       # a formula saved without its value
        ws.append(ROW[:-1] + ["#DIV/0!"])    # an error cell
        wb.create_sheet("{0} Other").append(["more"])
    result = import_file(io.BytesIO(workbook(fill)), name="mixed.xlsx")
    assert result.accepted == 1
    reasons = {i.line: i.reason for i in result.rejected}
    assert "cell G3 holds a formula saved without its value" in reasons[3]
    assert reasons[4] == "fatalities '#DIV/0!' is not a whole number"
    note = next(w.phrase() for w in result.warnings if "sheets" in w.reason)
    assert note == ("the workbook has 3 sheets: 'Data' is read (the first visible one); "
                    "not read: 'Notes' (hidden), '{0} Other'")
    # Said in Dari in a Dari page, the sheets' names as given.
    with speaking("fa"):
        assert say_again(note) == ("کتاب کار 3 برگه دارد: 'Data' خوانده شد (نخستین برگهٔ پیدا)؛"
                                   " خوانده نشد: 'Notes' (پنهان)، '{0} Other'")


def gzip_of_lines(n_lines: int) -> bytes:
    """A header and ``n_lines`` two-byte lines, compressed without holding them in memory."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [comp.compress(b"date_start,category,summary\n")]
    chunk = b"a\n" * 1_000_000
    for _ in range(n_lines // 1_000_000):
        parts.append(comp.compress(chunk))
    parts.append(comp.flush())
    return b"".join(parts)


def test_a_compression_bomb_is_refused_by_the_bytes_it_inflates():
    bomb = gzip_of_lines(225_000_000)  # 450 MB of lines in about 0.4 MB
    assert len(bomb) < 600_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    got, seconds = timed_import(bomb, "lines.csv.gz")
    assert isinstance(got, FileProblem) and "40 times its own size" in str(got)
    assert seconds < 5
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200


def test_a_row_count_bomb_inside_the_limit_is_refused_before_splitting():
    data = gzip.decompress(gzip_of_lines(7_000_000))
    got, seconds = timed_import(data, "lines.csv")
    assert isinstance(got, FileProblem) and "7,000,001 lines" in str(got)
    assert seconds < 2


def test_thousands_of_invented_country_names_cost_seconds_not_minutes():
    random.seed(7)
    head = ("event_id_cnty,event_date,time_precision,event_type,actor1,country,admin1,"
            "location,latitude,longitude,geo_precision,source,notes,fatalities\n")
    rows = [f"X{i},2019-05-01,1,Battles,A,"
            f"{''.join(random.choices(string.ascii_letters, k=12))},Nangarhar,x,34.4,70.4,1,"
            "s,n,0" for i in range(5000)]
    got, seconds = timed_import((head + "\n".join(rows)).encode(), "countries.csv")
    assert got.rejected_count == 5000 and seconds < 5


@pytest.mark.parametrize("word", ["None", "country", "n/a", "Unknown"])
def test_words_that_are_no_country_match_none(word):
    from geo.importers.common import country_code
    assert country_code(word) is None
