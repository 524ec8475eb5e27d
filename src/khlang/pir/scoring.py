"""Scoring a PIR survey: mean and distribution per question and overall, response rate per unit.

The mean is read with the five-band interpretation Thai public-sector evaluations use
(4.21–5.00 มากที่สุด … 1.00–1.80 น้อยที่สุด, class width 0.8).
"""

from __future__ import annotations

from khlang.report.labels import Label

SCORE_VERSION = 1
LEVELS: tuple[tuple[float, str, Label], ...] = (
    (4.21, "very_high", Label("มากที่สุด", "Very high")),
    (3.41, "high", Label("มาก", "High")),
    (2.61, "moderate", Label("ปานกลาง", "Moderate")),
    (1.81, "low", Label("น้อย", "Low")),
    (1.00, "very_low", Label("น้อยที่สุด", "Very low")),
)
LEVEL_LABELS: dict[str, Label] = {code: lab for _min, code, lab in LEVELS}


def level(mean: float | None) -> str | None:
    """The satisfaction level of a mean on the 1–5 scale."""
    if mean is None:
        return None
    for minimum, code, _label in LEVELS:
        if round(mean, 2) >= minimum:
            return code
    return "very_low"


def _summary(values: list[int]) -> dict:
    dist = {str(k): 0 for k in range(1, 6)}
    for v in values:
        dist[str(v)] += 1
    n = len(values)
    mean = round(sum(values) / n, 4) if n else None
    satisfied = round(sum(1 for v in values if v >= 4) / n, 4) if n else None
    return {"n": n, "mean": mean, "level": level(mean), "distribution": dist, "satisfied_share": satisfied}


def score(questions: list[str], responses: list[dict], invited: dict[str, int] | None) -> dict:
    """The survey's score; `responses` are {"unit", "answers"} with answers 1–5 or None per question."""
    per_question = []
    for i, text in enumerate(questions):
        values = [r["answers"][i] for r in responses if r["answers"][i] is not None]
        per_question.append({"number": i + 1, "text": text, **_summary(values)})
    everything = [a for r in responses for a in r["answers"] if a is not None]
    counts: dict[str, int] = {}
    answers_by_unit: dict[str, list[int]] = {}
    for r in responses:
        counts[r["unit"]] = counts.get(r["unit"], 0) + 1
        answers_by_unit.setdefault(r["unit"], []).extend(a for a in r["answers"] if a is not None)
    units = []
    for unit in sorted(set(counts) | set(invited or {})):
        asked = (invited or {}).get(unit)
        got = counts.get(unit, 0)
        values = answers_by_unit.get(unit, [])
        mean = round(sum(values) / len(values), 4) if values else None
        units.append({"unit": unit, "responses": got, "invited": asked,
                      "response_rate": round(got / asked, 4) if asked else None, "mean": mean, "level": level(mean)})
    total_invited = sum(invited.values()) if invited else None
    return {
        "version": SCORE_VERSION,
        "responses": len(responses),
        "invited": total_invited,
        "response_rate": round(len(responses) / total_invited, 4) if total_invited else None,
        "overall": _summary(everything),
        "questions": per_question,
        "units": units,
    }
