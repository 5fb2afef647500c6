"""Writing output files safely (a failed write leaves no truncated file behind), and naming
them by what they hold.

>>> download_name("iskp_map", DateWindow.parse("2018-07-01", "2018-07-31"), "png", "1920x1080")
'iskp_map_2018-07-01_to_2018-07-31_1920x1080.png'
"""
from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def unwritable(path: Path, what: str) -> str | None:
    """Why ``path`` cannot be written as a file, or None."""
    path = Path(path)
    if path.is_dir():
        return f"{what} {path} is a folder; give a file name"
    if path.exists() and not path.is_file():
        return f"{what} {path} is not a regular file (a device or a pipe); give a file name"
    if not path.parent.exists():
        return f"folder {path.parent} does not exist"
    if not os.access(path.parent, os.W_OK):
        return f"cannot write in {path.parent} (permission denied)"
    if path.exists() and not os.access(path, os.W_OK):
        return f"cannot overwrite {path} (permission denied)"
    return None


def download_name(what: str, window, ext: str, size: str = "", province: str = "") -> str:
    """A file name that says what the file holds: its content, window (a ``DateWindow``),
    province when one is chosen, and size or paper."""
    w = window.as_dict()
    period = "all_dates" if not (w["start"] or w["end"]) else \
        f"{w['start'] or 'start'}_to_{w['end'] or 'end'}"
    parts = [what, period] + [p for p in (province, size) if p]
    return "_".join(parts) + f".{ext}"
