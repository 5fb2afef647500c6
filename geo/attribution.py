"""Whose activity a record is: ISKP, possibly ISKP, or another actor's (context).

Analysts' ACLED and UCDP exports hold every actor of a country. A record is ``iskp`` only when
ISKP is a named party; ``possible`` when the data itself shares or leaves open the attribution
(ACLED's "Taliban and/or Islamic State Khorasan Province (ISKP)"); ``other`` otherwise. The
names each source uses are data (``data/actors/actors.csv``), matched ignoring case, spacing
and punctuation, with the dates a name is valid for: a new spelling needs a row, not code.
Every record keeps the rule that decided it, and ISKP's role: ``actor`` (attacks, claimed
violence) or ``other party`` (operations against it, clashes).

>>> out = attribute({"actor1": pd.Series(["Islamic State (Afghanistan)", "Taleban"])},
...                 "acled", pd.Series(pd.to_datetime(["2018-07-13", "2018-07-13"])),
...                 pd.Series(["AF", "AF"]))
>>> list(out["attribution"])
['iskp', 'other']
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
from geo.words import Phrase, joined, language, say, say_again, say_n

ATTRIBUTIONS = ("iskp", "possible", "other")
# What a map, its figures and ``summary`` may count as ISKP activity: ``other`` never counts,
# shown or not (it is context). What is shown when no one chose: ISKP as a named party.
COUNTED = ("iskp", "possible")
DEFAULT_SHOWN = ("iskp",)
TABLE = Path(__file__).resolve().parents[1] / "data" / "actors" / "actors.csv"
# The parties that act; the others are the ones acted against (targets, opponents).
ACTING = {"actor1", "assoc_actor_1", "side_a", "actors"}
SOURCE_NAMES = {"acled": "ACLED", "ucdp": "UCDP GED", "native": "the file", "geojson": "the file",
                "gtd": "GTD"}
_PUNCT = re.compile(r"[^\w]+")


# Reports date the group's founding in Nangarhar to late 2014; ISKP named earlier is doubtful.
ISKP_FOUNDED = pd.Timestamp("2014-09-01")


def check_shown(values) -> tuple[str, ...]:
    """The attributions a view shows, in their order; an unknown one is an error.

    >>> check_shown(["other", "iskp"])
    ('iskp', 'other')
    """
    values = [str(v).strip().lower() for v in values if str(v).strip()]
    bad = [v for v in values if v not in ATTRIBUTIONS]
    if bad:
        raise ValueError(Phrase("unknown attribution '{value}'; use {known}", value=bad[0],
                                known=", ".join(ATTRIBUTIONS)))
    return tuple(a for a in ATTRIBUTIONS if a in values)


def names_in(cell) -> list[str]:
    """The actors one record names (its ``actors`` cell: parties joined by '; ')."""
    return _split(cell) if isinstance(cell, str) else []


def actor_counts(records: pd.DataFrame) -> list[tuple[str, int]]:
    """Each actor the records name, with how many records name it, most named first (names as
    the files spell them; a record naming one actor twice counts once)."""
    counts: dict[str, int] = {}
    cells = records["actors"].fillna("").astype(str).value_counts()
    for cell, n in cells.items():
        for name in dict.fromkeys(_split(cell)):
            counts[name] = counts.get(name, 0) + int(n)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))


def naming(records: pd.DataFrame, actors) -> pd.Series:
    """True for records naming any of ``actors`` (matched as the table matches: case, spacing
    and punctuation ignored)."""
    wanted = {normalise(a) for a in actors}
    cells = records["actors"].fillna("").astype(str)
    hit = {cell: any(normalise(n) in wanted for n in _split(cell)) for cell in cells.unique()}
    return cells.map(hit).astype(bool)


def spelled_as_in(named: list[tuple[str, int]], actors) -> list[str]:
    """The names of ``actors`` as the data spells them (a link's "taliban" is the data's
    "Taliban"; a name may be spelled several ways), from ``named``, the data's
    :func:`actor_counts`, in its order."""
    wanted = {normalise(a) for a in actors}
    return [n for n, _ in named if normalise(n) in wanted]


def statement(counts: dict, shown, meetings_apart: int = 0) -> str:
    """What a map shows, in the words its title, legend, slide and summary use:
    "ISKP: 3 of 174 records · possibly ISKP: 0 (hidden) · other actors: 171 (hidden)".
    ``counts``: records per attribution; ``meetings_apart``: meetings of other actors drawn
    in their own layer even while other actors are hidden. The map page says the same
    (``ISKP.attributionText`` in map_runtime/js/iskp_runtime.js)."""
    total = sum(int(counts.get(a, 0)) for a in ATTRIBUTIONS)

    def state(a):
        if a in shown:
            return {"iskp": "", "possible": say(" (shown hollow)"),
                    "other": say(" (shown as grey context)")}[a]
        if a == "other" and meetings_apart:
            return say_n(meetings_apart, " (hidden, but for {n} meeting in their own layer)",
                         " (hidden, but for {n} meetings in their own layer)")
        return say(" (hidden)")
    return (say("ISKP: {iskp} of {total} records", iskp=f"{int(counts.get('iskp', 0)):,}",
                total=f"{total:,}") + state("iskp") + " · " +
            say("possibly ISKP: {n}", n=f"{int(counts.get('possible', 0)):,}") +
            state("possible") + " · " +
            say("other actors: {n}", n=f"{int(counts.get('other', 0)):,}") + state("other"))


def report(records: pd.DataFrame, top: int = 5) -> dict:
    """Counts of records per attribution, and the actors of the others most often named.

    >>> report(records)
    {'iskp': 3, 'possible': 0, 'other': 171, 'other_actors': [['Taleban', 90], ...]}
    """
    counts = records["attribution"].value_counts()
    out = {a: int(counts.get(a, 0)) for a in ATTRIBUTIONS}
    others = records.loc[records["attribution"] == "other", "actors"].fillna("").astype(str)
    names = pd.Series([n for cell in others for n in _split(cell)], dtype=object)
    out["other_actors"] = [[n, int(c)] for n, c in names.value_counts().head(top).items()]
    return out


def report_warning(result_report: dict, accepted: int, no_actor: int = 0) -> Phrase | None:
    """The file-level warning of a file whose accepted records name ISKP nowhere, or some of
    whose records name no actor at all (``no_actor``: context, not ISKP activity). A
    :class:`geo.words.Phrase`, so that the validation report says it in its reader's language.

    >>> report_warning({"iskp": 0, "possible": 0, "other": 3}, 3, no_actor=1)
    '0 of 3 accepted records name ISKP; 1 names no actor (...); 2 of other actors are ...'
    """
    if not accepted:
        return None
    fix = None
    if no_actor:
        fix = (Phrase("{n} names no actor (an 'actors' column naming ISKP, or an "
                      "'attribution' column, makes a record ISKP activity)", n="1")
               if no_actor == 1 else
               Phrase("{n} name no actor (an 'actors' column naming ISKP, or an "
                      "'attribution' column, makes a record ISKP activity)", n=f"{no_actor:,}"))
    if result_report["iskp"]:
        return Phrase("{0}: context, hidden by default", fix) if fix else None
    possible, other = result_report["possible"], result_report["other"] - no_actor
    parts = [Phrase("0 of {n} accepted records name ISKP", n=f"{accepted:,}")]
    if possible:
        parts.append(Phrase("{n} possibly ISKP (a shared attribution)", n=f"{possible:,}"))
    if fix:
        parts.append(fix)
    if other:
        parts.append(Phrase("{n} of other actors are context, not ISKP activity",
                            n=f"{other:,}"))
    said = joined(parts, "{0}; {1}")
    return Phrase("{0}; hidden by default", said) if other or fix else said


def normalise(name: str) -> str:
    """A name as it is matched: case, spacing and punctuation ignored."""
    return _PUNCT.sub(" ", str(name).casefold()).strip()


@lru_cache(maxsize=1)
def actor_names() -> pd.DataFrame:
    """The table of names, one row per name and validity, with its matching key."""
    table = pd.read_csv(TABLE, dtype=str, keep_default_na=False)
    bad = set(table["attribution"]) - set(ATTRIBUTIONS)
    if bad:
        raise ValueError(f"{TABLE}: unknown attribution(s) {sorted(bad)}")
    table["key"] = table["name"].map(normalise)
    table["valid_from"] = pd.to_datetime(table["valid_from"].replace("", None))
    table["valid_to"] = pd.to_datetime(table["valid_to"].replace("", None))
    return table


@lru_cache(maxsize=65536)
def _candidates(dataset: str, key: str) -> tuple:
    """The table's rows for one normalised name: (attribution, actor, countries, from, to)."""
    table = actor_names()
    hit = table[(table["key"] == key) & table["dataset"].isin([dataset, "any"])]
    return tuple(zip(hit["attribution"], hit["actor"], hit["countries"], hit["valid_from"],
                     hit["valid_to"]))


