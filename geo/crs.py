"""Projections used for measuring: areas, lengths and buffers are never computed in degrees.

Both are centred on Afghanistan (standard parallels 30N and 38N), so scale error stays under
about 1% across Afghanistan and its border regions.

>>> from geo.crs import EQUAL_AREA_CRS
>>> provinces.to_crs(EQUAL_AREA_CRS).area  # m²
"""
EQUAL_AREA_CRS = "+proj=aea +lat_0=34 +lon_0=67 +lat_1=30 +lat_2=38 +datum=WGS84 +units=m +no_defs"
METRIC_CRS = "+proj=lcc +lat_0=34 +lon_0=67 +lat_1=30 +lat_2=38 +datum=WGS84 +units=m +no_defs"
