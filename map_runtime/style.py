"""Colours and type sizes shared by layers and legends (ColorBrewer palettes via branca)."""
from branca.utilities import color_brewer

NEIGHBOUR_ORDER = ["PK", "IR", "TM", "UZ", "TJ", "CN"]
NEIGHBOUR_COLOURS = dict(zip(NEIGHBOUR_ORDER, color_brewer("Dark2", 6)))
PROVINCE_OUTLINE = "#444444"
LABEL_CSS = ("font: 600 11px/1.1 system-ui, sans-serif; color:#222; text-align:center; "
             "white-space:nowrap; width:max-content; text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;")


def sequential(n: int) -> list[str]:
    """n colours, light to dark, for counts (ColorBrewer YlOrRd)."""
    return color_brewer("YlOrRd", max(n, 3))[-n:] if n < 3 else color_brewer("YlOrRd", n)

# One colour per record category, in geo.records.CATEGORIES order: the Okabe-Ito palette, made to
# stay apart under the common colour-vision deficiencies, plus three of Paul Tol's for the
# categories that are not events. tests/test_colours.py simulates deuteranopia and protanopia
# and holds every pair at least 15 CIELAB units apart.
from geo.records import CATEGORIES  # noqa: E402

CATEGORY_COLOURS = dict(zip(CATEGORIES, [
    "#D55E00",  # attack: vermillion
    "#0072B2",  # presence report: blue
    "#009E73",  # force estimate: bluish green
    "#CC79A7",  # casualty figure: reddish purple
    "#E69F00",  # official statement: orange
    "#56B4E9",  # counter-terrorism meeting: sky blue (drawn as a diamond)
    "#000000",  # counter-terrorism operation: black
    "#F0E442",  # other: yellow
    "#882255",  # attack count: wine
    "#DDCC77",  # links and reach: sand
    "#5A3D1E",  # context: brown
]))
ZERO_COLOUR = "#f7f7f7"
