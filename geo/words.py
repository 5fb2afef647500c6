"""The product's own words in the reader's language: English, or Dari (``fa``).

Only the product's words are translated: its headings, legend, popups' field names, buttons
and sentences. The data's words (a title a briefer typed, a report's text, actor and place
names) come out exactly as given. The Dari words are in ``locale/fa/LC_MESSAGES/iskp.po``
(gettext's format, read with Babel), where a translator can review them with any .po editor.

A map is built in one language: ``speaking("fa")`` sets it for the code that runs inside,
and ``say`` gives a phrase in it. Numbers are filled in after the translation, so that a
value (which may be a user's text) is never read as a phrase or a format.

>>> with speaking("fa"):
...     say("Incidents"), say_n(3, "{n} event", "{n} events")
('رویدادها', '3 رویداد')
>>> say_n(1, "{n} event", "{n} events")
'1 event'
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, reduce
from pathlib import Path

from babel.dates import get_month_names
from babel.messages.pofile import read_po

LANGUAGES = {"en": "English", "fa": "دری (Dari)"}
# CLDR's locale for each language: fa_AF names the months as Afghanistan does ("جولای").
LOCALES = {"en": "en", "fa": "fa_AF"}
CATALOGUES = Path(__file__).resolve().parents[1] / "locale"

_language: ContextVar[str] = ContextVar("language", default="en")


@contextmanager
def speaking(lang: str):
    """The product's words in ``lang`` for the code run inside (one map, one file)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    token = _language.set(lang)
    try:
        yield
    finally:
        _language.reset(token)


def language() -> str:
    return _language.get()


def direction(lang: str | None = None) -> str:
    """"rtl" for Dari, "ltr" for English: the ``dir`` of a page in ``lang``."""
    return "rtl" if (lang or language()) == "fa" else "ltr"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict:
    """English phrase -> its translation (a tuple of forms for a phrase with a plural)."""
    if lang == "en":
        return {}
    path = CATALOGUES / lang / "LC_MESSAGES" / "iskp.po"
    with path.open("rb") as f:
        po = read_po(f, locale=LOCALES[lang])
    out = {}
    for m in po:
        if not m.id or m.fuzzy:
            continue
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        out[key] = tuple(m.string) if isinstance(m.string, tuple) else m.string
    return out


def _said(text: str) -> str:
    """The current language's form of the phrase ``text`` (its first form for a plural)."""
    found = catalogue(language()).get(text) or text
    return found[0] if isinstance(found, tuple) else found


def say(text: str, **values) -> str:
    """``text`` in the current language, with ``values`` filled into its ``{name}`` fields."""
    found = _said(text)
    return found.format(**values) if values else found


def say_n(n: int, one: str, many: str, **values) -> str:
    """The phrase for ``n`` things ("{n} event" / "{n} events"); Dari names a counted noun in
    the singular, so its catalogue entry has one form."""
    found = catalogue(language()).get(one)
    if found:
        form = found if isinstance(found, str) else found[0 if n == 1 else -1]
    else:
        form = one if n == 1 else many
    return form.format(n=f"{n:,}", **values)


class Phrase(str):
    """A sentence of the product's, made now in English (what ``str`` gives: reports, CSV and
    JSON files, logs), that remembers its phrase and values so that a page can say it again in
    its reader's language (:func:`say_again`). Made before the language is known (an
    importer's reason for a row, a link's problem). Values are filled in after the
    translation and are never read as a phrase, except a value that is itself a Phrase.

    >>> reason = Phrase("unknown country '{0}'", "Atlantis")
    >>> reason, say_again(reason) == reason
    ("unknown country 'Atlantis'", True)
    """

    def __new__(cls, phrase: str, *args, **values):
        self = super().__new__(cls, phrase.format(*args, **values) if args or values else phrase)
        self.phrase, self.args, self.values = phrase, args, values
        return self

    def __reduce__(self):  # kept whole through pickling (Streamlit's caches)
        return (_phrase, (self.phrase, self.args, self.values))


