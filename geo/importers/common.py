"""What every importer shares: parsing helpers and the final placing and checking of records.

An importer maps its format's columns to a *staged* frame (the record columns, dates and numbers
parsed, the place still as the name the file gives) and reports format-specific problems; then
:func:`finish` places every row (gazetteer for names, point-in-polygon for coordinates), applies
the checks common to all formats and splits accepted from rejected rows.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pycountry

from geo.attribution import ISKP_FOUNDED
from geo.boundaries import SUCCESSORS
from geo.gazetteer import AmbiguousPlace, UnknownPlace, resolve, resolve_close, try_resolve
from geo.importers.district_placing import place_districts
from geo.lookup import locate
from geo.records import COLUMNS, MAY_BE_OUTSIDE
from geo.text_out import CONTROL
from geo.validation import ImportResult, Problems, reason_at
from geo.words import Phrase

HTML_LIKE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|javascript:|&#", re.IGNORECASE)
TEXT_COLUMNS = ("location", "district", "actors", "summary", "source", "notes")


def _one_copy_per_event(staged: pd.DataFrame, problems: Problems, lines) -> None:
    """One ACLED or UCDP event twice in a file is one record, by the rule that merges files
    (geo.importers.merge): the newer ACLED timestamp wins, else the later line; the other copy
    is rejected, naming the line kept. Native ids repeated are only warned about."""
    from geo.importers.merge import EVENT_ID, newest_copies

    ids = staged["id"].astype(str)
    keyed = staged["source_id"].astype(str).str.contains(EVENT_ID, regex=True)
    rejected = np.zeros(len(staged), dtype=bool)
    rejected[list(problems.rejected_positions())] = True
    live = ids.ne("") & ~rejected
    dup = live & ids.duplicated(keep=False)
    problems.warn(dup & ~keyed, "id", reason_at("duplicate id '{0}'", ids))
    events = dup & keyed
    if not events.any():
        return
    updated = staged["updated"] if "updated" in staged else pd.Series(np.nan, index=ids.index)
    winners = newest_copies(ids, updated, events)
    kept_line = dict(zip(ids.iloc[winners], np.asarray(lines)[winners]))
    losers = events & ~pd.Series(np.isin(np.arange(len(staged)), winners), index=staged.index)
    problems.reject(losers, "id", reason_at(
        "the same event as line {1} (id '{0}'), which is kept: the newer ACLED timestamp wins, "
        "else the later line", ids, ids.map(kept_line)))


def _control_names(text: str) -> str:
    return ", ".join(sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(text)}))


def clean(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).str.strip()


EARLIEST = pd.Timestamp("1989-01-01")  # UCDP GED starts in 1989, ACLED in 1997
_YEAR = r"(?:^|\D)(\d{4})(?:\D|$)"
# Formats read day first; where day and month could be swapped (02/03/2021) a warning says so.
DAY_FIRST = {"%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"}


def _strptime(text: pd.Series, fmt: str) -> np.ndarray:
    """Dates in one format as datetime64[s], NaT where it does not fit. Arrow's strptime (C++,
    any year) where it can; pandas for fractional seconds, which Arrow's does not read."""
    if "%f" in fmt:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
        return parsed.to_numpy().astype("datetime64[s]")
    src = pa.array(text, type=pa.string())
    out = pc.strptime(src, format=fmt, unit="s", error_is_null=True) \
        .to_numpy(zero_copy_only=False).astype("datetime64[s]")
    day = (out.astype("datetime64[D]") - out.astype("datetime64[M]")).astype(int) + 1
    rolled = ~np.isnat(out) & (day <= 3)
    if "%d" in fmt and rolled.any():
        # Arrow rolls 30 February over into 2 March: a date that landed on day 1-3 must have
        # that day written, else it is no date.
        fields = pc.extract_regex(src.filter(pa.array(rolled)), _format_regex(fmt))
        written = pc.cast(pc.struct_field(fields, "d"), pa.int64(), safe=False) \
            .to_numpy(zero_copy_only=False)
        pos = np.flatnonzero(rolled)
        out[pos[day[pos] != written]] = np.datetime64("NaT")
    return out


