"""The view's annotations (``geo.annotations``) drawn on the map, above every layer: text
callouts, arrows, circles, outlines and pins, in the view's colours and sizes. In the app the
same element carries the drawing tools (Leaflet-Geoman, vendored): draw, move, edit, delete,
undo and redo; what the reader draws goes to the host, which keeps it with the view.

Texts reach the page as JSON and are set as text nodes or a textarea's value, never as HTML.

>>> AnnotationsLayer(view.annotations).add_to(map_)              # an export: drawn only
>>> AnnotationsLayer("", editable=True).add_to(map_)             # the app: told by its host
"""
from __future__ import annotations

from jinja2 import Template

from geo.annotations import COLOURS, annotations_text
from map_runtime.assets import url
from map_runtime.base import SafeMacroElement, json_for_script

_STYLE = (
    "<style>"
    ".iskp-note{background:none;border:0}"
    # The words start at their point, as the drawing tool's text box does (its padding too).
    # A long one wraps (its own line ends kept) rather than running off the map.
    ".iskp-note-text{display:block;white-space:pre-wrap;width:max-content;max-width:22em;"
    "font:700 16px/1.2 system-ui,sans-serif;"
    "padding:4px 0 0 7px;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 4px #fff}"
    ".iskp-pin-label .iskp-note-text{padding:0;text-shadow:none}"
    ".iskp-note-large .iskp-note-text{font-size:26px}"
    "textarea.iskp-note-edit{font:700 16px/1.2 system-ui,sans-serif;"
    "background:rgba(255,255,255,.7)!important}"
    "textarea.iskp-note-edit.iskp-note-large{font-size:26px}"
    ".iskp-pin-box{background:none;border:0}"
    ".iskp-pin{position:absolute;left:-9px;top:-24px;width:18px;height:18px;"
    "border-radius:50% 50% 50% 0;transform:rotate(-45deg);border:2px solid #fff;"
    "box-shadow:0 0 2px #000}"
    ".iskp-pin-large .iskp-pin{left:-13px;top:-34px;width:26px;height:26px}"
    ".iskp-pin-label{font:700 15px system-ui,sans-serif;background:rgba(255,255,255,.85)}"
    ".iskp-note-tools{display:flex;flex-direction:column;background:#fff}"
    ".iskp-note-tools button{width:30px;height:26px;border:0;border-bottom:1px solid #ccc;"
    "cursor:pointer;font:600 10px system-ui,sans-serif;padding:0;background:#fff}"
    ".iskp-note-tools .iskp-swatch[aria-pressed=true]{outline:3px solid #222;"
    "outline-offset:-5px}"
    ".iskp-note-tools button[aria-pressed=true]:not(.iskp-swatch){background:#222;color:#fff}"
    ".iskp-note-tools button:disabled{color:#aaa;cursor:default}"
    "</style>")


class AnnotationsLayer(SafeMacroElement):
    """The annotations of a view (their JSON text, ``""`` for none) on the map; ``editable``:
    the app's map, with the drawing tools, whose annotations its host sets and is told.
    Drawn whenever the view has annotations: no layer switch hides what the briefer drew."""

    layer_id = "annotations"
    title = "Annotations"

    _template = Template("""
        {% macro header(this, kwargs) %}
        {{ this.style }}
        {% if this.editable %}<script>L.PM.setOptIn(true);</script>{% endif %}
        {% endmacro %}
        {% macro script(this, kwargs) %}
        ISKP.annotationsLayer({{ this._parent.get_name() }}, {{ this.cfg_json }});
        {% endmacro %}
    """)

    def __init__(self, annotations: str = "", editable: bool = False):
        super().__init__()
        self._name = "AnnotationsLayer"
        self.editable = editable
        self.style = _STYLE
        self.default_js = [("iskp_annotations", url("iskp_annotations.js"))]
        self.default_css = []
        if editable:
            # Geoman before the map exists: it takes only the layers that opt in (these).
            self.default_js = [("leaflet_geoman", url("leaflet-geoman.js"))] + self.default_js
            self.default_css = [("leaflet_geoman_css", url("leaflet-geoman.css"))]
        self.cfg_json = json_for_script({
            "annotations": annotations_text(annotations) if annotations else "",
            "editable": editable, "colours": COLOURS, "default_colour": "black"})