def _phrase(phrase, args, values):
    return Phrase(phrase, *args, **values)


class Moment(Phrase):
    """A time in UTC as a value of a Phrase: "01 Dec 2026 14:03 UTC" in English, said again
    with its month in the reader's language.

    >>> when = Moment(dt.datetime(2026, 12, 1, 14, 3))
    >>> with speaking("fa"):
    ...     when, say_again(when)
    ('01 Dec 2026 14:03 UTC', '01 دسمبر 2026 14:03 UTC')
    """

    def __new__(cls, when: dt.datetime):
        self = str.__new__(cls, f"{day_text_in('en', when)} {when:%H:%M} UTC")
        self.when, self.phrase, self.args, self.values = when, str(self), (), {}
        return self

    def __reduce__(self):
        return (Moment, (self.when,))

    def said(self) -> str:
        return f"{day_text(self.when)} {self.when:%H:%M} UTC"


def joined(parts: list, pair: str = "{0}, {1}") -> str:
    """``parts`` (Phrases or values) as one, each next one added by the phrase ``pair`` ("{0},
    {1}": Dari's comma is "،"); said again part by part in the reader's language.

    >>> items = joined([Phrase("'{name}' (hidden)", name="Notes"), "'Other'"])
    >>> with speaking("fa"):
    ...     items, say_again(items)
    ("'Notes' (hidden), 'Other'", "'Notes' (پنهان)، 'Other'")
    """
    return reduce(lambda a, b: Phrase(pair, a, b), parts)


def reason_of(exc: BaseException) -> str:
    """Why ``exc`` was raised: the Phrase it was raised with (to be said again in the reader's
    language), else its text.

    >>> reason_of(ValueError(Phrase("{file} is empty", file="a.csv"))).phrase
    '{file} is empty'
    """
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Phrase) else str(exc)


def say_again(text) -> str:
    """``text`` in the current language: a :class:`Phrase` said through the catalogue (its
    values as given, a Phrase among them said too); any other text as it is."""
    if not isinstance(text, Phrase):
        return str(text)
    if isinstance(text, Moment):
        return text.said()
    found = _said(text.phrase)
    if not (text.args or text.values):
        return found
    return found.format(*(say_again(a) if isinstance(a, Phrase) else a for a in text.args),
                        **{k: say_again(v) if isinstance(v, Phrase) else v
                           for k, v in text.values.items()})


@lru_cache(maxsize=None)
def month_names(lang: str, width: str = "abbreviated") -> tuple[str, ...]:
    """January to December in ``lang``: English abbreviated as the product always has
    ("Jul"), Dari in full (Afghanistan's forms, "جولای"; CLDR's short forms are clipped)."""
    if lang == "en":
        names = get_month_names(width, locale="en")
    else:
        names = get_month_names("wide", locale=LOCALES[lang])
    return tuple(names[k] for k in range(1, 13))


def day_text(day: dt.date) -> str:
    """A day as the product writes it: "01 Jul 2018" (Dari: "01 جولای 2018")."""
    return day_text_in(language(), day)


def day_text_in(lang: str, day: dt.date) -> str:
    return f"{day.day:02d} {month_names(lang)[day.month - 1]} {day.year}"


def month_text(day: dt.date, width: str = "abbreviated") -> str:
    """A month as the product writes it: "Jul 2018", wide "July 2018" (Dari: "جولای 2018")."""
    return f"{month_names(language(), width)[day.month - 1]} {day.year}"


def page_words() -> dict:
    """What a page's scripts need to speak the current language (``ISKP.say``): the
    catalogue (empty for English: the phrases are their own words) and the month names."""
    lang = language()
    return {"lang": lang, "dir": direction(lang), "words": catalogue(lang),
            "months": list(month_names(lang)),
            "months_long": list(month_names(lang, "wide"))}
