"""The records' point geometry in either back-end: PostGIS ``geometry(POINT, 4326)``, or in the
embedded GeoPackage a column declared ``POINT`` holding GeoPackage geometry blobs (the
standard's header, then the point's WKB), so that QGIS and GDAL read the records as a layer.

The records' own ``latitude`` and ``longitude`` columns stay the truth the app reads; the
geometry is made from them when a dataset is stored.

>>> blobs, placed = gpkg_blobs([70.45, float("nan")], [34.43, 34.0])
>>> bytes(blobs[0][:4]), placed.tolist()
(b'GP\\x00\\x01', [True, False])
"""
from __future__ import annotations

import struct

import numpy as np
from geoalchemy2 import Geometry
from sqlalchemy.types import LargeBinary, TypeDecorator, UserDefinedType

SRID = 4326
# GeoPackage 1.3, clause 2.1.3: magic "GP", version 0, flags (little-endian, no envelope,
# not empty), the srs_id; then the geometry as WKB.
_HEADER = b"GP" + bytes([0, 0b00000001]) + struct.pack("<i", SRID)


class _GeoPackagePoint(UserDefinedType):
    cache_ok = True

    def get_col_spec(self, **kw):
        return "POINT"


class PointGeometry(TypeDecorator):
    """A point column: PostGIS geometry on PostgreSQL, a GeoPackage geometry on SQLite.
    Values are written by :func:`gpkg_blobs` / :func:`ewkb_hex` in the bulk store, never
    bound one by one."""

    impl = LargeBinary
    cache_ok = True
    # What GeoAlchemy2's table events read of a spatial column: it makes no index of its own
    # (the first migration makes the GiST index).
    geometry_type, srid, dimension, spatial_index, use_N_D_index, use_typmod = \
        "POINT", SRID, 2, False, False, None

    def load_dialect_impl(self, dialect):
        # Asked without a dialect (GeoAlchemy2's table events, which would manage the column's
        # index), it is no spatial type: the first migration makes its index itself.
        if dialect is None:
            return LargeBinary()
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Geometry("POINT", srid=SRID, spatial_index=False))
        return dialect.type_descriptor(_GeoPackagePoint())


# A point's WKB (ISO, little-endian): byte order 1, type 1 (Point); EWKB adds the SRID flag
# and the SRID. The coordinates follow as two little-endian doubles.
_WKB_POINT = b"\x01" + struct.pack("<I", 1)
_EWKB_POINT = b"\x01" + struct.pack("<Ii", 0x20000001, SRID)
_HEX = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)


def _points(lon, lat, head: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Each point with both coordinates as ``head`` then its x and y as little-endian doubles:
    a (points, bytes) array, made for all points at once, and which points those are."""
    lon, lat = np.asarray(lon, dtype="<f8"), np.asarray(lat, dtype="<f8")
    ok = ~(np.isnan(lon) | np.isnan(lat))
    size = len(head)
    blobs = np.empty((int(ok.sum()), size + 16), dtype=np.uint8)
    blobs[:, :size] = np.frombuffer(head, dtype=np.uint8)
    blobs[:, size:size + 8] = np.ascontiguousarray(lon[ok]).view(np.uint8).reshape(-1, 8)
    blobs[:, size + 8:] = np.ascontiguousarray(lat[ok]).view(np.uint8).reshape(-1, 8)
    return blobs, ok


def gpkg_blobs(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """GeoPackage blobs of the points that have both coordinates, one row of bytes each
    (an array of points x 29 bytes), and which points those are."""
    return _points(lon, lat, _HEADER + _WKB_POINT)


def ewkb_hex(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """PostGIS hex EWKB of the points that have both coordinates (exact doubles), as a
    fixed-width bytes array, and which points those are."""
    blobs, ok = _points(lon, lat, _EWKB_POINT)
    digits = np.empty((len(blobs), blobs.shape[1] * 2), dtype=np.uint8)
    digits[:, 0::2], digits[:, 1::2] = _HEX[blobs >> 4], _HEX[blobs & 15]
    return digits.view(f"S{digits.shape[1]}").ravel(), ok