def _format_regex(fmt: str) -> str:
    """A RE2 pattern for a strptime format, naming the day ``d`` (for the check above)."""
    parts = {"%Y": r"\s*\d{1,4}", "%y": r"\d{2}", "%m": r"\d{1,2}", "%d": r"\s*(?P<d>\d{1,2})",
             "%B": r"[A-Za-z]+", "%b": r"[A-Za-z]+", "%H": r"\d{1,2}", "%M": r"\d{1,2}",
             "%S": r"\d{1,2}"}
    out, i = "", 0
    while i < len(fmt):
        tok = fmt[i:i + 2]
        if tok in parts:
            out += parts[tok]
            i += 2
        else:
            out += re.escape(fmt[i])
            i += 1
    return "^" + out


def latest_date() -> pd.Timestamp:
    """The latest plausible date: a year after today (a planned meeting may lie ahead)."""
    return pd.Timestamp.today().normalize() + pd.Timedelta(days=365)


def parse_dates(series: pd.Series, formats: list[str], problems: Problems | None = None,
                column: str = "", required: bool = False, hint: str = "") -> pd.Series:
    """Parse text dates trying each format in turn; NaT where none fits or the cell is empty.

    With ``problems``: a date before 1989 or more than a year after today is rejected (so are
    years pandas cannot hold, 0001 or 9999, before they are parsed), an unparseable one is
    rejected with ``hint``, an empty one when ``required``; a day/month date that could be read
    either way is warned about."""
    text = clean(series)
    n = len(text)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    latest = latest_date()
    early, late = np.datetime64(EARLIEST, "s"), np.datetime64(latest, "s")
    implausible_np = np.zeros(n, dtype=bool)
    matched_np = np.full(n, "", dtype=object)
    given = (text != "").to_numpy()
    for fmt in formats:
        idx = np.flatnonzero(given & np.isnat(out) & ~implausible_np)
        if not len(idx):
            break
        parsed = _strptime(text if len(idx) == n else text.iloc[idx], fmt)
        hit = ~np.isnat(parsed)
        # A parsed date outside 1989..next year (year 0018 from '5-Oct-18' read with %Y) is
        # never stored: pandas' nanosecond range ends in 1677 and 2262.
        bad = hit & ((parsed < early) | (parsed > late))
        implausible_np[idx[bad]] = True
        ok = hit & ~bad
        out[idx[ok]] = parsed[ok].astype("datetime64[ns]")
        matched_np[idx[ok]] = fmt
    out = pd.Series(out, index=series.index)
    # A date with a time of day (2018-07-13 18:00:00) is that day: a record's dates are days.
    days = out.dt.normalize()
    timed = out.notna() & (out != days)
    if timed.any():
        if problems is not None:
            problems.warn(timed, column, reason_at(
                "'{0}' has a time of day; the record is dated {1:%d %b %Y} (dates are days "
                "here)", text, out))
        out = days
    implausible = pd.Series(implausible_np, index=series.index)
    matched_by = pd.Series(matched_np, index=series.index)
    # Years pandas cannot hold at all (0001, 9999) fail every format: say why, not "unparseable".
    failed = out.isna() & (text != "") & ~implausible
    if failed.any():
        years = pd.to_numeric(text[failed].str.extract(_YEAR, expand=False), errors="coerce")
        implausible[years[(years < EARLIEST.year) | (years > latest.year)].index] = True
    if problems is not None:
        problems.reject(implausible, column, reason_at(
            "date '{0}' is before {first} or more than a year after today ({last})", text,
            first=EARLIEST.year, last=f"{latest:%Y-%m-%d}"))
        empty = text == ""
        if required:
            problems.reject(empty, column, Phrase("missing {what}",
                                                  what=column.replace("_", " ")))
        problems.reject(out.isna() & ~empty & ~implausible, column,
                        reason_at("unparseable date '{0}'; {hint}", text, hint=hint)
                        if hint else reason_at("unparseable date '{0}'", text))
        swapped = matched_by.isin(DAY_FIRST) & (out.dt.day <= 12) & (out.dt.month != out.dt.day)
        problems.warn(swapped.fillna(False), column, reason_at(
            "ambiguous date '{0}' read day first, as {1:%d %B %Y}", text, out))
    return out