def _matches(dataset: str, name: str, day, country: str) -> list[tuple[str, str]]:
    """(attribution, actor) of each row of the table valid for this name, day and country."""
    out = []
    for attribution, actor, countries, start, end in _candidates(dataset, normalise(name)):
        if countries and country not in countries.split("|"):
            continue
        if day is not None and not pd.isna(day) and ((not pd.isna(start) and day < start) or
                                                     (not pd.isna(end) and day > end)):
            continue
        out.append((attribution, actor))
    return out


def _split(cell: str) -> list[str]:
    """The names in one cell: ACLED lists associated actors with '; '."""
    return [p.strip() for p in str(cell).split(";") if p.strip()]


# The rules' sentences (kept with each record as English text, in every download), which
# :func:`said_rule` says again in the reader's language: their names and notes as given.
_TABLE_NAME = "data/actors/actors.csv"
_NAMES_ISKP = "{0} {1} '{2}' names ISKP ({3})"
_LEAVES_OPEN = "{0} {1} '{2}' leaves the attribution open between ISKP and another actor ({3})"
_NO_PARTY_IN = "no ISKP party in {0}: "
_NO_ACTOR = "no actor named"
_OWN_ACTOR = "'{0}' is {1}, its own actor"
STATED = "stated in the file's attribution column"
_SOURCES = "|".join(re.escape(n) for n in sorted(set(SOURCE_NAMES.values()), key=len,
                                                 reverse=True))
