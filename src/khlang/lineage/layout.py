"""Lay a lineage graph out in columns for an inline SVG: upstream left, the dataset, downstream right.

Only numbers are computed here; the template draws the boxes and escapes every label.
"""

from __future__ import annotations

NODE_W, NODE_H = 210, 46
COL_GAP, ROW_GAP, PAD = 64, 14, 12
LABEL_MAX = 28
KIND_ORDER = {"agency": 0, "system": 1, "dataset": 2, "report": 3}


def layout(graph: dict) -> dict:
    """Positions for every node and a path for every edge of `LineageGraph.to_dict()` output."""
    nodes = {n["id"]: n for n in graph.get("nodes") or []}
    edges = [e for e in graph.get("edges") or [] if e["from"] in nodes and e["to"] in nodes]
    focus = f"dataset:{graph.get('dataset')}"
    if focus not in nodes:
        return {"width": 0, "height": 0, "nodes": [], "edges": []}
    upstream, downstream = set(graph.get("upstream") or []), set(graph.get("downstream") or [])
    parents: dict[str, list[str]] = {}
    children: dict[str, list[str]] = {}
    for e in edges:
        parents.setdefault(e["to"], []).append(e["from"])
        children.setdefault(e["from"], []).append(e["to"])

    depth: dict[str, int] = {focus: 0}
    _spread(focus, children, depth, +1, downstream)
    _spread(focus, parents, depth, -1, upstream)

    columns: dict[int, list[str]] = {}
    for node_id, d in depth.items():
        columns.setdefault(d, []).append(node_id)
    low = min(columns)
    placed: dict[str, dict] = {}
    rows = max(len(ids) for ids in columns.values())
    height = PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP
    for d, ids in sorted(columns.items()):
        ids.sort(key=lambda i: (KIND_ORDER.get(nodes[i]["kind"], 9), nodes[i]["label"]))
        used = len(ids) * NODE_H + (len(ids) - 1) * ROW_GAP
        top = (height - used) // 2
        for row, node_id in enumerate(ids):
            n = nodes[node_id]
            placed[node_id] = dict(
                n, x=PAD + (d - low) * (NODE_W + COL_GAP), y=top + row * (NODE_H + ROW_GAP), w=NODE_W, h=NODE_H,
                short=_shorten(n["label"]), short_name=_shorten(n["name"], 24), focus=node_id == focus,
                side="focus" if node_id == focus else ("upstream" if d < 0 else "downstream"),
            )
    width = PAD * 2 + len(columns) * NODE_W + (len(columns) - 1) * COL_GAP
    paths = []
    for e in edges:
        a, b = placed.get(e["from"]), placed.get(e["to"])
        if a is None or b is None:
            continue
        x1, y1 = a["x"] + a["w"], a["y"] + a["h"] // 2
        x2, y2 = b["x"], b["y"] + b["h"] // 2
        mid = (x1 + x2) // 2
        paths.append({"from": e["from"], "to": e["to"], "d": f"M{x1},{y1} C{mid},{y1} {mid},{y2} {x2 - 6},{y2}"})
    ordered = sorted(placed.values(), key=lambda n: (n["x"], n["y"]))
    return {"width": width, "height": height, "nodes": ordered, "edges": paths}


def _spread(start: str, links: dict[str, list[str]], depth: dict[str, int], step: int, allowed: set[str]) -> None:
    """Longest distance from the focus along one direction, so every edge points the same way."""
    stack = [(start, 0)]
    while stack:
        node, d = stack.pop()
        for nxt in links.get(node, []):
            if nxt not in allowed:
                continue
            nd = d + step
            if abs(nd) > abs(depth.get(nxt, 0)) or nxt not in depth:
                depth[nxt] = nd
                stack.append((nxt, nd))


def _shorten(text: str, limit: int = LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
