"""The offline map and what every layer shares.

:class:`OfflineMap` is a ``folium.Map`` that loads Leaflet from :mod:`map_runtime.assets` only
(folium itself would add Leaflet, jQuery, Bootstrap and Font Awesome from CDNs) and draws no
tiles unless asked: a blank, light background keeps the data readable with no tile server.

Each layer module defines a ``folium.FeatureGroup`` subclass with a stable ``layer_id`` (used by
the app, the export and the command line) and a ``title`` shown in the layer control.
"""
from __future__ import annotations

import html
import json
import re

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink, MacroElement
from jinja2 import Template

from geo.words import page_words, say
from map_runtime.assets import url


def json_for_script(obj) -> str:
    """JSON safe inside a <script> element (no '</script>' or '<!--' can close it)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")

BACKGROUND = "#f4f1ea"


_LINE_ENDS = str.maketrans({"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def esc(value) -> str:
    """Text for HTML: escaped, with None and NaN as empty. Line ends and tabs become character
    references, so that nothing done to the page's own layout (indentation and comments are
    stripped from exports) can alter the text: it reads back exactly as given."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True).translate(_LINE_ENDS)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def md_escape(value) -> str:
    """Text for Streamlit's markdown, shown literally: ``**x**`` or ``![x](http://host/img)``
    is neither markup nor a remote image. Streamlit still links a bare URL (remark-gfm links
    the decoded text, whatever its escapes), so a user's text goes through ``ui.plain``; this
    is for the app's own words around its names (provinces, messages)."""
    return _MD_SPECIAL.sub(r"\\\1", "" if value is None else str(value))


class Verbatim(Element):
    """Text that is already rendered: it comes out as it is and is never compiled as a template.

    >>> Verbatim("{{ 7*7 }}").render()
    '{{ 7*7 }}'
    """

    def __init__(self, text: str):
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class KeepsText:
    """Renders a macro element's ``header``, ``html`` and ``script`` macros once, as text.

    branca's ``MacroElement.render`` wraps each macro's output in ``Element(output)``, which
    compiles that output as a new Jinja template: a title, a note or a URL inside it (``{{ }}``,
    ``{% %}``) would then run on the server. Every element of this project renders through this
    mixin instead (``SafeMacroElement``, and it is mixed into the few folium classes that carry a
    user's text), so user text is only ever a value of the project's own templates.
    """

    def render(self, **kwargs):
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{type(self).__name__} can only be rendered inside a Figure")
        for name, link in getattr(self, "default_js", []):
            figure.header.add_child(JavascriptLink(link), name=name)
        for name, link in getattr(self, "default_css", []):
            figure.header.add_child(CssLink(link), name=name)
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                text = str(macro(self, kwargs))
                # As Jinja did with the macro's output: one final line end (the template's own,
                # before ``{% endmacro %}``) is dropped, so the page's bytes stay as they were.
                text = text[:-1] if text.endswith("\n") else text
                getattr(figure, part).add_child(Verbatim(text), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class SafeMacroElement(KeepsText, MacroElement):
    """The base of every map element of this project (see :class:`KeepsText`); ``default_js``
    and ``default_css`` name its assets, as in folium's plugins."""

    default_js: list = []
    default_css: list = []


class Basemap(KeepsText, folium.TileLayer):
    """A tile layer from a URL the user typed: the URL is a value, never template source."""


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
        # Before the runtime: the product's words in the language the map is built in
        # (geo.words.speaking), which the runtime's ISKP.say reads.
        self.get_root().header.add_child(Verbatim(
            f"<script>window.ISKP_WORDS = {json_for_script(page_words())};</script>"),
            name="iskp_words")

        self.get_root().header.add_child(Element(
            f"<style>div.leaflet-container{{background:{BACKGROUND} !important;}}"
            ".iskp-tip th{text-align:start;padding-inline-end:8px;font-weight:600}"
            ".iskp-tip td{text-align:end}"
            # A clicked shape keeps keyboard focus; the browser's focus box around it is noise.
            "path.leaflet-interactive:focus{outline:none}"
            # ...but a shape reached with the Tab key shows that it has it.
            "path.leaflet-interactive:focus-visible{stroke:#000;stroke-width:3px;"
            "stroke-dasharray:none}"
            # A record known only to its province or district is a ring at the unit: its ring
            # opens the record, a click inside it is a click on the unit (the drill-down).
            ".leaflet-pane>svg path.leaflet-interactive.iskp-incident-province,"
            ".leaflet-pane>svg path.leaflet-interactive.iskp-incident-district{pointer-events:stroke}"
            # A ring of its category's colour on a shaded province (vermillion on red) would
            # vanish: a white halo keeps it apart from any fill.
            ".leaflet-pane>svg path.iskp-incident-province,.leaflet-pane>svg path."
            "iskp-incident-district{filter:drop-shadow(0 0 1px #fff) drop-shadow(0 0 1px #fff)}"
            # Clusters in a neutral slate, not markercluster's greens and yellows, which read as
            # Tajikistan's and China's fills.
            ".leaflet-container .marker-cluster-small,.leaflet-container .marker-cluster-medium,"
            ".leaflet-container .marker-cluster-large{background-color:rgba(55,65,90,.35)}"
            ".leaflet-container .marker-cluster-small div,.leaflet-container .marker-cluster-medium"
            " div,.leaflet-container .marker-cluster-large div{background-color:rgba(40,48,70,.85);"
            "color:#fff}"
            # The scale's words ("100 mi") run past a short bar rather than being cut: the bar's
            # length is the distance, so it stays as drawn.
            ".leaflet-control-scale-line{overflow:visible;text-shadow:0 0 2px #fff,0 0 2px #fff}"
            # A time axis and a distance read left to right on a right-to-left (Dari) page too:
            # the sliders run as the timeline below them does, and "200 km" stays so.
            ".leaflet-control-scale-line{direction:ltr}"
            # records beyond the view are named in a box (ISKP.offView)
            ".iskp-offview{font:13px system-ui,sans-serif;background:rgba(255,255,255,.94);"
            "padding:4px 8px;border-radius:5px;box-shadow:0 1px 5px rgba(0,0,0,.4);color:#222}"
            ".iskp-offview[hidden]{display:none}"
            ".iskp-offview-item{display:block;font:inherit;border:0;background:none;padding:1px 0;"
            "color:#1a4f8b;text-decoration:underline;cursor:pointer;text-align:start}"
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
    """A toggleable map layer with a stable id (``ISKP.layerGroups[id]`` in the page, where a
    host switches it: ``ISKP.showLayers``)."""

    layer_id = ""
    title = ""

    def __init__(self, show: bool = True, control: bool = True, **kwargs):
        # Named in the map's language: the layer list and the legend's sections say the same.
        super().__init__(name=say(self.title), show=show, overlay=True, control=control,
                         **kwargs)
        if self.layer_id:
            _LayerHandle(self.layer_id, say(self.title)).add_to(self)


class _LayerHandle(SafeMacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
        ISKP.layerGroups = ISKP.layerGroups || {};
        ISKP.layerGroups[{{ this.layer_id|tojson }}] = {group: {{ this._parent.get_name() }},
                                                        title: {{ this.title|tojson }}};
        {% endmacro %}
    """)

    def __init__(self, layer_id: str, title: str):
        super().__init__()
        self._name = "LayerHandle"
        self.layer_id, self.title = layer_id, title


class GeoLayerScript(SafeMacroElement):
    """Draws a shared collection (see map_runtime.geodata) into its parent group via the runtime.

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