# Said through these names (tests/test_words.py checks each has its Dari).
RULE_PHRASES = (_NAMES_ISKP, _LEAVES_OPEN, _NO_PARTY_IN + "{1}", _NO_ACTOR, _OWN_ACTOR, STATED,
                STATED + ": {0}")
_RULE_SHAPES = [(re.compile(rf"({_SOURCES}) (\S+) '(.*)' names ISKP \((.+)\)", re.S),
                 _NAMES_ISKP),
                (re.compile(rf"({_SOURCES}) (\S+) '(.*)' leaves the attribution open between "
                            r"ISKP and another actor \((.+)\)", re.S), _LEAVES_OPEN)]
_NO_PARTY = re.compile(rf"no ISKP party in ({_SOURCES}): (.*)", re.S)
_OWN = re.compile(r"'([^']*)' is ([^;']*), its own actor")


def decide(dataset: str, parties: tuple[tuple[str, str], ...], day, country: str):
    """(attribution, rule, role) for one record's parties ((column, cell) pairs)."""
    source = SOURCE_NAMES.get(dataset, dataset)
    found = {a: [] for a in ATTRIBUTIONS}
    for column, cell in parties:
        for name in _split(cell):
            for attribution, actor in _matches(dataset, name, day, country):
                found[attribution].append((column, name, actor))
    for level in ("iskp", "possible"):
        if found[level]:
            column, name, _ = found[level][0]
            role = "actor" if any(c in ACTING for c, _, _ in found[level]) else "other party"
            rule = (_NAMES_ISKP if level == "iskp" else _LEAVES_OPEN).format(
                source, column, name, _TABLE_NAME)
            return level, rule, role
    named = [f"{c} '{n}'" for c, cell in parties for n in _split(cell)]
    split = [_OWN_ACTOR.format(n, a) for _, n, a in found["other"]]
    rule = (_NO_PARTY_IN.format(source) + (", ".join(named) if named else _NO_ACTOR)
            + ("; " + "; ".join(split) if split else ""))
    return "other", rule, ""


def _source_said(name: str):
    """A source as a rule names it: "the file" is the product's words, a dataset's name is
    not."""
    return Phrase("the file") if name == "the file" else name


@lru_cache(maxsize=4096)
def _said_rule(rule: str, lang: str) -> str:
    for shape, phrase in _RULE_SHAPES:
        m = shape.fullmatch(rule)
        if m:
            source, column, name, table = m.groups()
            return say_again(Phrase(phrase, _source_said(source), column, name, table))
    m = _NO_PARTY.fullmatch(rule)
    if m:
        rest = m.group(2)
        rest = say(_NO_ACTOR) if rest == _NO_ACTOR else _OWN.sub(
            lambda o: say_again(Phrase(_OWN_ACTOR, o.group(1), o.group(2))), rest)
        return say_again(Phrase(_NO_PARTY_IN + "{1}", _source_said(m.group(1)), rest))
    if rule == STATED:
        return say(STATED)
    if rule.startswith(STATED + ": "):
        return say_again(Phrase(STATED + ": {0}", rule[len(STATED) + 2:]))
    return rule


def said_rule(rule) -> str:
    """An attribution rule (``attribution_rule``) in the reader's language: the product's
    sentence said, the names, columns and notes in it as given; a rule of another shape as it
    is.

    >>> from geo.words import speaking
    >>> with speaking("fa"):
    ...     said_rule("ACLED actor1 'ISKP' names ISKP (data/actors/actors.csv)")
    "ACLED actor1 'ISKP' از ISKP نام می‌برد (data/actors/actors.csv)"
    """
    return _said_rule(str(rule), language()) if language() != "en" else str(rule)


def attribute(parties: dict[str, pd.Series], dataset: str, dates: pd.Series,
              countries: pd.Series) -> pd.DataFrame:
    """``attribution``, ``attribution_rule`` and ``iskp_role`` for each row, from its party
    columns (in order: who acts first). Each distinct combination is decided once."""
    columns = list(parties)
    cells = [s.fillna("").astype(str).tolist() for s in parties.values()]
    days = pd.to_datetime(dates).dt.normalize().tolist()
    ccs = countries.fillna("").astype(str).tolist()
    decided: dict = {}
    rows = []
    for *row_cells, day, cc in zip(*cells, days, ccs):
        key = (tuple(row_cells), day, cc)
        if key not in decided:
            decided[key] = decide(dataset, tuple(zip(columns, row_cells)), day, cc)
        rows.append(decided[key])
    return pd.DataFrame(rows, index=dates.index,
                        columns=["attribution", "attribution_rule", "iskp_role"], dtype=object)