_DECIMAL = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$"


def parse_float(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers from text; returns (values, bad) where bad marks non-empty cells that are no number."""
    text = clean(series).str.replace(",", "", regex=False)
    # Arrow casts text to numbers in C++; a cell that is no plain decimal number is left out
    # first (the cast would fail the whole column), so 'nan', 'inf' and '0x1A' are no numbers.
    arr = pa.array(text, type=pa.string())
    ok = pc.match_substring_regex(arr, _DECIMAL)
    numbers = pc.cast(pc.if_else(ok, arr, pa.scalar(None, pa.string())), pa.float64())
    values = pd.Series(numbers.to_numpy(zero_copy_only=False), index=text.index, dtype=float)
    values = values.where(np.isfinite(values))
    return values, (text != "") & values.isna()


def text_columns(df: pd.DataFrame):
    """A getter for a column's cleaned text; a column the file lacks reads as empty."""
    return lambda c: clean(df[c]) if c in df else pd.Series("", index=df.index, dtype=object)


def free_text_columns(df: pd.DataFrame):
    """A getter for a column of free text (a summary, notes, a source's words): kept exactly as
    the file gives it, white space included, since nothing is matched against it. Test for
    emptiness with :func:`blank`."""
    return lambda c: df[c].fillna("").astype(str) if c in df else \
        pd.Series("", index=df.index, dtype=object)


def blank(series: pd.Series) -> pd.Series:
    return series.str.strip() == ""


MAX_FATALITIES = 100_000
_WHOLE = r"-?\d{1,9}(?:\.0+)?"


def whole_number_column(values: pd.Series, problems: Problems, column: str,
                        label: str | None = None) -> pd.Series:
    """Counts (fatalities) from text: whole numbers only ('3', and '3.0' as Excel writes them).
    '1,5', 3.7 and 1e19 are rejected with the reason, never reread as 15, 3 or a wrapped
    integer; more than MAX_FATALITIES for one record is rejected as implausible."""
    text = clean(values)
    label = label or column
    whole = text.str.fullmatch(_WHOLE)
    numbers, _ = parse_float(text.where(whole, ""))
    problems.reject((text != "") & ~whole, column, reason_at(
        "{label} '{0}' is not a whole number", text, label=label))
    problems.reject(numbers > MAX_FATALITIES, column, reason_at(
        "{label} '{0}' is implausible for one record (more than {most})", text, label=label,
        most=f"{MAX_FATALITIES:,}"))
    return numbers.where(numbers <= MAX_FATALITIES)


def number_column(values: pd.Series, problems: Problems, column: str,
                  label: str | None = None) -> pd.Series:
    """Numbers from a text column; a non-empty cell that is no number rejects its row."""
    numbers, bad = parse_float(values)
    problems.reject(bad, column, reason_at("{label} '{0}' is not a number", values,
                                           label=label or column))
    return numbers


# Names UCDP and ACLED use that ISO's names and pycountry's fuzzy search miss.
COUNTRY_SPELLINGS = {"dr congo": "CD", "bosnia-herzegovina": "BA", "kingdom of eswatini": "SZ",
                     "ivory coast": "CI", "east timor": "TL", "russia": "RU", "laos": "LA",
                     "iran": "IR", "syria": "SY", "vietnam": "VN", "south korea": "KR",
                     "north korea": "KP", "macedonia, fyr": "MK", "micronesia": "FM"}


@lru_cache(maxsize=2048)
def country_code(value: str) -> str | None:
    """ISO alpha-2 for a country given as a name, alpha-2, alpha-3 or numeric code. UCDP's
    historical names ('Russia (Soviet Union)', 'Myanmar (Burma)') resolve to today's country."""
    v = value.strip()
    if not v:
        return None
    if v.lower() in COUNTRY_SPELLINGS:
        return COUNTRY_SPELLINGS[v.lower()]
    if "(" in v and v.endswith(")"):
        head, _, inner = v[:-1].partition("(")
        return country_code(head.strip()) or country_code(inner.strip())
    try:
        if v.isdigit():
            c = pycountry.countries.get(numeric=v.zfill(3))
        elif len(v) == 2:
            c = pycountry.countries.get(alpha_2=v.upper())
        elif len(v) == 3:
            c = pycountry.countries.get(alpha_3=v.upper())
        else:
            c = pycountry.countries.lookup(v)
    except LookupError:
        c = None
    if c is None and len(v) > 3:
        return _close_country(v)
    return c.alpha_2 if c else None


@lru_cache(maxsize=1)
def _country_names() -> tuple[list[str], list[str]]:
    names, codes = [], []
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                names.append(getattr(c, attr).lower())
                codes.append(c.alpha_2)
    return names, codes


def _close_country(value: str) -> str | None:
    """A close misspelling of one country's name ('Afganistan'), by one RapidFuzz pass over
    the ISO names (pycountry's search_fuzzy took 20 ms a name and matched words inside
    subdivision names: 'None' gave Italy). Words that are no country ('none', 'country')
    match nothing."""
    from rapidfuzz import fuzz, process

    names, codes = _country_names()
    best = process.extractOne(value.lower(), names, scorer=fuzz.ratio, score_cutoff=88)
    return codes[best[2]] if best else None


def countries(series: pd.Series, problems: Problems, column: str) -> pd.Series:
    text = clean(series)
    codes = text.map({v: country_code(v) for v in text.unique()})
    bad = (text != "") & codes.isna()
    problems.reject(bad, column, reason_at("unknown country '{0}'", text))
    return codes.fillna("")


def _covered_units(cc: str) -> str:
    from geo.boundaries import border_regions
    reg = border_regions(include_historical=True)
    return ", ".join(reg.loc[reg.country == cc, "name"])


def _unknown_reason(part: str, cc: str, exc: UnknownPlace) -> str:
    """Why a name does not resolve, in the words that help most."""
    from geo.boundaries import COUNTRY_NAMES
    elsewhere = try_resolve(part) if cc else None
    if elsewhere is not None:
        return Phrase("'{name}' is {unit} ({iso}) in {country}, but the row's country is "
                      "{row_country}", name=part, unit=elsewhere.name, iso=elsewhere.iso,
                      country=COUNTRY_NAMES.get(elsewhere.country, elsewhere.country),
                      row_country=COUNTRY_NAMES.get(cc, cc))
    if cc and cc != "AF" and cc in COUNTRY_NAMES:
        return Phrase("'{name}' is not one of {country}'s border regions covered by the map "
                      "({covered})", name=part, country=COUNTRY_NAMES[cc],
                      covered=_covered_units(cc))
    if exc.suggestions:
        return Phrase("unknown province or region '{name}'; did you mean {names}?", name=part,
                      names=", ".join(exc.suggestions))
    return Phrase("unknown province or region '{name}'; no similar name is known", name=part)


def _resolve_one(value: str, cc: str) -> tuple[str | None, str, str]:
    """(ISO codes joined by |, or None; rejection reason; warning) for one distinct name."""
    codes, warning = [], ""
    for part in value.split("|"):
        part = part.strip()
        try:
            unit = resolve(part, country=cc or None)
        except UnknownPlace as exc:
            close = resolve_close(part, country=cc or None)
            if close is None:
                return None, _unknown_reason(part, cc, exc), ""
            unit = close[0]
            warning = Phrase("'{name}' read as {unit} ({iso}), the closest known name "
                             "(similarity {similarity}%)", name=part, unit=unit.name,
                             iso=unit.iso, similarity=f"{close[1]:.0f}")
        except AmbiguousPlace as exc:
            return None, Phrase("{problem}; give the ISO 3166-2 code instead",
                                problem=str(exc)), ""
        if unit.historical:
            history = Phrase("{unit} ({iso}) is a historical unit, merged into {successor} in "
                             "2018: kept as {iso}, drawn and counted within {successor} on "
                             "today's map", unit=unit.name, iso=unit.iso,
                             successor=unit.successor_iso)
            warning = Phrase("{first}; {second}", first=warning, second=history) \
                if warning else history
        codes.append(unit.iso)
    return "|".join(dict.fromkeys(codes)), "", warning


def _resolve_names(names: pd.Series, country: pd.Series, problems: Problems, column: str):
    """ISO codes for admin-1 names (``|`` lists allowed), resolving each distinct (name,
    country) pair once: a million rows name a few hundred places."""
    key = names.astype(str) + "\x1f" + country.astype(str)
    codes, uniques = pd.factorize(key)
    solved = []
    for u in uniques:
        name, _, cc = str(u).partition("\x1f")
        solved.append(_resolve_one(name, cc) if name else ("", "", ""))
    iso = np.array([s[0] or "" for s in solved], dtype=object)[codes]
    why = np.array([s[1] for s in solved], dtype=object)[codes]
    warn = np.array([s[2] for s in solved], dtype=object)[codes]
    problems.reject(why != "", column, why)
    problems.warn(warn != "", column, warn)
    return pd.Series(iso, index=names.index, dtype="str")



def finish(staged: pd.DataFrame, problems: Problems, *, fmt: str, name: str,
           place_column: str, raw: pd.DataFrame, lines: list[int],
           lat_column: str = "latitude", lon_column: str = "longitude",
           district_column: str = "district", extra_rejected: list | None = None,
           extra_raw: dict | None = None) -> ImportResult:
    """Place, check and split the staged rows (see module docstring)."""
    staged = staged.reset_index(drop=True)
    n = len(staged)
    place_names = clean(staged["place_name"])
    staged["country"] = clean(staged["country"])
    admin1 = _resolve_names(place_names, staged["country"], problems, place_column)
    if "possible_name" in staged:
        staged["possible_admin1"] = _resolve_names(clean(staged["possible_name"]),
                                                   staged["country"], problems, "possible_admin1")

    lat, lon = staged["latitude"], staged["longitude"]
    one_missing = lat.isna() ^ lon.isna()
    problems.reject(one_missing, lat_column if lat.isna().any() else lon_column,
                    Phrase("latitude and longitude must be given together"))
    out_of_range = (lat.abs() > 90) | (lon.abs() > 180)
    problems.reject(out_of_range, lat_column, reason_at(
        "coordinates out of range: latitude {0}, longitude {1}", lat, lon))
    has_point = lat.notna() & lon.notna() & ~out_of_range
    found = locate(lon.where(has_point), lat.where(has_point))
    point_admin1 = found["iso"].fillna("").astype(str)
    outside = has_point & (point_admin1 == "") & ~staged["category"].isin(MAY_BE_OUTSIDE)
    problems.reject(outside, lat_column, reason_at(
        "point ({0:.4f}, {1:.4f}) is outside Afghanistan and its border regions", lat, lon))

    # A name wins over coordinates; where they disagree the record is kept and flagged.
    named = admin1 != ""
    has_both = (named & (point_admin1 != "")).to_numpy()
    codes = admin1.to_numpy(object)
    points = point_admin1.to_numpy(object)
    single = has_both & ~admin1.str.contains("|", regex=False).to_numpy()
    disagree = np.zeros(n, dtype=bool)
    named_single = codes[single].copy()
    for old, new in SUCCESSORS.items():
        named_single[named_single == old] = new
    disagree[single] = named_single != points[single]
    for p in np.flatnonzero(has_both & ~single):  # region records: a set test each
        disagree[p] = points[p] not in {SUCCESSORS.get(c, c) for c in codes[p].split("|")}
    problems.warn(disagree, place_column, reason_at(
        "names {0} ({1}) but the coordinates fall in {2} ({3}); kept under {1}, not moved",
        place_names, admin1, found["name"].fillna(""), point_admin1))
    admin1 = admin1.where(named, point_admin1)

    country_level = (staged["geo_precision"] == "country") & (staged["country"] != "")
    unplaced = (place_names == "") & ~has_point & ~country_level & ~one_missing
    problems.reject(unplaced, place_column, Phrase(
        "no place: give a province or region name, or latitude and longitude"))
    # Country from the place when the file gives none.
    staged["country"] = staged["country"].where(staged["country"] != "",
                                                admin1.str.slice(0, 2))

    bad_order = staged["date_end"] < staged["date_start"]
    problems.reject(bad_order, "date_end", Phrase("the end date is before the start date"))
    neg = staged["fatalities"] < 0
    problems.reject(neg, "fatalities", Phrase("fatalities cannot be negative"))

    for col in TEXT_COLUMNS:
        if col in staged:
            text = clean(staged[col])
            # A cheap test first: markup needs '<', '&' or 'javascript:'.
            maybe = text.str.contains(r"[<&]|(?i:javascript:)", regex=True)
            has_html = pd.Series(False, index=text.index)
            if maybe.any():
                has_html[maybe] = text[maybe].str.contains(HTML_LIKE)
            problems.warn(has_html, col,
                          Phrase("contains HTML or script markup; it is shown as text"))
            raw_text = staged[col].astype(str)
            controls = raw_text.str.contains(CONTROL.pattern, regex=True)
            if controls.any():
                names = pd.Series("", index=raw_text.index, dtype=object)
                names[controls] = raw_text[controls].map(_control_names)
                problems.warn(controls, col, reason_at(
                    "holds control character(s) {0}; kept as given (KML, GeoPackage and "
                    "PowerPoint, which cannot hold them, show their symbols, e.g. ␀)", names))
    _one_copy_per_event(staged, problems, lines)
    if "attribution" in staged:
        early = (staged["attribution"] == "iskp") & (staged["date_start"] < ISKP_FOUNDED)
        problems.warn(early, "date_start", reason_at(
            "names ISKP but is dated {0:%d %b %Y}, before the group existed (late 2014): "
            "kept, flagged", staged["date_start"]))

    staged["district_id"], staged["district_from"] = place_districts(
        staged, admin1, has_point, problems, district_column)
    staged["admin1"] = admin1
    staged["point_admin1"] = point_admin1.where(has_point, "")
    staged["line"] = lines
    staged["origin"] = name
    flags = pd.Series("", index=staged.index, dtype=object)
    for p, _, reason, _ in problems.warnings:
        flags.iat[p] = (flags.iat[p] + "; " if flags.iat[p] else "") + reason
    staged["flags"] = flags
    if "updated" not in staged:
        staged["updated"] = np.nan
    for col in COLUMNS:
        if col not in staged:
            staged[col] = ""
    bad_pos = problems.rejected_positions()
    if bad_pos:
        keep = np.ones(n, dtype=bool)
        keep[list(bad_pos)] = False
        records = staged.loc[keep, COLUMNS].reset_index(drop=True)
    else:
        records = staged[COLUMNS].reset_index(drop=True)

    rejected = problems.issues("rejected") + list(extra_rejected or [])
    rejected.sort(key=lambda i: (i.line, i.column))
    # The file's own columns named 'line' or 'reason' keep their cells under another name.
    file_cols = {c: (f"{c} (file)" if c in ("line", "reason") else c) for c in raw.columns}
    rej_rows = raw.iloc[sorted(bad_pos)].rename(columns=file_cols) if len(raw) and bad_pos \
        else pd.DataFrame()
    if len(rej_rows):
        rej_rows.insert(0, "line", [int(lines[p]) for p in sorted(bad_pos)])
    if extra_raw:
        cols = list(file_cols.values())
        # Cells past the header's width are kept, joined, in a column of their own.
        extra = pd.DataFrame([(ln, *r[:len(cols)], *[""] * (len(cols) - len(r)),
                               ",".join(r[len(cols):]))
                              for ln, r in extra_raw.items()],
                             columns=["line", *cols, "(cells past the header)"])
        rej_rows = pd.concat([rej_rows, extra], ignore_index=True) if len(rej_rows) else extra
    if len(rej_rows):
        why = {}
        for i in rejected:
            why.setdefault(i.line, []).append(f"{i.column}: {i.reason}" if i.column else i.reason)
        rej_rows["reason"] = [" | ".join(why.get(ln, [])) for ln in rej_rows["line"]]
        rej_rows = rej_rows.sort_values("line").reset_index(drop=True)
    return ImportResult(format=fmt, name=name, rows=n + len(extra_raw or {}), records=records,
                        rejected=rejected, warnings=problems.issues("warnings"),
                        rejected_rows=rej_rows)
