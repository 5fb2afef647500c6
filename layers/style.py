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

# One colour per record category (ColorBrewer Set1, 8 classes), in geo.records.CATEGORIES order.
from geo.records import CATEGORIES  # noqa: E402

# The three categories that are not events (geo.records.NOT_COUNTED) get muted colours.
CATEGORY_COLOURS = dict(zip(CATEGORIES, color_brewer("Set1", 8) + ["#6a3d9a", "#b15928",
                                                                   "#7f7f7f"]))
ZERO_COLOUR = "#f7f7f7"
