"""The records' point geometry in either back-end: PostGIS ``geometry(POINT, 4326)``, or in the
embedded GeoPackage a column declared ``POINT`` holding GeoPackage geometry blobs (the
standard's header, then the point's WKB), so that QGIS and GDAL read the records as a layer.

The records' own ``latitude`` and ``longitude`` columns stay the truth the app reads; the
geometry is made from them when a dataset is stored.

>>> gpkg_points([70.45], [34.43])[0][:4]
b'GP\\x00\\x01'
"""
from __future__ import annotations

import struct

import numpy as np
import shapely
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
    Values are written by :func:`gpkg_points` / :func:`ewkb_points` in the bulk store, never
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


def _encoded(lon, lat, encode) -> list:
    """``encode(points)`` for the points with both coordinates; None for the others."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    ok = ~(np.isnan(lon) | np.isnan(lat))
    out = [None] * len(lon)
    if ok.any():
        for i, value in zip(np.flatnonzero(ok), encode(shapely.points(lon[ok], lat[ok]))):
            out[i] = value
    return out


def gpkg_points(lon, lat) -> list:
    """GeoPackage blobs of points (None where a coordinate is missing)."""
    return [None if b is None else _HEADER + b for b in _encoded(
        lon, lat, lambda p: shapely.to_wkb(p, byte_order=1, flavor="iso"))]


def ewkb_points(lon, lat) -> list:
    """PostGIS hex EWKB of points (exact doubles), for COPY; None where a coordinate is missing."""
    return _encoded(lon, lat, lambda p: shapely.to_wkb(shapely.set_srid(p, SRID), hex=True,
                                                      include_srid=True))
