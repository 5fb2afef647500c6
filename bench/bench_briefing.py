"""A 10-slide briefing exported to PowerPoint, PDF and one HTML file in one go (one Chromium,
reused), as ``python -m outputs.export --briefing`` does; prints the time of each part.
Issue 26's budget: under 20 s on this machine.

Run: .venv/bin/python bench/bench_briefing.py [--slides 10]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from geo.activity import builtin_records
    from outputs.briefing import parse_briefing
    from outputs.deck import export_deck

    ap = argparse.ArgumentParser()
    ap.add_argument("--slides", type=int, default=10)
    args = ap.parse_args()
    example = json.loads((ROOT / "examples" / "nangarhar.briefing.json").read_text())
    slides = []
    for k in range(args.slides):  # the example's three views, a year apart each round
        slide = dict(example["slides"][k % 3])
        year = 2017 + k // 3
        view = dict(slide["view"], start=f"{year}-01-01", end=f"{year}-12-31")
        if "bstart" in view:
            view.update(bstart=f"{year - 1}-01-01", bend=f"{year - 1}-12-31")
        slides.append(dict(slide, view=view, title=f"{slide['title']} ({year})"))
    briefing = parse_briefing(json.dumps(dict(example, slides=slides)).encode())
    records = builtin_records()
    marks = []
    t0 = time.perf_counter()
    made = export_deck(briefing, records, pptx=True, pdf="a4", html=True,
                       export_date=dt.date(2026, 12, 1),
                       progress=lambda f, what: marks.append((what, time.perf_counter())))
    total = time.perf_counter() - t0
    drawn = max(t for w, t in marks if not w.startswith("the HTML")) - t0
    print(f"{args.slides}-slide briefing: PowerPoint + PDF + HTML in {total:.1f} s (every "
          f"slide's picture and page drawn in {drawn:.1f} s, interleaved; the HTML file and "
          f"the PDF's assembly made meanwhile, the PowerPoint after); sizes: pptx "
          f"{len(made['pptx']) / 2**20:.1f} MB, pdf {len(made['pdf']) / 2**20:.1f} MB, "
          f"html {len(made['html'].encode()) / 2**20:.1f} MB")


if __name__ == "__main__":
    main()
