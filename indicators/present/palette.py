"""The colours of every chart, chosen so that each series can be seen: at least 3:1 contrast against
the white background (WCAG 2.1 AA, 1.4.11 non-text contrast), which Okabe–Ito's orange (#E69F00,
2.25:1), sky blue (#56B4E9, 2.31:1) and yellow (#F0E442, 1.32:1) did not reach. The hues follow
Okabe–Ito where they pass and are darkened where they did not; colour is never the only cue — bars
carry patterns and value labels, lines their names, status boxes their words and symbols.

`contrast_ratio` is WCAG's formula, so the suite checks the palette rather than trusting this comment.
"""

from __future__ import annotations

BACKGROUND = "#FFFFFF"  # plotly_white's paper and plot, and the app's light theme (.streamlit/config.toml)
TEXT = "#111111"

SERIES_COLOURS = [
    "#0072B2",  # blue            5.2:1
    "#D55E00",  # vermillion      3.9:1
    "#007A5A",  # bluish green    5.3:1 (Okabe–Ito's #009E73 darkened)
    "#8F6A00",  # dark ochre      5.0:1 (for the orange and the yellow)
    "#AA4499",  # reddish purple  5.3:1 (#CC79A7 darkened)
    "#5F3C99",  # violet          8.1:1
    "#000000",  # black          21.0:1
    "#767676",  # grey            4.5:1
]
TARGET_COLOUR = SERIES_COLOURS[1]
# One fill pattern per series, in the same order, so bars are told apart without colour (and in print).
PATTERNS = ["", "/", ".", "x", "\\", "-", "+", "|"]

# Status boxes in the framework picture: a light fill behind the status written in words and a symbol.
STATUS_FILLS = {
    "achieved": "#B3DFC9", "substantial_progress": "#B3DFC9", "moderate_progress": "#CDE3F5",
    "limited_progress": "#F5E3B8", "deterioration": "#F4C7B0", "moderate_deterioration": "#F5E3B8",
    "substantial_deterioration": "#F4C7B0", "insufficient_data": "#E6E6E6",
}


def _channel(value: int) -> float:
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    code = colour.lstrip("#")
    red, green, blue = (_channel(int(code[i:i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def series_colour(index: int) -> str:
    return SERIES_COLOURS[index % len(SERIES_COLOURS)]


def series_pattern(index: int) -> str:
    return PATTERNS[index % len(PATTERNS)]
