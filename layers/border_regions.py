"""``border_regions`` layer: the neighbours' admin-1 units along Afghanistan's border and the
international border itself, both coloured by neighbour.

>>> BorderRegionsLayer(geo, counts={"PK-BA": 1}).add_to(map_)
"""
from __future__ import annotations

from geo.boundaries import border_regions, international_borders
from geo.words import say
from map_runtime.base import GeoLayerScript, MapLayer
from map_runtime.geodata import GeoRegistry
from map_runtime.style import NEIGHBOUR_COLOURS


class BorderRegionsLayer(MapLayer):
    layer_id = "border_regions"
    title = "Border regions"

    def __init__(self, geo: GeoRegistry, counts: dict[str, int] | None = None,
                 window_label: str = "", show: bool = True,
                 area_claims: dict[str, str] | None = None):
        super().__init__(show=show)
        counts = counts or {}
        area_claims = area_claims or {}
        regions = border_regions()
        GeoLayerScript("border_regions", {
            "geo": geo.use("border_regions"), "key": "iso", "cls": "iskp-border-region",
            "style": {"weight": 1, "fillOpacity": 0.12},
            "styles": {r.iso: {"color": NEIGHBOUR_COLOURS[r.country],
                               "fillColor": NEIGHBOUR_COLOURS[r.country]}
                       for r in regions.itertuples()},
            "tooltip": [["Region", "name"], ["Country", "country_name"], ["ISO 3166-2", "iso"],
                        [say("Records ({window})", window=window_label) if window_label
                         else say("Records"), "records"],
                        [say("Mentioned in area claims"), "area_claims"]],
            "values": {r.iso: {"records": int(counts.get(r.iso, 0)),
                               "area_claims": area_claims.get(r.iso, "0")}
                       for r in regions.itertuples()},
        }).add_to(self)
        borders = international_borders()
        GeoLayerScript("international_borders", {
            "geo": geo.use("international_borders"), "key": "iso", "cls": "iskp-border-line",
            "style": {"weight": 3.5, "opacity": 0.9},
            "styles": {b.segment: {"color": NEIGHBOUR_COLOURS[b.neighbour]}
                       for b in borders.itertuples()},
            "tooltip": [[say("Border"), "neighbour_name"], [say("Length (km)"), "length_km"]],
        }).add_to(self)
