"""From what a user gives (a path, bytes, an upload) to the bytes of one data file, as UTF-8.

Analysts are handed files in many wrappings: ACLED's export tool gives CSV or Excel, UCDP
publishes GED zipped, archives arrive gzipped, and Excel saves "CSV" as Windows-1252 and
"Unicode text" as UTF-16. This module unwraps and decodes them, with limits that protect the
server: a path must be a regular file (not a directory, a FIFO or ``/dev/zero``), and no file,
compressed or not, may exceed :data:`MAX_BYTES` once unpacked.

>>> data, name, kind, notes = open_source("ged.zip")
>>> kind
'text'
"""
from __future__ import annotations

import gzip
import io
import os
import stat
import zipfile
from pathlib import Path

from geo.validation import FileProblem
from geo.words import Phrase

MB = 2**20
# One file's size limit, packed or unpacked. Analysts' real files run to a few hundred MB (the
# global UCDP GED CSV is about 250 MB); set ISKP_MAX_FILE_MB to change it (the app's upload limit,
# server.maxUploadSize in .streamlit/config.toml, should match).
MAX_BYTES = int(float(os.environ.get("ISKP_MAX_FILE_MB", "500")) * MB)
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".geojson", ".xlsx", ".xls", ".gz")


def _blank(data: bytes) -> bool:
    """Empty or only white space, without copying a large file to find out."""
    return not data or (not data[:4096].strip() and not data.strip())


def _limit_text() -> str:
    return f"{MAX_BYTES / MB:.0f} MB"


