"""Writing output files safely: a failed write leaves no truncated file behind."""
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
