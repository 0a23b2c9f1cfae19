"""Analysts' verdicts on coded events, and the annotations they make.

The dashboard's review queue lists events lowest confidence first; an analyst
accepts, corrects (type, status, source, target, place, date) or rejects each.
``record`` stores the verdict with the event as it was coded, so a review
outlives a re-analysis of its article. ``annotations`` turns the reviews into
records of the gold format (``../shared/gold/GUIDELINES.md``), which
``kibaru train`` reads: the reading loop closes on a better model.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from ..actors.data import AGENTS, COUNTRY_CODE
from ..doc.analysis import EVENT_TYPES, STATUSES
from ..errors import KibaruError, Msg
from .base import Store
from .queries import EventQuery, check_page
from .rows import event_from_row, now

VERDICTS = ("accepted", "corrected", "rejected")
CORRECTABLE = ("type", "status", "source", "target", "place", "date")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
MAX_TEXT = 300  # characters of a corrected name or reviewer


def coded_key(event: dict[str, Any]) -> str:
    """Which event a review is about, beside its place in the article: the
    type and trigger offsets (a re-analysis may put another event there)."""
    return f"{event.get('type')}|{event.get('trigger_start')}|{event.get('trigger_end')}"


def queue(store: Store, query: EventQuery, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Events not reviewed yet, lowest confidence first (the ones most worth a look)."""
    check_page(limit, offset)
    where, params = query.where()
    both = f"{where} AND" if where else "WHERE"
    key = "e.type || '|' || COALESCE(CAST(e.trigger_start AS TEXT), 'None') || '|' || COALESCE(CAST(e.trigger_end AS TEXT), 'None')"
    rows = store.rows(
        f"SELECT e.*, a.title AS article_title, a.outlet AS article_outlet FROM events e "
        f"JOIN articles a ON a.id = e.article_id {both} NOT EXISTS (SELECT 1 FROM reviews r WHERE "
        f"r.article_id = e.article_id AND r.seq = e.seq AND r.coded = {key}) "
        f"ORDER BY e.confidence, e.id LIMIT ? OFFSET ?", (*params, limit, offset))
    return [{"article_id": r["article_id"], "seq": r["seq"], **event_from_row(r),
             "article": {"title": r["article_title"], "outlet": r["article_outlet"]}} for r in rows]


def record(store: Store, article_id: str, seq: int, verdict: str, correction: dict[str, Any] | None = None,
           reviewer: str | None = None) -> dict[str, Any]:
    """Store one verdict on event ``seq`` of ``article_id`` (a second verdict
    on the same event replaces the first); returns the stored review."""
    where = f"event {seq} of {article_id!r}"
    if verdict not in VERDICTS:
        raise KibaruError(Msg.E216, input=where, detail=f"verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
    correction = check_correction(correction or {}, where)
    if verdict == "corrected" and not correction:
        raise KibaruError(Msg.E216, input=where, detail="a correction changes at least one field")
    if verdict != "corrected" and correction:
        raise KibaruError(Msg.E216, input=where, detail=f"only a 'corrected' verdict carries a correction")
    if reviewer is not None and (not isinstance(reviewer, str) or len(reviewer) > MAX_TEXT):
        raise KibaruError(Msg.E216, input=where, detail=f"reviewer: a name of up to {MAX_TEXT} characters")
    rows = store.rows("SELECT * FROM events WHERE article_id = ? AND seq = ?", (article_id, seq))
    if not rows:
        raise KibaruError(Msg.E215, input=store.url.display(), seq=seq, id=article_id)
    event = event_from_row(rows[0])
    coded = coded_key(event)
    review = {"article_id": article_id, "seq": seq, "verdict": verdict, "event": event, "correction": correction,
              "reviewer": reviewer, "reviewed_at": now(), "coded": coded}
    with store.transaction():
        store.execute("DELETE FROM reviews WHERE article_id = ? AND seq = ? AND coded = ?", (article_id, seq, coded))
        store.execute("INSERT INTO reviews (article_id, seq, verdict, event, correction, reviewer, reviewed_at, coded) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      (article_id, seq, verdict, json.dumps(event, ensure_ascii=False),
                       json.dumps(correction, ensure_ascii=False), reviewer, review["reviewed_at"], coded))
    return review


