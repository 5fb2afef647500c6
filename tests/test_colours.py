"""Colours that briefers' audiences can tell apart: category and choropleth palettes under
simulated deuteranopia and protanopia (Machado, Oliveira and Fernandes 2009, severity 1), and
text contrast on the map (WCAG 2 AA: 4.5 to 1)."""
import itertools

import numpy as np
import pytest
from branca.utilities import color_brewer

from map_runtime.base import BACKGROUND
from map_runtime.style import CATEGORY_COLOURS, ZERO_COLOUR, sequential

SIMULATIONS = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
}


def linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(rgb_linear, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def difference(a: str, b: str, sim: str) -> float:
    m = SIMULATIONS[sim]
    return float(np.linalg.norm(lab(m @ linear(a)) - lab(m @ linear(b))))


def contrast(fg: str, bg: str) -> float:
    lum = lambda c: float(np.array([0.2126, 0.7152, 0.0722]) @ linear(c))
    hi, lo = sorted([lum(fg), lum(bg)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("sim", list(SIMULATIONS))
def test_categories_stay_apart(sim):
    worst = min((difference(a, b, sim), ca, cb) for (ca, a), (cb, b)
                in itertools.combinations(CATEGORY_COLOURS.items(), 2))
    assert worst[0] >= 15, worst


def test_the_old_palette_would_fail():
    """The check can fail: ColorBrewer Set1 puts red and brown together for deuteranopes."""
    set1 = color_brewer("Set1", 8)
    assert min(difference(a, b, "deuteranopia")
               for a, b in itertools.combinations(set1, 2)) < 15


@pytest.mark.parametrize("sim", list(SIMULATIONS))
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_choropleth_classes_stay_apart(sim, n):
    pal = [ZERO_COLOUR] + sequential(n)
    for a, b in zip(pal, pal[1:]):
        assert difference(a, b, sim) >= 10, (n, a, b)


@pytest.mark.parametrize("fg,bg", [
    ("#222222", BACKGROUND),   # province labels on the map background
    ("#222222", "#ffffff"),    # legend, title, popups
    ("#444444", "#ffffff"),    # legend notes, caveat
    ("#333333", "#ffffff"),    # popup notes
    ("#8a4b00", "#ffffff"),    # popup flags
])
def test_text_meets_wcag_aa(fg, bg):
    assert contrast(fg, bg) >= 4.5