def read_bytes(source, name: str | None = None) -> tuple[bytes, str]:
    """Bytes and a display name from a path, bytes, or a file-like object (a Streamlit upload)."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            st = path.stat()
        except OSError as exc:
            raise FileProblem(f"cannot read {path}: {exc.strerror or exc}") from None
        if stat.S_ISDIR(st.st_mode):
            raise FileProblem(f"{path} is a folder, not a data file")
        if not stat.S_ISREG(st.st_mode):
            raise FileProblem(f"{path} is not a regular file (a device, a pipe or a socket); "
                              "give a CSV, Excel, JSON or zip file")
        if st.st_size > MAX_BYTES:
            raise FileProblem(f"{path.name} is {st.st_size / MB:.0f} MB; the limit is "
                              f"{_limit_text()} (ISKP_MAX_FILE_MB)")
        try:
            with open(path, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise FileProblem(f"cannot read {path}: {exc.strerror or exc}") from None
        name = name or path.name
    elif hasattr(source, "read"):
        data = source.read(MAX_BYTES + 1)
        name = name or getattr(source, "name", "upload")
    else:
        data = bytes(source)
        name = name or "data"
    if len(data) > MAX_BYTES:
        raise FileProblem(Phrase("{file} is larger than the {limit} limit (ISKP_MAX_FILE_MB)",
                                 file=name, limit=_limit_text()))
    return data, name


# An archive may unpack to at most this many times its own size (and at least 64 MB): real
# exports compress 5-15 times (UCDP GED's zip about 10), a bomb a thousand times. The limit
# applies to the bytes actually inflated, whatever sizes the archive declares.
MAX_RATIO = 40
MIN_UNPACKED = 64 * MB


def _bounded(stream, name: str, packed: int) -> bytes:
    limit = min(MAX_BYTES, max(MIN_UNPACKED, MAX_RATIO * packed))
    out = stream.read(limit + 1)
    if len(out) > limit:
        size, packed_size = f"{limit / MB:.0f}", f"{packed / MB:.2f}"
        if limit == MAX_BYTES:
            raise FileProblem(Phrase("{file} unpacks to more than the {size} MB limit ({packed} "
                                     "MB packed); unpack it yourself if it is real", file=name,
                                     size=size, packed=packed_size))
        raise FileProblem(Phrase("{file} unpacks to more than {ratio} times its own size, the "
                                 "{size} MB limit ({packed} MB packed); unpack it yourself if it "
                                 "is real", file=name, ratio=MAX_RATIO, size=size,
                                 packed=packed_size))
    return out


def _is_xlsx(zf: zipfile.ZipFile) -> bool:
    names = set(zf.namelist())
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def unpack(data: bytes, name: str) -> tuple[bytes, str, str, list[str]]:
    """(bytes, name, kind, notes): kind is "xlsx" or "text"; gzip and zip (one data file inside)
    are opened, nested at most once."""
    notes: list[str] = []
    for _ in range(2):
        if data[:2] == b"\x1f\x8b":
            try:
                data = _bounded(gzip.GzipFile(fileobj=io.BytesIO(data)), name, len(data))
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                raise FileProblem(Phrase("{file} is a damaged gzip file ({detail})", file=name,
                                         detail=str(exc))) from None
            inner = name[:-3] if name.lower().endswith(".gz") else name
            notes.append(Phrase("unpacked from gzip ({file})", file=name))
            name = inner
            continue
        if data[:4] == b"PK\x03\x04":
            try:
                zf = zipfile.ZipFile(io.BytesIO(data))
            except zipfile.BadZipFile as exc:
                raise FileProblem(Phrase("{file} is a damaged zip file ({detail})", file=name,
                                         detail=str(exc))) from None
            if _is_xlsx(zf):
                return data, name, "xlsx", notes
            members = [i for i in zf.infolist() if not i.is_dir()
                       and not i.filename.startswith("__MACOSX/")
                       and Path(i.filename).name[:1] not in (".", "~")
                       and i.filename.lower().endswith(DATA_SUFFIXES)]
            if not members:
                raise FileProblem(Phrase("{file} is a zip file with no CSV, Excel or JSON file "
                                         "inside", file=name))
            if len(members) > 1:
                listed = ", ".join(m.filename for m in members[:6])
                raise FileProblem(Phrase("{file} holds {n} data files ({listed}); zip one "
                                         "file, or unzip and add them one by one", file=name,
                                         n=len(members), listed=listed))
            member = members[0]
            if member.file_size > MAX_BYTES:
                raise FileProblem(Phrase("{member} in {file} is {size} MB unpacked; the limit "
                                         "is {limit}", member=member.filename, file=name,
                                         size=f"{member.file_size / MB:.0f}",
                                         limit=_limit_text()))
            try:
                with zf.open(member) as fh:
                    data = _bounded(fh, name, len(data))
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
                raise FileProblem(Phrase("cannot unzip {member} from {file}: {detail}",
                                         member=member.filename, file=name,
                                         detail=str(exc))) from None
            notes.append(Phrase("unpacked {member} from {file}", member=member.filename,
                                file=name))
            name = member.filename
            continue
        break
    return data, name, "text", notes


# What a file that is no data text often is, by its first bytes, to say so by name.
KNOWN_BINARY = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
                b"%PDF": "a PDF document", b"SQLite format 3\x00": "an SQLite database",
                b"\xd0\xcf\x11\xe0": "an old Excel .xls (or other Office 97-2003) file; save it "
                                    "as .xlsx or CSV", b"PAR1": "a Parquet file",
                b"7z\xbc\xaf": "a 7-Zip archive", b"Rar!": "a RAR archive"}


def _looks_binary(sample: bytes) -> bool:
    """Binary (an image, a database) rather than text with a few stray control characters,
    which the import report names row by row: more than 5% control bytes."""
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > max(2, len(sample) // 20)


def _binary_problem(data: bytes, name: str) -> FileProblem:
    kind = next((what for magic, what in KNOWN_BINARY.items() if data.startswith(magic)), None)
    return FileProblem(Phrase("{file} is {kind}, not CSV, Excel or JSON text", file=name,
                              kind=kind) if kind else
                       Phrase("{file} is a binary file, not CSV, Excel or JSON text", file=name))


def to_utf8(data: bytes, name: str) -> tuple[bytes, list[str]]:
    """The text as UTF-8 bytes, and what was done to get there. UTF-8 (with or without BOM),
    UTF-16 with a BOM (Excel's "Unicode text") and Windows-1252 (Excel's "CSV") are read; a file
    that is none of these is refused as binary."""
    notes: list[str] = []
    if _blank(data):
        raise FileProblem(Phrase("{file} is empty", file=name))
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FileProblem(Phrase("{file} starts as UTF-16 but is damaged at byte {byte}",
                                     file=name, byte=exc.start)) from None
        notes.append(Phrase("the file is UTF-16 (Excel's 'Unicode text'); decoded"))
        data = text.encode("utf-8")
    elif data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    sample = data[:65536]
    if b"\x00" in sample:
        # UTF-16 without a byte order mark: every other byte of ASCII text is zero.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        enc = "utf-16-le" if odd > len(sample) // 4 and even == 0 else \
            "utf-16-be" if even > len(sample) // 4 and odd == 0 else None
        if enc is not None:
            try:
                data = data.decode(enc).encode("utf-8")
            except UnicodeDecodeError:
                raise FileProblem(Phrase("{file} looks like {encoding} text without a byte "
                                         "order mark but does not decode as it", file=name,
                                         encoding=enc.upper())) from None
            notes.append(Phrase("the file is {encoding} without a byte order mark; decoded",
                                encoding=enc.upper()))
        # Otherwise a few NUL bytes in text: the rows holding them are named in the report.
    if _looks_binary(data[:65536]) or data.startswith(tuple(KNOWN_BINARY)):
        raise _binary_problem(data, name)
    try:
        if not data.isascii():  # ASCII is UTF-8; the check is 30x faster than decoding
            data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Excel's "CSV" on Windows. cp1252 leaves five bytes undefined; Latin-1 takes them.
        try:
            text = data.decode("cp1252")
            used = "Windows-1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            used = "Latin-1"
        notes.append(Phrase("the file is not UTF-8 (byte {byte}); read as {encoding}, the "
                            "encoding Excel uses for CSV: check accented names", byte=exc.start,
                            encoding=used))
        data = text.encode("utf-8")
    return data, notes


def open_source(source, name: str | None = None) -> tuple[bytes, str, str, list[str]]:
    """(data, name, kind, notes) for a path, bytes or upload: kind "xlsx" (Excel bytes) or
    "text" (UTF-8 bytes)."""
    data, name = read_bytes(source, name)
    if _blank(data):
        raise FileProblem(Phrase("{file} is empty", file=name))
    # Messages name the file the user gave, not the member inside a zip (a note names that).
    data, _, kind, notes = unpack(data, name)
    if kind == "xlsx":
        return data, name, kind, notes
    data, more = to_utf8(data, name)
    return data, name, kind, notes + more


def release_memory() -> None:
    """Give memory freed by a dropped upload back to the system.

    A parsed upload lives in many large native buffers (Arrow, NumPy); once freed, glibc keeps
    them in its arenas, and a long-running server's size creeps up by about 1.5 MB per
    upload/remove cycle (bench/soak_uploads.py). ``malloc_trim`` returns them; elsewhere (not
    glibc) this does nothing.
    """
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
