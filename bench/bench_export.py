"""Benchmark: size and time of the default export (built-in data, all layers), beside a plain
folium ``save()`` of the same map, which links Leaflet and plugins from outside the file (and
so shows nothing offline). Run: .venv/bin/python bench/bench_export.py
"""
from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.activity import builtin_records  # noqa: E402
from outputs.export import export_html  # noqa: E402
from map_page.assembly import LAYER_TITLES, MapView, build_map  # noqa: E402


def main() -> None:
    records = builtin_records()
    view = MapView(layers=tuple(LAYER_TITLES))
    export_html(view, records, export_date=dt.date(2026, 1, 1))  # warm caches
    t = time.perf_counter()
    html = export_html(view, records, export_date=dt.date(2026, 1, 1))
    took = time.perf_counter() - t
    size = len(html.encode("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.html"
        build_map(view.with_(date_filter_in_map=True, title_on_map=True), records).save(plain)
        plain_size = plain.stat().st_size
        links = len(re.findall(r"<script src=|<link rel=\"stylesheet\"", plain.read_text()))
    scripts = sum(len(m) for m in re.findall(r"<script>.*?</script>", html, flags=re.S))
    print(f"export (self-contained)  {size / 1024:7.0f} KiB  in {took * 1000:.0f} ms "
          f"(scripts {scripts / 1024:.0f} KiB, data and markup the rest)")
    print(f"folium save() same map   {plain_size / 1024:7.0f} KiB  + {links} external files "
          "it loads (Leaflet, plugins); blank offline")
    print(f"limit                    {1_000_000 / 1024:7.0f} KiB")


if __name__ == "__main__":
    main()
