"""The offline map and what every layer shares.

:class:`OfflineMap` is a ``folium.Map`` that loads Leaflet from :mod:`layers.assets` only (folium
itself would add Leaflet, jQuery, Bootstrap and Font Awesome from CDNs) and draws no tiles unless
asked: a blank, light background keeps the data readable with no tile server.

Each layer module defines a ``folium.FeatureGroup`` subclass with a stable ``layer_id`` (used by
the app, the export and the command line) and a ``title`` shown in the layer control.
"""
from __future__ import annotations

import html
import json
import re

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from layers.assets import url


def json_for_script(obj) -> str:
    """JSON safe inside a <script> element (no '</script>' or '<!--' can close it)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")

BACKGROUND = "#f4f1ea"


def esc(value) -> str:
    """Text for HTML: escaped, with None and NaN as empty."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(value) -> str:
    """User text for Streamlit's markdown (titles, captions, messages): shown literally, so a
    name like ``![x](http://host/img)`` can neither load a remote image nor become a link."""
    return _MD_SPECIAL.sub(r"\\\1", "" if value is None else str(value))


class OfflineMap(folium.Map):
    """A folium Map whose assets are local and whose tiles are optional.

    >>> m = OfflineMap(location=[34, 67], zoom_start=6)
    >>> "cdn" in m.get_root().render()
    False
    """

    # The runtime (our own) follows Leaflet: it fixes how the map takes focus (see the file).
    default_js = [("leaflet", url("leaflet.js")), ("iskp_runtime", url("iskp_runtime.js"))]
    default_css = [("leaflet_css", url("leaflet.css"))]

    def __init__(self, *args, tiles=None, min_zoom: int = 3, max_zoom: int = 13, **kwargs):
        kwargs.setdefault("control_scale", True)
        kwargs.setdefault("prefer_canvas", False)
        super().__init__(*args, tiles=tiles, min_zoom=min_zoom, max_zoom=max_zoom, **kwargs)
        # folium hands zoom limits to the tile layer only; with no tiles the map itself needs
        # them (marker clustering and the heatmap refuse a map without maxZoom).
        self.options["min_zoom"] = min_zoom
        self.options["max_zoom"] = max_zoom

        self.get_root().header.add_child(Element(
            f"<style>div.leaflet-container{{background:{BACKGROUND} !important;}}"
            ".iskp-tip th{text-align:left;padding-right:8px;font-weight:600}"
            ".iskp-tip td{text-align:right}"
            # A clicked shape keeps keyboard focus; the browser's focus box around it is noise.
            "path.leaflet-interactive:focus{outline:none}"
            # a label moved off its place is joined to it (ISKP.placeLabels)
            ".iskp-leader{position:absolute;left:0;top:-0.75px;height:0;border-top:1.5px solid "
            "#222;transform-origin:0 0.75px;pointer-events:none}"
            # a box folded off the data (ISKP.foldable) shows only its button
            ".iskp-unfold{display:none;font:inherit;font-weight:600;background:none;border:0;"
            "padding:0;cursor:pointer}.iskp-folded .iskp-unfold{display:block}"
            ".iskp-folded>:not(.iskp-unfold){display:none}"
            ".iskp-leader::before{content:'';position:absolute;left:-2.5px;top:-3.25px;width:5px;"
            "height:5px;border-radius:50%;background:#222}</style>"), name="offline_bg")


class MapLayer(folium.FeatureGroup):
    """A toggleable map layer with a stable id."""

    layer_id = ""
    title = ""

    def __init__(self, show: bool = True, **kwargs):
        super().__init__(name=self.title, show=show, overlay=True, control=True, **kwargs)


class GeoLayerScript(MacroElement):
    """Draws a shared collection (see layers.geodata) into its parent group via the runtime.

    ``cfg`` is plain data (JSON): which collection, path class, styles, tooltip rows, values.
    Text in ``values`` reaches the page as text nodes only.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        ISKP.layers = ISKP.layers || {};
        ISKP.layers[{{ this.handle|tojson }}] = ISKP.geoLayer({{ this._parent.get_name() }},
            {{ this.cfg_json }});
        {% endmacro %}
    """)

    def __init__(self, handle: str, cfg: dict):
        super().__init__()
        self._name = "GeoLayerScript"
        self.handle = handle
        self.cfg_json = json_for_script(cfg)
