"""Ready before the first reader: before the server takes readers (serve.py waits for it),
it imports the modules the app's sections use and draws the built-in data's map once, so that
the first visit does not pay for them (2.2 s of imports and 1.2 s of reading boundaries and
assets, measured: the first map took 7.5 s after the server started, and 3.6 s on a later
visit; bench/bench_switch.py).

>>> warm_up()          # what serve.py runs (in a thread, waited for) before it serves
"""
from __future__ import annotations

import logging
import threading
import time

LOG = logging.getLogger("iskp")
# Streamlit warns of every cached function called outside a reader's run: here that is the point.
_QUIET = "streamlit.runtime.scriptrunner_utils.script_run_context"


def warm_up() -> None:
    """Import the app's sections and build the default map of the built-in data (the caches
    of boundaries, places and assets fill as they would on a first visit). Never raises: a
    failure here only means the first visit is slower."""
    started = time.perf_counter()
    quiet = logging.getLogger(_QUIET)
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        # Not the app's own sections (ui/): a Streamlit component declared outside a reader's
        # run is never registered, and the module, once imported, is not run again (the map
        # and panels then answer 404). What they import is the slow part.
        import outputs.export  # noqa: F401
        import geo.workspace  # noqa: F401
        from geo.activity import builtin_records
        from geo.joins import DateWindow
        from map_page.assembly import MapView
        from map_page.live_map import live_map

        records = builtin_records()
        span = (records["date_start"].min().date(), records["date_end"].max().date())
        live_map(MapView(window=DateWindow.parse(str(span[0]), str(span[1])),
                         layer_control=False), records, span)
        LOG.info("ready for the first reader in %.1f s", time.perf_counter() - started)
    except Exception:  # noqa: BLE001 - a slower first visit, nothing more
        LOG.exception("warming up failed (the first visit will be slower)")
    finally:
        quiet.setLevel(level)


def start_warm_up() -> threading.Thread:
    thread = threading.Thread(target=warm_up, name="iskp-warm-up", daemon=True)
    thread.start()
    return thread