def check_correction(correction: Any, where: str) -> dict[str, Any]:
    """The corrected fields, checked: what the gold format can hold, nothing else."""
    def bad(detail: str):
        raise KibaruError(Msg.E216, input=where, detail=detail)

    if not isinstance(correction, dict):
        bad("the correction is an object of fields: " + ", ".join(CORRECTABLE))
    unknown = sorted(set(correction) - set(CORRECTABLE))
    if unknown:
        bad(f"cannot correct {', '.join(map(repr, unknown))}; the fields are {', '.join(CORRECTABLE)}")
    out: dict[str, Any] = {}
    for name, value in correction.items():
        if name == "type":
            if value not in EVENT_TYPES:
                bad(f"type {value!r} is not a PLOVER type ({' '.join(EVENT_TYPES)})")
        elif name == "status":
            if value not in STATUSES:
                bad(f"status {value!r} is not one of {', '.join(STATUSES)}")
        elif name in ("source", "target"):
            value = _side(value, name, bad)
        elif name == "place":
            value = _place(value, bad)
        elif name == "date":
            if value is not None and not (isinstance(value, str) and _DATE.fullmatch(value)):
                bad(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        out[name] = value
    return out


def _text(value: Any, what: str, bad) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT or any(ord(c) < 32 for c in value):
        bad(f"{what}: a text of up to {MAX_TEXT} characters")
    return value.strip() or None


def _code(value: Any, what: str, bad) -> str | None:
    code = _text(value, what, bad)
    if code is None:
        return None
    code = "IGO:" + code[4:].upper() if code.upper().startswith("IGO:") else code.upper()
    if not COUNTRY_CODE.fullmatch(code):
        bad(f"{what}: {value!r} is not a country code (MLI) or IGO:CODE")
    return code


def _side(value: Any, name: str, bad) -> dict[str, Any] | None:
    if value is None:
        return None  # the text names no one on that side
    if not isinstance(value, dict) or set(value) - {"name", "country", "agent"}:
        bad(f"{name}: an object with name, country and agent (or null)")
    agent = _text(value.get("agent"), f"{name}.agent", bad)
    agent = agent.upper() if agent else None
    if agent is not None and agent not in AGENTS:
        bad(f"{name}.agent: {agent!r} is not a sector code ({' '.join(sorted(AGENTS))})")
    side = {"name": _text(value.get("name"), f"{name}.name", bad),
            "country": _code(value.get("country"), f"{name}.country", bad), "agent": agent}
    return side if any(side.values()) else None


def _place(value: Any, bad) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"name", "country"}:
        bad("place: an object with name and country (or null)")
    place = {"name": _text(value.get("name"), "place.name", bad),
             "country": _code(value.get("country"), "place.country", bad)}
    return place if place["name"] or place["country"] else None


def reviews(store: Store, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Stored reviews, newest first."""
    check_page(limit, offset)
    rows = store.rows("SELECT * FROM reviews ORDER BY reviewed_at DESC, id DESC LIMIT ? OFFSET ?", (limit, offset))
    return [_review(r) for r in rows]


def _review(row: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": row["article_id"], "seq": row["seq"], "verdict": row["verdict"],
            "event": json.loads(row["event"]), "correction": json.loads(row["correction"]),
            "reviewer": row["reviewer"], "reviewed_at": row["reviewed_at"]}


def review_counts(store: Store) -> dict[str, int]:
    counts = {v: 0 for v in VERDICTS}
    for row in store.rows("SELECT verdict, count(*) AS n FROM reviews GROUP BY verdict"):
        counts[row["verdict"]] = row["n"]
    return counts


def annotations(store: Store) -> Iterator[dict[str, Any]]:
    """One gold-format record per reviewed article (``GUIDELINES.md``).

    ``lead`` holds the sentences with a reviewed event, in the article's order;
    ``events`` the accepted and corrected events of those sentences, and the
    events the analyst did not review in them, as coded (a lead sentence's
    events must all be there: a missing one would teach the model that the
    sentence reports nothing). Each event says which (``review``). Rejected
    events are left out: that is what a rejection teaches."""
    by_article: dict[str, list[dict[str, Any]]] = {}
    for row in store.rows("SELECT * FROM reviews ORDER BY article_id, seq"):
        by_article.setdefault(row["article_id"], []).append(_review(row))
    for article_id, items in by_article.items():
        head = store.rows("SELECT id, title, text, url, outlet, published FROM articles WHERE id = ?", (article_id,))
        if not head:
            continue  # the article was deleted from the database: its text is gone
        article = head[0]
        current = [event_from_row(r) for r in store.rows("SELECT * FROM events WHERE article_id = ? ORDER BY seq",
                                                         (article_id,))]
        reviewed = {(r["seq"], coded_key(r["event"])): r for r in items}
        sentences: dict[int, str] = {}
        for r in items:
            sentences[r["event"]["sentence_start"]] = r["event"]["sentence"]
        order = sorted(sentences)
        index = {start: i for i, start in enumerate(order)}
        events = []
        for r in items:
            if r["verdict"] == "rejected":
                continue
            events.append(_gold_event({**r["event"], **r["correction"]}, index[r["event"]["sentence_start"]],
                                      r["verdict"]))
        for seq, event in enumerate(current):
            if event["sentence_start"] in index and (seq, coded_key(event)) not in reviewed:
                events.append(_gold_event(event, index[event["sentence_start"]], "unreviewed"))
        events.sort(key=lambda e: e["sentence"])
        yield {"id": article["id"], "split": "review", "title": article["title"], "url": article["url"],
               "source": article["outlet"], "published": article["published"], "text": article["text"],
               "lead": [sentences[s] for s in order], "events": events}


def _gold_event(event: dict[str, Any], sentence: int, review: str) -> dict[str, Any]:
    def side(ref: dict[str, Any] | None) -> dict[str, Any] | None:
        if not ref:
            return None
        return {"text": None, "name": ref.get("name"), "country": ref.get("country"), "agent": ref.get("agent")}

    place = event.get("place")
    return {"sentence": sentence, "type": event["type"], "mode_status": event.get("status") or "occurred",
            "trigger": event.get("trigger"), "source": side(event.get("source")), "target": side(event.get("target")),
            "place": {"name": place.get("name"), "country": place.get("country")} if place else None,
            "date": event.get("date"), "review": review}
