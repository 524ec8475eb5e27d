"""Geometry of the committee report's inline SVG charts; the template draws them, escaping every label.

No chart library and nothing fetched: a horizontal bar chart (plain or stacked) and a sparkline,
sized in SVG user units so they scale with the page and print sharp.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MIN_LABEL_W = 120.0
LABEL_SIZE, LABEL_EN_SIZE = 12.0, 9.5  # the font sizes of svg.chart .lbl and .lbl-en in the report's CSS
BAR_W = 340.0
ROW_H = 30.0
BAR_H = 18.0
VALUE_W = 80.0


@dataclass(frozen=True)
class Segment:
    """One part of a bar: where it starts, how wide, its colour class and the number it stands for."""

    x: float
    width: float
    css: str
    value: float


def bar_chart(rows: list[dict], maximum: float | None = None, unit: str = "", target: float | None = None) -> dict:
    """Horizontal bars. Each row: {label_th, label_en, segments: [(value, css)]} or {value, css}.

    The bar scale runs from 0 to `maximum` (the largest total when not given); `target` draws a line.
    """
    label_w = max([MIN_LABEL_W] + [16 + max(text_width(r.get("label_th", ""), LABEL_SIZE),
                                            text_width(r.get("label_en", ""), LABEL_EN_SIZE)) for r in rows])
    totals = [sum(v for v, _c in _parts(r)) for r in rows]
    top = maximum if maximum is not None else max(totals + [0.0])
    top = top or 1.0
    out_rows = []
    for i, (row, total) in enumerate(zip(rows, totals)):
        x = label_w
        segments = []
        for value, css in _parts(row):
            width = BAR_W * max(value, 0.0) / top
            if width > 0:
                segments.append(Segment(round(x, 2), round(width, 2), css, value))
            x += width
        y = 8 + i * ROW_H
        shown = row.get("value_label")
        if shown is None:
            shown = f"{total:,.2f}".rstrip("0").rstrip(".") + unit
        out_rows.append({"label_th": row.get("label_th", ""), "label_en": row.get("label_en", ""),
                         "y": y, "bar_y": y + (ROW_H - BAR_H) / 2 - 4, "text_y": y + ROW_H / 2,
                         "segments": segments, "value_label": shown, "value_x": label_w + BAR_W + 8})
    height = 16 + ROW_H * len(rows)
    target_x = label_w + BAR_W * target / top if target is not None and top else None
    return {"width": round(label_w + BAR_W + VALUE_W, 2), "height": height, "rows": out_rows,
            "label_w": round(label_w, 2),
            "bar_w": BAR_W, "bar_h": BAR_H, "target_x": round(target_x, 2) if target_x is not None else None,
            "target": target}


def text_width(text: str, size: float) -> float:
    """A generous estimate of how wide `text` renders at `size` px, so the label column is never too narrow.

    Thai vowel and tone marks sit above or below their consonant and take no width; other characters are
    counted at the widest advance they have in the report's fonts (Noto Sans Thai, Loma, Garuda).
    """
    width = 0.0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        if "\u0e00" <= ch <= "\u0e7f":
            width += 0.68 * size
        elif ch == " ":
            width += 0.32 * size
        elif ch.isupper() or ch.isdigit() or not ch.isascii():
            width += 0.70 * size
        else:
            width += 0.58 * size
    return width


def _parts(row: dict) -> list[tuple[float, str]]:
    if "segments" in row:
        return [(float(v or 0), css) for v, css in row["segments"]]
    return [(float(row.get("value") or 0), row.get("css", "bar"))]


def sparkline(values: list[float | None], width: float = 120.0, height: float = 28.0,
              low: float | None = None, high: float | None = None) -> dict | None:
    """A polyline of the known values (None skipped), scaled into width × height; None under two points."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return None
    vals = [v for _i, v in points]
    lo = min(vals) if low is None else min(low, *vals)
    hi = max(vals) if high is None else max(high, *vals)
    span = (hi - lo) or 1.0
    step = (width - 6) / max(len(values) - 1, 1)
    coords = [(3 + i * step, height - 3 - (height - 6) * (v - lo) / span) for i, v in points]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    last_x, last_y = coords[-1]
    return {"width": width, "height": height, "points": path, "last_x": round(last_x, 1), "last_y": round(last_y, 1),
            "first": vals[0], "last": vals[-1], "min": min(vals), "max": max(vals), "count": len(vals),
            "rising": vals[-1] > vals[0], "falling": vals[-1] < vals[0]}
