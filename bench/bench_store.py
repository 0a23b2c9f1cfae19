"""Store latency at scale: `kibaru search` and `kibaru events` over ~1,000,000 events.

Generates N synthetic but realistic coded articles (default 100,000, with
0-30 events each, 10 on average: ~1,000,000 event rows), writes them through
the real store code path (``to_rows`` + ``Store.put`` in batches, so the
schema, triggers and indexes are the shipped ones) into SQLite and
PostgreSQL, then times the queries behind ``kibaru search`` and ``kibaru
events`` in-process (median and p95 per query kind), and a few whole CLI
invocations (Python start-up included, what a user waits for).
The target (issue 4): median < 100 ms on SQLite.

Article texts recombine runs of sentences of the real MasakhaNEWS French
articles, so that full-text search sees real French vocabulary; titles
recombine real headlines. Dates spread over 2019-2025 (more recent years
weigh more), outlets over 30 names, event types follow a skewed PLOVER
distribution, actors mostly Sahel / West African countries plus FRA, RUS,
USA, CHN, the UN, ECOWAS and the AU. Everything derives from --seed.

PostgreSQL: by default a throwaway server (``tests/pgserver.py``) in
WORKDIR/postgres, stopped at the end; or ``--postgres URL`` (an empty
database, or one this benchmark filled, with --reuse).

    python bench/bench_store.py [--articles N] [--engines sqlite,postgresql]
                                [--workdir DIR [--reuse]] [--postgres URL]
                                [--repeat 30] [--cli-runs 5] [--kinds search,events]

``--kinds search --cli-runs 0`` times the searches only (issue 15: PostgreSQL
search medians), without the event queries and the whole CLI runs.

A 100,000-article run needs ~4 GB of disk in WORKDIR (1.7 GB SQLite, 2.1 GB PostgreSQL)
and ~12 min to load on 2 busy cores. A query still running after --timeout
(default 30 s) is stopped and reported as a lower bound (≥).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable

from _common import MASAKHANEWS_FILES, REPO, markdown_table, peak_rss_mb, require_corpus

SETTINGS_HASH = "bench-store-synthetic"
TARGET_MS = 100.0

# --- the synthetic world --------------------------------------------------------------

# country code -> (French name, weight as an actor's country, capital-ish places)
COUNTRIES: dict[str, tuple[str, float]] = {
    "MLI": ("Mali", 14), "BFA": ("Burkina Faso", 12), "NER": ("Niger", 11), "TCD": ("Tchad", 5),
    "NGA": ("Nigeria", 5), "SEN": ("Sénégal", 5), "CIV": ("Côte d'Ivoire", 4), "MRT": ("Mauritanie", 3),
    "GIN": ("Guinée", 3), "BEN": ("Bénin", 3), "TGO": ("Togo", 2), "GHA": ("Ghana", 2),
    "CMR": ("Cameroun", 2), "DZA": ("Algérie", 2), "LBY": ("Libye", 1),
    "FRA": ("France", 9), "RUS": ("Russie", 6), "USA": ("États-Unis", 4), "CHN": ("Chine", 3),
    "TUR": ("Turquie", 1), "IGO:UN": ("ONU", 4), "IGO:ECOWAS": ("CEDEAO", 4), "IGO:AU": ("Union africaine", 2),
    "IGO:EU": ("Union européenne", 1),
}
# (name, country, agent, roles, aliases)
PEOPLE = [
    ("Assimi Goïta", "MLI", "GOV", ["président de la Transition"], ["le colonel Goïta"]),
    ("Abdoulaye Diop", "MLI", "GOV", ["ministre des Affaires étrangères"], ["le ministre Diop"]),
    ("Sadio Camara", "MLI", "GOV", ["ministre de la Défense"], ["le colonel Sadio Camara"]),
    ("Choguel Kokalla Maïga", "MLI", "GOV", ["Premier ministre"], ["Choguel Maïga"]),
    ("Iyad Ag Ghaly", "MLI", "REB", ["chef du JNIM"], []),
    ("Ibrahim Traoré", "BFA", "GOV", ["président de la Transition"], ["le capitaine Traoré"]),
    ("Apollinaire Kyélem de Tambèla", "BFA", "GOV", ["Premier ministre"], []),
    ("Paul-Henri Sandaogo Damiba", "BFA", "MIL", ["lieutenant-colonel"], ["Damiba"]),
    ("Abdourahamane Tiani", "NER", "GOV", ["chef du CNSP"], ["le général Tiani"]),
    ("Mohamed Bazoum", "NER", "GOV", ["président"], ["Bazoum"]),
    ("Ali Lamine Zeine", "NER", "GOV", ["Premier ministre"], []),
    ("Mahamat Idriss Déby", "TCD", "GOV", ["président"], ["Mahamat Déby"]),
    ("Bola Tinubu", "NGA", "GOV", ["président"], []),
    ("Macky Sall", "SEN", "GOV", ["président"], []),
    ("Ousmane Sonko", "SEN", "OPP", ["opposant"], ["Sonko"]),
    ("Bassirou Diomaye Faye", "SEN", "GOV", ["président"], []),
    ("Alassane Ouattara", "CIV", "GOV", ["président"], ["ADO"]),
    ("Mamadi Doumbouya", "GIN", "GOV", ["président de la Transition"], []),
    ("Emmanuel Macron", "FRA", "GOV", ["président de la République"], ["le chef de l'État français"]),
    ("Jean-Yves Le Drian", "FRA", "GOV", ["ministre des Affaires étrangères"], ["Le Drian"]),
    ("Sébastien Lecornu", "FRA", "GOV", ["ministre des Armées"], []),
    ("Catherine Colonna", "FRA", "GOV", ["ministre des Affaires étrangères"], []),
    ("Vladimir Poutine", "RUS", "GOV", ["président"], ["le Kremlin"]),
    ("Sergueï Lavrov", "RUS", "GOV", ["ministre des Affaires étrangères"], ["Lavrov"]),
    ("Evgueni Prigojine", "RUS", "UAF", ["chef du groupe Wagner"], ["Prigojine"]),
    ("groupe Wagner", "RUS", "UAF", [], ["Wagner", "les mercenaires russes"]),
    ("Antony Blinken", "USA", "GOV", ["secrétaire d'État"], ["Blinken"]),
    ("Joe Biden", "USA", "GOV", ["président"], []),
    ("Xi Jinping", "CHN", "GOV", ["président"], []),
    ("Wang Yi", "CHN", "GOV", ["ministre des Affaires étrangères"], []),
    ("António Guterres", "IGO:UN", "IGO", ["secrétaire général"], ["Guterres"]),
    ("MINUSMA", "IGO:UN", "IGO", [], ["la mission onusienne"]),
    ("Omar Alieu Touray", "IGO:ECOWAS", "IGO", ["président de la Commission"], []),
    ("Moussa Faki Mahamat", "IGO:AU", "IGO", ["président de la Commission"], []),
    ("Josep Borrell", "IGO:EU", "IGO", ["haut représentant"], []),
]
SECTORS = [("GOV", 30), ("MIL", 25), ("REB", 10), ("CVL", 8), ("OPP", 5), ("COP", 4), ("JUD", 3), ("PTY", 3),
           ("MED", 2), ("REL", 2), ("LAB", 2), ("BUS", 2), ("REF", 2), ("UAF", 2), ("CRM", 1), ("SPY", 1),
           ("LEG", 1), ("JRN", 1), ("EDU", 1)]
SECTOR_ALIASES = {"GOV": ["le gouvernement", "les autorités", "le ministre"], "MIL": ["l'armée", "les soldats", "les FAMa"],
                  "REB": ["les jihadistes", "les terroristes", "les rebelles"], "CVL": ["les civils", "les habitants"],
                  "OPP": ["l'opposition"], "COP": ["la police", "les gendarmes"]}
# (name, country, geonameid or None, lat, lon)
PLACES = [
    ("Bamako", "MLI", 2460596, 12.65, -8.0), ("Gao", "MLI", 2457163, 16.27, -0.04), ("Tombouctou", "MLI", 2449067, 16.77, -3.01),
    ("Kidal", "MLI", 2455290, 18.44, 1.41), ("Mopti", "MLI", 2453348, 14.49, -4.19), ("Ménaka", "MLI", 2453348, 15.92, 2.4),
    ("Ségou", "MLI", 2451185, 13.43, -6.26), ("Ouagadougou", "BFA", 2357048, 12.37, -1.53), ("Djibo", "BFA", 2360238, 14.1, -1.63),
    ("Kaya", "BFA", 2358738, 13.09, -1.08), ("Dori", "BFA", 2359781, 14.03, -0.03), ("Fada N'Gourma", "BFA", 2359608, 12.06, 0.36),
    ("Bobo-Dioulasso", "BFA", 2362344, 11.18, -4.3), ("Niamey", "NER", 2440485, 13.51, 2.11), ("Tillabéri", "NER", 2439376, 14.21, 1.45),
    ("Diffa", "NER", 2445488, 13.32, 12.61), ("Agadez", "NER", 2448085, 16.97, 7.99), ("Tahoua", "NER", 2439155, 14.89, 5.27),
    ("N'Djamena", "TCD", 2427123, 12.11, 15.04), ("Bol", "TCD", 2434979, 13.47, 14.71), ("Lac Tchad", "TCD", None, 13.25, 14.1),
    ("Maiduguri", "NGA", 2331447, 11.85, 13.16), ("Abuja", "NGA", 2352778, 9.06, 7.49), ("Dakar", "SEN", 2253354, 14.69, -17.44),
    ("Abidjan", "CIV", 2293538, 5.36, -4.01), ("Nouakchott", "MRT", 2377450, 18.09, -15.98), ("Conakry", "GIN", 2422465, 9.54, -13.68),
    ("Cotonou", "BEN", 2394819, 6.37, 2.42), ("Lomé", "TGO", 2365267, 6.13, 1.22), ("Accra", "GHA", 2306104, 5.56, -0.2),
    ("Yaoundé", "CMR", 2220957, 3.87, 11.52), ("Alger", "DZA", 2507480, 36.75, 3.04), ("Tripoli", "LBY", 2210247, 32.89, 13.19),
    ("Paris", "FRA", 2988507, 48.85, 2.35), ("Moscou", "RUS", 524901, 55.75, 37.62), ("Sotchi", "RUS", 491422, 43.6, 39.73),
    ("Washington", "USA", 4140963, 38.9, -77.04), ("Pékin", "CHN", 1816670, 39.91, 116.4), ("Ankara", "TUR", 323786, 39.92, 32.85),
    ("New York", "IGO:UN", 5128581, 40.71, -74.01), ("Addis-Abeba", "IGO:AU", 344979, 9.02, 38.75),
    ("Bruxelles", "IGO:EU", 2800866, 50.85, 4.35),
]
OUTLETS = [
    ("L'Essor", "essor.ml"), ("Maliweb", "maliweb.net"), ("Studio Tamani", "studiotamani.org"), ("Le Républicain", "lerepublicainmali.com"),
    ("Sidwaya", "sidwaya.info"), ("LeFaso.net", "lefaso.net"), ("Burkina24", "burkina24.com"), ("AIB", "aib.media"),
    ("Le Sahel Quotidien", "lesahel.org"), ("ActuNiger", "actuniger.com"), ("ANP", "anp.ne"), ("Aïr Info", "airinfoagadez.com"),
    ("Tchadinfo", "tchadinfo.com"), ("Alwihda Info", "alwihdainfo.com"), ("Seneweb", "seneweb.com"), ("Le Soleil", "lesoleil.sn"),
    ("APS", "aps.sn"), ("Abidjan.net", "abidjan.net"), ("Fraternité Matin", "fratmat.info"), ("Mosaïque Guinée", "mosaiqueguinee.com"),
    ("Jeune Afrique", "jeuneafrique.com"), ("RFI", "rfi.fr"), ("France 24", "france24.com"), ("Le Monde Afrique", "lemonde.fr"),
    ("Le Point Afrique", "lepoint.fr"), ("BBC Afrique", "bbc.com"), ("VOA Afrique", "voaafrique.com"), ("DW Afrique", "dw.com"),
    ("Sputnik Afrique", "sputniknews.africa"), ("Agence Ecofin", "agenceecofin.com"),
]
TYPE_WEIGHTS = {"CONSULT": 20, "ASSAULT": 15, "ACCUSE": 9, "SUPPORT": 8, "COOPERATE": 8, "AGREE": 6, "REQUEST": 6,
                "AID": 5, "MOBILIZE": 5, "PROTEST": 4, "THREATEN": 3, "COERCE": 3, "REJECT": 3, "SANCTION": 2,
                "RETREAT": 2, "CONCEDE": 1}
MODES = {"CONSULT": ["meet", "visit", "call", "third-party"], "ASSAULT": ["aerial", "firearms", "explosives", "abduction"],
         "PROTEST": ["demonstrate", "strike"], "MOBILIZE": ["troops", "police"], "COERCE": ["arrest", "ban", "expel"],
         "SANCTION": ["economic", "diplomatic"], "AID": ["humanitarian", "military", "economic"]}
STATUS_WEIGHTS = {"occurred": 80, "planned": 10, "hypothetical": 5, "negated": 5}
TOPICS = ("politics", "business", "health", "sports", "technology")
NARRATIVES = ("france-failure-sahel", "russia-partner", "sovereignty", "ecowas-sanctions")
START_DAY, END_DAY = date(2019, 1, 1), date(2025, 12, 31)


def _weighted(table: dict[str, float] | list[tuple[str, float]]) -> tuple[list[str], list[float]]:
    items = list(table.items()) if isinstance(table, dict) else list(table)
    keys = [k for k, _ in items]
    weights = [w[-1] if isinstance(w, tuple) else w for _, w in items]
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    return keys, cum


_COUNTRY_KEYS, _COUNTRY_CUM = _weighted({k: v[1] for k, v in COUNTRIES.items()})
_SECTOR_KEYS, _SECTOR_CUM = _weighted(SECTORS)
_TYPE_KEYS, _TYPE_CUM = _weighted(TYPE_WEIGHTS)
_STATUS_KEYS, _STATUS_CUM = _weighted(STATUS_WEIGHTS)
_OUTLET_CUM = _weighted([(str(i), 1 / (i + 1) ** 0.8) for i in range(len(OUTLETS))])[1]  # Zipf-like
_PEOPLE_BY_COUNTRY: dict[str, list[tuple]] = {}
for _p in PEOPLE:
    _PEOPLE_BY_COUNTRY.setdefault(_p[1], []).append(_p)
_PLACES_BY_COUNTRY: dict[str, list[tuple]] = {}
for _p in PLACES:
    _PLACES_BY_COUNTRY.setdefault(_p[1], []).append(_p)

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])[\"»”]?\s+(?=[«\"“A-ZÀÂÇÉÈÊÎÔÛ])")
_WORD = re.compile(r"\w{4,}")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower())[:60].strip("-")


@dataclass
class Corpus:
    """MasakhaNEWS French cut into sentences (per article, in order) and headlines."""

    docs: list[list[str]]
    categories: list[str]
    headlines: list[str]

    @classmethod
    def load(cls) -> "Corpus":
        csv.field_size_limit(sys.maxsize)
        docs, categories, headlines = [], [], []
        for path in MASAKHANEWS_FILES:
            with open(path, newline="", encoding="utf-8") as handle:
                for record in csv.DictReader(handle, delimiter="\t"):
                    text = " ".join((record.get("text") or "").split())
                    sentences = [s for s in _SENTENCE_SPLIT.split(text) if 20 <= len(s) <= 600]
                    if len(sentences) >= 3:
                        docs.append(sentences)
                        categories.append(record.get("category") or "politics")
                    headline = " ".join((record.get("headline") or "").split())
                    if headline:
                        headlines.append(headline)
        return cls(docs, categories, headlines)


class Synth:
    """Article ``i`` of the synthetic corpus: a pure function of (seed, i)."""

    def __init__(self, corpus: Corpus, seed: int) -> None:
        self.corpus = corpus
        self.seed = seed
        self.span_days = (END_DAY - START_DAY).days

    def article(self, i: int):
        from kibaru.doc import Article

        rng = random.Random(self.seed * 1_000_003 + i)
        corpus = self.corpus
        # text: runs of 3-10 consecutive sentences from 2-5 real articles, in paragraphs
        n_sentences = rng.randint(6, 45)
        sentences: list[str] = []
        main_doc = rng.randrange(len(corpus.docs))
        doc = main_doc
        while len(sentences) < n_sentences:
            source = corpus.docs[doc]
            k = rng.randint(3, 10)
            start = rng.randrange(max(1, len(source) - k + 1))
            sentences.extend(source[start:start + k])
            doc = rng.randrange(len(corpus.docs))
        sentences = sentences[:n_sentences]
        parts: list[str] = []
        spans: list[tuple[int, str]] = []
        offset, in_paragraph, paragraph_len = 0, 0, rng.randint(2, 6)
        for sentence in sentences:
            if parts:
                sep = " " if in_paragraph < paragraph_len else "\n\n"
                if sep == "\n\n":
                    in_paragraph, paragraph_len = 0, rng.randint(2, 6)
                parts.append(sep)
                offset += len(sep)
            spans.append((offset, sentence))
            parts.append(sentence)
            offset += len(sentence)
            in_paragraph += 1
        text = "".join(parts)
        # title: a real headline, or two recombined
        first = rng.choice(corpus.headlines)
        roll = rng.random()
        if roll < 0.5:
            title = first
        elif roll < 0.75 and ":" in first:
            title = f"{first.split(':', 1)[0].strip()} : {rng.choice(corpus.headlines)}"
        else:
            a, b = first.split(), rng.choice(corpus.headlines).split()
            title = " ".join(a[:max(1, len(a) // 2)] + b[len(b) // 2:])
        published = (START_DAY + timedelta(days=int(rng.betavariate(1.4, 1.0) * self.span_days))).isoformat()
        outlet, domain = OUTLETS[self._pick(rng, _OUTLET_CUM)]
        aid = hashlib.blake2b(f"{self.seed}:{i}".encode(), digest_size=8).hexdigest()

        # actors: 2-4 focus countries; their country actor, sectors and people
        focus: list[str] = []
        n_focus = rng.randint(2, 4)
        while len(focus) < n_focus:
            code = _COUNTRY_KEYS[self._pick(rng, _COUNTRY_CUM)]
            if code not in focus:
                focus.append(code)
        actors: dict[str, dict[str, Any]] = {}
        n_actors = rng.randint(5, 15)
        for code in focus:
            self._add_country(actors, code)
        guard = 0
        while len(actors) < n_actors and guard < 100:
            guard += 1
            code = focus[rng.randrange(len(focus))] if rng.random() < 0.85 else _COUNTRY_KEYS[self._pick(rng, _COUNTRY_CUM)]
            people = _PEOPLE_BY_COUNTRY.get(code)
            if people and rng.random() < 0.4:
                name, country, agent, roles, aliases = rng.choice(people)
                actors.setdefault(_slug(name), {"name": name, "country": country, "agent": agent,
                                                "roles": list(roles), "aliases": list(aliases)})
            elif code.startswith("IGO:"):
                self._add_country(actors, code)
            else:
                agent = _SECTOR_KEYS[self._pick(rng, _SECTOR_CUM)]
                aliases = SECTOR_ALIASES.get(agent, [])
                actors.setdefault(f"{code.lower()}-{agent.lower()}", {
                    "name": None, "country": code, "agent": agent, "roles": [],
                    "aliases": rng.sample(aliases, k=min(len(aliases), rng.randint(0, 2)))})
        keys = list(actors)

        # places: 1-6, mostly in the focus countries
        places: list[dict[str, Any]] = []
        seen_places: set[str] = set()
        for _ in range(rng.randint(1, 6)):
            code = focus[rng.randrange(len(focus))] if rng.random() < 0.8 else rng.choice(list(_PLACES_BY_COUNTRY))
            candidates = _PLACES_BY_COUNTRY.get(code) or PLACES
            name, country, geonameid, lat, lon = rng.choice(candidates)
            if name not in seen_places:
                seen_places.add(name)
                places.append({"name": name, "country": country, "geonameid": geonameid, "lat": lat, "lon": lon,
                               "mentions": rng.randint(1, 4)})

        # events: 0-30, ~10 on average
        events = []
        for _ in range(min(30, int(rng.gammavariate(2.0, 5.35)))):
            etype = _TYPE_KEYS[self._pick(rng, _TYPE_CUM)]
            start, sentence = spans[rng.randrange(len(spans))]
            words = list(_WORD.finditer(sentence))
            word = rng.choice(words) if words else None
            source = self._ref(actors, keys[rng.randrange(len(keys))]) if rng.random() < 0.9 else None
            target = None
            if rng.random() < 0.7:
                other = [k for k in keys if source is None or actors[k]["country"] != source["country"]] or keys
                target = self._ref(actors, other[rng.randrange(len(other))])
            place = None
            if places and rng.random() < 0.6:
                p = places[rng.randrange(len(places))]
                place = {k: p[k] for k in ("name", "country", "geonameid", "lat", "lon")}
            event_date = precision = None
            if rng.random() < 0.25:
                event_date = (date.fromisoformat(published) - timedelta(days=rng.randint(0, 5))).isoformat()
                precision = "day"
            modes = MODES.get(etype)
            events.append({
                "type": etype, "mode": rng.choice(modes) if modes and rng.random() < 0.7 else None,
                "status": _STATUS_KEYS[self._pick(rng, _STATUS_CUM)],
                "sentence": sentence, "sentence_start": start,
                "trigger": word.group() if word else sentence.split()[0],
                "source": source, "target": target, "place": place, "date": event_date,
                "date_precision": precision, "confidence": round(rng.uniform(0.35, 0.98), 2),
                "trigger_start": start + (word.start() if word else 0),
                "trigger_end": start + (word.end() if word else len(sentence.split()[0])),
            })

        # entities: 1-4 mentions of each actor and one of each place, at offsets in the text
        entities = []
        for key in keys:
            actor = actors[key]
            label = "PER" if actor["name"] and " " in actor["name"] and actor["agent"] != "IGO" else (
                "GPE" if key == actor["country"].lower().replace("igo:", "igo-") else "ROLE" if actor["name"] is None else "ORG")
            for _ in range(rng.randint(1, 4)):
                mention = actor["name"] or (rng.choice(actor["aliases"]) if actor["aliases"] else key)
                begin = rng.randrange(max(1, len(text) - len(mention)))
                entities.append({"text": mention, "label": label, "start": begin, "end": begin + len(mention),
                                 "actor": key})
        for p in places:
            begin = rng.randrange(max(1, len(text) - len(p["name"])))
            entities.append({"text": p["name"], "label": "GPE", "start": begin, "end": begin + len(p["name"]),
                             "actor": None})
        entities.sort(key=lambda e: e["start"])

        article = Article(
            id=aid, title=title, tags=[corpus.categories[main_doc]], author=None, outlet=outlet,
            url=f"https://{domain}/{published[:4]}/{published[5:7]}/{_slug(title)}-{i}", published=published,
            lang="fr", text=text, entities=entities, actors=actors, events=events, places=places,
            stance={code: round(rng.uniform(-1, 1), 2) for code in focus[:rng.randint(0, len(focus))]},
            topic={"label": corpus.categories[main_doc], "score": round(rng.uniform(0.5, 0.99), 2)},
            narratives=([{"id": rng.choice(NARRATIVES), "score": round(rng.uniform(0.5, 0.95), 2),
                          "evidence": [spans[rng.randrange(len(spans))][1]]}] if rng.random() < 0.1 else []),
            origin=f"bench:{i}",
        )
        return article

    @staticmethod
    def _pick(rng: random.Random, cum: list[float]) -> int:
        from bisect import bisect_right

        return min(bisect_right(cum, rng.random() * cum[-1]), len(cum) - 1)

    @staticmethod
    def _add_country(actors: dict[str, dict[str, Any]], code: str) -> None:
        key = code.lower().replace("igo:", "igo-")
        actors.setdefault(key, {"name": COUNTRIES[code][0], "country": code,
                                "agent": "IGO" if code.startswith("IGO:") else "GOV", "roles": [], "aliases": []})

    @staticmethod
    def _ref(actors: dict[str, dict[str, Any]], key: str) -> dict[str, Any]:
        actor = actors[key]
        return {"actor": key, "name": actor["name"], "country": actor["country"], "agent": actor["agent"]}


# --- engines ------------------------------------------------------------------------------

@dataclass
class Engine:
    name: str              # "sqlite" | "postgresql"
    url: str
    size: Callable[[], int]
    fresh: bool = True     # True: to be (re)loaded; False: reused as it is
    load: dict[str, Any] = field(default_factory=dict)


def _sqlite_paths(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm")]


def _reusable_count(url: str) -> int | None:
    """The articles of a database kept from an earlier run, brought up to the
    current schema first (what ``kibaru db upgrade`` does); None if unusable."""
    from kibaru.store import migrations, open_store

    try:
        with open_store(url, create=False, check=False) as store:
            version = store.schema_version()
            if version is None:
                return None
            if version < migrations(store.backend)[-1].version:
                print(f"  {store.backend}: upgrading the kept database from schema {version}", file=sys.stderr)
                store.upgrade()
            return store.scalar("SELECT count(*) FROM articles")
    except Exception as exc:  # noqa: BLE001 - any problem: load it again
        print(f"  cannot reuse {url}: {exc}", file=sys.stderr)
        return None


def sqlite_engine(workdir: Path, n: int, seed: int, reuse: bool, meta: dict) -> Engine:
    path = workdir / f"bench-{n}-seed{seed}.db"
    engine = Engine("sqlite", str(path), lambda: sum(p.stat().st_size for p in _sqlite_paths(path) if p.exists()))
    if reuse and path.exists() and meta.get("sqlite") and _reusable_count(str(path)) == n:
        engine.fresh, engine.load = False, meta["sqlite"]
    else:
        for p in _sqlite_paths(path):
            p.unlink(missing_ok=True)
    return engine


class PostgresServer:
    """A throwaway server from tests/pgserver.py, in WORKDIR/postgres."""

    def __init__(self, folder: Path) -> None:
        sys.path.insert(0, str(REPO / "tests"))
        import pgserver

        self.pgserver = pgserver
        self.folder = folder
        self.url = pgserver.start(folder)

    def stop(self) -> None:
        self.pgserver.stop(self.folder)


def _dbname_url(url: str, dbname: str) -> str:
    """The same server, another database: postgresql://u@h:p/postgres -> …/dbname."""
    return re.sub(r"^(postgres(?:ql)?://[^/?]*)(/[^?]*)?", rf"\1/{dbname}", url, count=1)


def postgres_engine(url: str | None, server: PostgresServer | None, n: int, seed: int, reuse: bool,
                    meta: dict) -> Engine:
    import psycopg

    if server is not None:
        dbname = f"kibaru_bench_{n}_seed{seed}"
        target = _dbname_url(server.url, dbname)
        with psycopg.connect(server.url, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
            if exists and not (reuse and meta.get("postgresql") and _reusable_count(target) == n):
                conn.execute(f'DROP DATABASE "{dbname}"')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{dbname}"')
        engine = Engine("postgresql", target, lambda: _pg_size(target), fresh=not exists)
    else:
        assert url is not None
        engine = Engine("postgresql", url, lambda: _pg_size(url))
        with psycopg.connect(url, autocommit=True) as conn:
            has_tables = conn.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                                      "AND table_name = 'articles'").fetchone()
        if has_tables:
            if reuse and meta.get("postgresql") and _reusable_count(url) == n:
                engine.fresh = False
            else:
                sys.exit(f"--postgres {url}: the database already has an articles table; give an empty database "
                         f"(or the one of an earlier run of this size with --reuse)")
    if not engine.fresh:
        engine.load = meta["postgresql"]
    return engine


def _pg_size(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


# --- loading ----------------------------------------------------------------------------------

def load(engines: list[Engine], synth: Synth, n: int, batch: int) -> dict[str, Any]:
    """Write articles 0..n-1 into every engine that needs it, batch by batch."""
    from kibaru.about import __version__
    from kibaru.store import open_store
    from kibaru.store.rows import COLUMNS, to_rows

    run_col = COLUMNS["articles"].index("run_id")
    stores = {e.name: open_store(e.url) for e in engines}
    put_s = {e.name: 0.0 for e in engines}
    runs = {e.name: stores[e.name].start_run(__version__, SETTINGS_HASH, "bench/bench_store.py") for e in engines}
    counts = {"articles": 0, "events": 0, "actors": 0, "entities": 0, "places": 0}
    gen_s = 0.0
    started = time.perf_counter()
    first = engines[0].name
    try:
        for lo in range(0, n, batch):
            t0 = time.perf_counter()
            rows = [to_rows(synth.article(i), SETTINGS_HASH, runs[first]) for i in range(lo, min(n, lo + batch))]
            gen_s += time.perf_counter() - t0
            for r in rows:
                counts["articles"] += 1
                for table in ("events", "actors", "entities", "places"):
                    counts[table] += len(r.tables[table])
            for engine in engines:
                store = stores[engine.name]
                batch_rows = rows
                if runs[engine.name] != runs[first]:
                    batch_rows = [_with_run(r, run_col, runs[engine.name]) for r in rows]
                t0 = time.perf_counter()
                store.put(batch_rows)
                put_s[engine.name] += time.perf_counter() - t0
            done = min(n, lo + batch)
            if done % max(batch, n // 10 // batch * batch or batch) == 0 or done == n:
                elapsed = time.perf_counter() - started
                print(f"  loaded {done:,}/{n:,} articles, {counts['events']:,} events, {elapsed:.0f} s "
                      f"(generate {gen_s:.0f} s, " + ", ".join(f"{k} {v:.0f} s" for k, v in put_s.items()) + ")",
                      file=sys.stderr, flush=True)
        for engine in engines:
            stores[engine.name].finish_run(runs[engine.name], "done",
                                           {"seen": n, "stored": n, "events": counts["events"]})
    finally:
        for store in stores.values():
            store.close()
    post: dict[str, float] = {}
    for engine in engines:
        t0 = time.perf_counter()
        if engine.name == "postgresql":
            # autovacuum would do it within minutes; done here so that the plans are the settled ones
            import psycopg

            with psycopg.connect(engine.url, autocommit=True) as conn:
                conn.execute("VACUUM ANALYZE")
        post[engine.name] = time.perf_counter() - t0
    for engine in engines:
        engine.load = {"articles": counts["articles"], "events": counts["events"], "actors": counts["actors"],
                       "entities": counts["entities"], "places": counts["places"], "generate_s": gen_s,
                       "put_s": put_s[engine.name], "post_s": post[engine.name],
                       "post": "VACUUM ANALYZE" if engine.name == "postgresql" else "-",
                       "size": engine.size(), "rss_mb": peak_rss_mb()}
    return counts


def _with_run(rows, run_col: int, run_id: int):
    from kibaru.store.rows import ArticleRows

    tables = dict(rows.tables)
    head = list(tables["articles"][0])
    head[run_col] = run_id
    tables["articles"] = [tuple(head)]
    return ArticleRows(rows.id, tables)


# --- queries ------------------------------------------------------------------------------------

# Search words: common content words of the corpus (in 5-55% of the MasakhaNEWS articles), word pairs
# a user would type; phrases and rare words are taken from the corpus itself.
COMMON_WORDS = ["sécurité", "gouvernement", "président", "militaire", "armée", "élections", "santé", "économie",
                "football", "pays", "politique", "ministre", "population", "crise", "guerre", "police", "justice",
                "attaque", "violence", "enfants", "femmes", "entreprise", "marché", "pandémie", "vaccin", "accord",
                "opposition", "frontière", "Russie", "Afrique"]
WORD_PAIRS = ["coopération militaire", "sécurité Sahel", "armée attaque", "président élections", "Russie Mali",
              "France Afrique", "gouvernement crise", "ministre défense", "police manifestation", "terrorisme Sahel",
              "opposition élections", "guerre Russie", "santé pandémie", "économie croissance", "justice président",
              "violence femmes", "accord paix", "frontière migrants", "marché pétrole", "banque mondiale",
              "vaccin enfants", "armée frontière", "crise politique", "gouvernement opposition", "attaque police",
              "président Russie", "sécurité alimentaire", "Afrique croissance", "ministre santé", "population guerre"]
_STOP = set("""avoir cette autres comme entre leurs depuis selon quelque quelques chose étant peuvent également
plusieurs certains certaines chaque grande grand nombre année années dernière dernier dernières semaine semaines
jours personnes ayant leurs propres question considéré considérée lesquelles prochaine nombreuses environ millions
reprises seconde jeune homme toutes contre lorsqu""".split())


def vocabulary(corpus: Corpus, rng: random.Random) -> dict[str, list[str]]:
    """Search words: the lists above, plus rare words and frequent phrases of the corpus itself."""
    from collections import Counter

    df: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    token = re.compile(r"[a-zàâçéèêëîïôûùüÿœæ]+")
    for doc in corpus.docs:
        words_in_doc: set[str] = set()
        pairs_in_doc: set[tuple[str, str]] = set()
        for sentence in doc:
            words = token.findall(sentence.lower())
            words_in_doc.update(words)
            pairs_in_doc.update((a, b) for a, b in zip(words, words[1:])
                                if len(a) >= 5 and len(b) >= 5 and a not in _STOP and b not in _STOP)
        df.update(words_in_doc)
        pairs.update(pairs_in_doc)
    # in 2 of the 869 source articles: ~0.1-0.3% of the generated ones
    rare = sorted(w for w, c in df.items() if c == 2 and len(w) >= 8)
    return {"common": COMMON_WORDS, "pairs": WORD_PAIRS, "rare": rng.sample(rare, 30),
            "phrases": [f"{a} {b}" for (a, b), _ in pairs.most_common(30)]}


@dataclass
class Kind:
    name: str
    engine_kind: str          # "search" | "events"
    example: str              # as a CLI line
    queries: list[Any]


def query_kinds(corpus: Corpus, seed: int, repeat: int) -> list[Kind]:
    from kibaru.store import EventQuery, SearchQuery

    rng = random.Random(seed + 7)
    vocab = vocabulary(corpus, rng)
    at = lambda items, i: items[i % len(items)]  # noqa: E731
    countries = ["MLI", "BFA", "NER", "TCD", "NGA", "SEN", "CIV", "FRA", "RUS", "IGO:UN", "IGO:ECOWAS", "USA", "CHN"]
    sahel = ["MLI", "BFA", "NER", "TCD", "NGA", "SEN", "CIV", "MRT", "GIN", "BEN"]
    outside = ["RUS", "FRA", "USA", "CHN", "IGO:UN", "IGO:ECOWAS", "IGO:AU", "TUR"]
    types = list(TYPE_WEIGHTS)

    def since(i: int) -> str:
        return f"{2019 + i % 7}-{1 + (i * 5) % 12:02d}-01"

    def month_range(i: int) -> tuple[str, str]:
        start = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        months = 1 + i % 3
        end_month = start.month + months - 1
        return (f"{start.year}-{start.month:02d}",
                f"{start.year + (end_month - 1) // 12}-{(end_month - 1) % 12 + 1:02d}")

    r = range(repeat)
    kinds = [
        Kind("search: common word", "search", 'kibaru search "sécurité"',
             [SearchQuery(at(vocab["common"], i)) for i in r]),
        Kind("search: two words", "search", 'kibaru search "coopération militaire"',
             [SearchQuery(at(vocab["pairs"], i)) for i in r]),
        Kind("search: rare word", "search", f'kibaru search "{vocab["rare"][0]}"',
             [SearchQuery(at(vocab["rare"], i)) for i in r]),
        Kind("search: phrase", "search", f"kibaru search '\"{vocab['phrases'][0]}\"'",
             [SearchQuery(f'"{at(vocab["phrases"], i)}"') for i in r]),
        Kind("search: prefix (SQLite syntax)", "search", "kibaru search 'milit*'",
             [SearchQuery(at(vocab["common"], i)[:5] + "*") for i in r]),
        Kind("search: word --since", "search", 'kibaru search "sécurité" --since 2023-01-01',
             [SearchQuery(at(vocab["common"], i), since=since(i)) for i in r]),
        Kind("search: word --country", "search", 'kibaru search "sécurité" --country MLI',
             [SearchQuery(at(vocab["common"], i), country=at(countries, i)) for i in r]),
        Kind("search: words --since --country", "search",
             'kibaru search "coopération militaire" --since 2021-01-01 --country MLI',
             [SearchQuery(at(vocab["pairs"], i), since=since(i), country=at(countries, i)) for i in r]),
        Kind("events: (no filter)", "events", "kibaru events",
             [EventQuery(offset=50 * (i % 3)) for i in r]),
        Kind("events: --type --source --target", "events", "kibaru events --type CONSULT --source RUS --target MLI",
             [EventQuery(types=["CONSULT"], source="RUS", target="MLI")] +
             [EventQuery(types=[at(types, i)], source=at(outside, i), target=at(sahel, i * 7)) for i in r][1:]),
        Kind("events: --type --country --since", "events", "kibaru events --type ASSAULT --country BFA --since 2023-01-01",
             [EventQuery(types=["ASSAULT"], country="BFA", since="2023-01-01")] +
             [EventQuery(types=[at(types, i * 3)], country=at(sahel, i), since=since(i)) for i in r][1:]),
        Kind("events: --source", "events", "kibaru events --source FRA",
             [EventQuery(source=at(countries, i + 7)) for i in r]),
        Kind("events: --country", "events", "kibaru events --country MLI",
             [EventQuery(country=at(countries, i)) for i in r]),
        Kind("events: --type", "events", "kibaru events --type PROTEST",
             [EventQuery(types=[at(types, i + 11)]) for i in r]),
        Kind("events: --since --until", "events", "kibaru events --since 2021-03 --until 2021-05",
             [EventQuery(since=a, until=b) for a, b in (month_range(i) for i in r)]),
        Kind("events: --source NAME", "events", "kibaru events --source Wagner",
             [EventQuery(source=at(["Wagner", "Macron", "Goïta", "Lavrov", "Tiani", "Guterres", "Blinken",
                                    "Traoré", "Prigojine", "Tinubu"], i)) for i in r]),
    ]
    return kinds


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 30 values is the 29th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


@dataclass
class Timing:
    ms: list[float]
    rows: list[int]
    cpu: list[float] = field(default_factory=list)  # this process's CPU time: the whole query for SQLite
    slowest: tuple[str, tuple] | None = None   # (sql, params) of the slowest variant
    timeouts: int = 0                          # queries stopped at --timeout (their time counts as the timeout)
    skipped: int = 0                           # variants not run after too many timeouts
    limit_ms: float = float("inf")             # the timeout

    @property
    def median(self) -> float:
        return statistics.median(self.ms) if self.ms else float("nan")

    @property
    def p95(self) -> float:
        return percentile(self.ms, 0.95) if self.ms else float("nan")

    def cell(self, value: float) -> str:
        """A latency for the table; '>' when timeouts make it a lower bound."""
        if not self.ms:
            return "-"
        return f"≥{value:,.0f}" if self.timeouts and value >= self.limit_ms * 0.95 else f"{value:.1f}"


class _Deadline:
    """Stops a query that runs past ``seconds`` (SQLite: progress handler; PostgreSQL: statement_timeout)."""

    def __init__(self, store, seconds: float) -> None:
        self.store, self.seconds, self.until = store, seconds, float("inf")
        if store.backend == "sqlite":
            store.conn.set_progress_handler(lambda: 1 if time.perf_counter() > self.until else 0, 20_000)
        else:
            store.conn.execute(f"SET statement_timeout = {int(seconds * 1000)}")

    def arm(self) -> None:
        self.until = time.perf_counter() + self.seconds


MAX_TIMEOUTS = 3


def time_queries(engine: Engine, kinds: list[Kind], timeout: float) -> dict[str, Timing]:
    from kibaru.errors import KibaruError
    from kibaru.store import open_store

    results: dict[str, Timing] = {}
    with open_store(engine.url, readonly=True) as store:
        captured: list[tuple[str, tuple]] = []
        plain_rows = store.rows

        def recording_rows(sql, params=()):
            captured.append((sql, tuple(params)))
            return plain_rows(sql, params)

        store.rows = recording_rows  # type: ignore[method-assign]
        deadline = _Deadline(store, timeout)
        for kind in kinds:
            run = store.search if kind.engine_kind == "search" else store.events
            timing = Timing([], [], limit_ms=timeout * 1000)
            worst_ms = -1.0
            for n, query in enumerate([kind.queries[0], *kind.queries]):  # the first run is the warm-up
                if timing.timeouts >= MAX_TIMEOUTS:
                    timing.skipped = len(kind.queries) + 1 - n
                    break
                captured.clear()
                deadline.arm()
                t0, c0 = time.perf_counter(), time.process_time()
                try:
                    found = len(run(query))
                except KibaruError:
                    if time.perf_counter() - t0 < timeout * 0.95:
                        raise
                    found = None
                elapsed = (time.perf_counter() - t0) * 1000
                cpu = (time.process_time() - c0) * 1000
                if found is None:
                    timing.timeouts += 1
                if n == 0 and found is not None:
                    continue  # warm-up, not timed
                timing.ms.append(elapsed)
                timing.cpu.append(cpu)
                timing.rows.append(found or 0)
                if elapsed > worst_ms:
                    worst_ms, timing.slowest = elapsed, (captured[-1] if captured else None)
            results[kind.name] = timing
            note = f"  ({timing.timeouts} timed out at {timeout:.0f} s)" if timing.timeouts else ""
            print(f"  {engine.name:10} {kind.name:34} median {timing.median:8.1f} ms  "
                  f"p95 {timing.p95:8.1f} ms{note}", file=sys.stderr, flush=True)
    return results


def explain(engine: Engine, sql: str, params: tuple, timeout: float) -> str:
    """The plan of one captured query: EXPLAIN QUERY PLAN (SQLite), EXPLAIN ANALYZE (PostgreSQL)."""
    from kibaru.store import open_store

    with open_store(engine.url, readonly=True) as store:
        if engine.name == "sqlite":
            rows = store.conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
            depth = {0: 0}
            lines = []
            for node, parent, _, detail in rows:
                depth[node] = depth.get(parent, 0) + 1
                lines.append("  " * (depth[node] - 1) + detail)
            return "\n".join(lines)
        import psycopg

        store.conn.execute(f"SET statement_timeout = {int(timeout * 1000)}")
        try:
            rows = store.conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + store._sql(sql), params).fetchall()
        except psycopg.errors.QueryCanceled:
            rows = [(f"(EXPLAIN ANALYZE stopped after {timeout:.0f} s; plain EXPLAIN:)",)]
            rows += store.conn.execute("EXPLAIN " + store._sql(sql), params).fetchall()
        return "\n".join(r[0] for r in rows)


def cli_times(engine: Engine, runs: int, timeout: float) -> list[list[object]]:
    """Whole `kibaru …` invocations: wall time from exec to exit, Python start-up included."""
    exe = Path(sys.executable).with_name("kibaru")
    kibaru = str(exe) if exe.exists() else (shutil.which("kibaru") or "kibaru")
    commands = [
        ["events", "--db", engine.url, "--type", "CONSULT", "--source", "RUS", "--target", "MLI", "--format", "json"],
        ["events", "--db", engine.url, "--type", "ASSAULT", "--country", "BFA", "--since", "2023-01-01",
         "--format", "json"],
        ["search", "sécurité", "--db", engine.url, "--format", "json"],
        ["search", "coopération militaire", "--db", engine.url, "--country", "MLI"],
    ]
    out = []
    for args in commands:
        shown = " ".join(a if a != engine.url else "DB" for a in args)
        walls, rows, timed_out = [], None, False
        for n in range(runs + 1):  # the first run is a warm-up (imports into the OS cache)
            t0 = time.perf_counter()
            try:
                done = subprocess.run([kibaru, *args], capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                break
            if n == 0:
                continue
            walls.append((time.perf_counter() - t0) * 1000)
            if done.returncode != 0:
                sys.exit(f"kibaru {shown} failed ({done.returncode}): {done.stderr.strip()}")
            if "--format" in args:
                rows = len(json.loads(done.stdout))
        if timed_out:
            out.append([engine.name, f"`kibaru {shown}`", len(walls) + 1, f"> {timeout * 1000:,.0f} (timeout)",
                        "-", "-", "-"])
            continue
        out.append([engine.name, f"`kibaru {shown}`", runs, f"{statistics.median(walls):.0f}", f"{min(walls):.0f}",
                    f"{max(walls):.0f}", "-" if rows is None else rows])
    return out


def startup_time(runs: int) -> list[object]:
    exe = Path(sys.executable).with_name("kibaru")
    kibaru = str(exe) if exe.exists() else "kibaru"
    subprocess.run([kibaru, "--version"], capture_output=True)
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([kibaru, "--version"], capture_output=True, check=True)
        walls.append((time.perf_counter() - t0) * 1000)
    return ["-", "`kibaru --version` (start-up only)", runs, f"{statistics.median(walls):.0f}", f"{min(walls):.0f}",
            f"{max(walls):.0f}", "-"]


# --- main -----------------------------------------------------------------------------------------

def _mb(size: int) -> str:
    return f"{size / 1e6:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles to generate (~10 events each)")
    parser.add_argument("--engines", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the databases go (default: a new temporary folder under /tmp, removed at the end)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the databases of an earlier run in --workdir with the same --articles and --seed")
    parser.add_argument("--postgres", metavar="URL", default=None,
                        help="an existing PostgreSQL database (empty) instead of a throwaway server")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--batch", type=int, default=1000, help="articles per store.put() transaction")
    parser.add_argument("--repeat", type=int, default=30, help="varied queries timed per query kind")
    parser.add_argument("--cli-runs", type=int, default=5, help="runs of each whole `kibaru` command (0: none)")
    parser.add_argument("--kinds", default="search,events",
                        help="query kinds to time: search and/or events (comma-separated)")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="S",
                        help=f"stop a query (or a CLI run) after S seconds; a kind stops after {MAX_TIMEOUTS} timeouts")
    parser.add_argument("--explain-over", type=float, default=TARGET_MS, metavar="MS",
                        help="print the plan of query kinds whose median is above this")
    args = parser.parse_args()
    require_corpus()
    wanted = [e.strip() for e in args.engines.split(",") if e.strip()]
    if not wanted or set(wanted) - {"sqlite", "postgresql"}:
        parser.error("--engines takes sqlite and/or postgresql")

    temporary = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="kibaru-bench-", dir="/tmp")) if temporary else args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    os.chmod(workdir, 0o755)  # the postgres system user must reach WORKDIR/postgres
    meta_path = workdir / f"bench-{args.articles}-seed{args.seed}.json"
    meta = json.loads(meta_path.read_text()) if args.reuse and meta_path.exists() else {}
    free = shutil.disk_usage(workdir).free
    print(f"workdir {workdir} ({free / 1e9:.0f} GB free)", file=sys.stderr)

    corpus = Corpus.load()
    synth = Synth(corpus, args.seed)
    server: PostgresServer | None = None
    engines: list[Engine] = []
    try:
        if "sqlite" in wanted:
            engines.append(sqlite_engine(workdir, args.articles, args.seed, args.reuse, meta))
        if "postgresql" in wanted:
            if args.postgres is None:
                server = PostgresServer(workdir / "postgres")
            engines.append(postgres_engine(args.postgres, server, args.articles, args.seed, args.reuse, meta))

        load_before = os.getloadavg()
        fresh = [e for e in engines if e.fresh]
        if fresh:
            print(f"generating {args.articles:,} articles into {', '.join(e.name for e in fresh)}", file=sys.stderr)
            load(fresh, synth, args.articles, args.batch)
            for engine in fresh:
                meta[engine.name] = engine.load
            meta.update({"articles": args.articles, "seed": args.seed})
            meta_path.write_text(json.dumps(meta, indent=1))

        pg_settings = ""
        for engine in engines:
            if engine.name == "postgresql":
                import psycopg

                with psycopg.connect(engine.url) as conn:
                    shown = [conn.execute(f"SHOW {name}").fetchone()[0]
                             for name in ("server_version", "shared_buffers", "work_mem", "max_parallel_workers_per_gather")]
                pg_settings = (f"PostgreSQL {shown[0].split()[0]}: shared_buffers {shown[1]}, work_mem {shown[2]}, "
                               f"max_parallel_workers_per_gather {shown[3]}"
                               + (" (throwaway server from tests/pgserver.py: defaults, fsync=off)" if server else ""))
        wanted_kinds = {k.strip() for k in args.kinds.split(",") if k.strip()}
        kinds = [k for k in query_kinds(corpus, args.seed, args.repeat) if k.engine_kind in wanted_kinds]
        timings = {e.name: time_queries(e, kinds, args.timeout) for e in engines}
        cli_rows = [startup_time(args.cli_runs)] if args.cli_runs else []
        for engine in engines:
            cli_rows += cli_times(engine, args.cli_runs, args.timeout) if args.cli_runs else []
        plans = []
        for engine in engines:
            for kind in kinds:
                t = timings[engine.name][kind.name]
                if t.median > args.explain_over and t.slowest:
                    plans.append((engine.name, kind, t, explain(engine, *t.slowest, args.timeout)))
        sizes = {e.name: e.size() for e in engines}
        load_after = os.getloadavg()
    finally:
        if server is not None:
            server.stop()
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)

    # --- report ---
    print(f"## kibaru store benchmark: {args.articles:,} articles, seed {args.seed}\n")
    load_rows = []
    for e in engines:
        ld = e.load
        total = ld["generate_s"] + ld["put_s"] + ld["post_s"]
        load_rows.append([
            e.name + ("" if e.fresh else " (reused)"), f"{ld['articles']:,}", f"{ld['events']:,}",
            f"{ld['actors']:,} / {ld['entities']:,} / {ld['places']:,}",
            f"{ld['generate_s']:.0f}", f"{ld['put_s']:.0f}", f"{ld['articles'] / ld['put_s']:,.0f}",
            f"{ld['events'] / ld['put_s']:,.0f}", f"{ld['post_s']:.0f} ({ld['post']})", f"{total:.0f}",
            _mb(sizes[e.name]),
        ])
    import sqlite3

    print(f"SQLite {sqlite3.sqlite_version}" + (f"; {pg_settings}" if pg_settings else "") + "\n")
    print(markdown_table(["engine", "articles", "events", "actors / entities / places",
                          "generate + to_rows s", "store.put s", "articles/s (put)", "events/s (put)",
                          "after load s", "total s", "database size"], load_rows))
    print()
    headers = ["query kind", "example"]
    for e in engines:
        headers += [f"{e.name} median ms", f"{e.name} p95 ms"]
        if e.name == "sqlite":
            headers += ["sqlite CPU median ms"]
        headers += [f"{e.name} rows"]
    rows = []
    for kind in kinds:
        row: list[object] = [kind.name, f"`{kind.example}`"]
        for e in engines:
            t = timings[e.name][kind.name]
            flag = " ⚠" if e.name == "sqlite" and t.median > TARGET_MS else ""
            rows_cell = f"{statistics.median(t.rows):.0f}" if t.rows else "-"
            if t.timeouts:
                rows_cell += f" ({t.timeouts} timeouts, {t.skipped} not run)"
            row += [f"{t.cell(t.median)}{flag}", t.cell(t.p95)]
            if e.name == "sqlite":
                row += [("≥" if t.timeouts else "") + f"{statistics.median(t.cpu):.1f}" if t.cpu else "-"]
            row += [rows_cell]
        rows.append(row)
    print(f"In-process latency of `store.search()` / `store.events()` ({args.repeat} varied queries per kind, "
          f"after one warm-up; search limit 20, events limit 50; rows = median rows returned; "
          f"SQLite CPU = this process's CPU time, which other jobs on the machine do not inflate):\n")
    print(markdown_table(headers, rows))
    print()
    for e in engines:
        all_ms = [m for t in timings[e.name].values() for m in t.ms]
        over = [k for k, t in timings[e.name].items() if t.median > TARGET_MS]
        print(f"- {e.name}: all {len(all_ms)} queries: median {statistics.median(all_ms):.1f} ms, "
              f"p95 {percentile(all_ms, 0.95):.1f} ms; kinds with median > {TARGET_MS:.0f} ms: "
              f"{', '.join(over) if over else 'none'}")
    print()
    if cli_rows:
        print("Whole CLI invocations (wall time, Python start-up and imports included):\n")
        print(markdown_table(["engine", "command", "runs", "median ms", "min ms", "max ms", "rows"], cli_rows))
        print()
    print(f"peak RSS of the benchmark process: {peak_rss_mb():.0f} MB; load average (1/5/15 min) "
          f"{' '.join(f'{x:.1f}' for x in load_before)} at the start, {' '.join(f'{x:.1f}' for x in load_after)} "
          f"at the end, on {os.cpu_count()} CPUs")
    for name, kind, t, plan in plans:
        print(f"\n### slow: {name} — {kind.name} (median {t.cell(t.median)} ms, slowest {max(t.ms):,.0f} ms"
              f"{f', {t.timeouts} timeouts' if t.timeouts else ''})\n")
        print("```")
        print(t.slowest[0])
        print(f"-- params: {t.slowest[1]!r}"[:400])
        print(plan)
        print("```")


if __name__ == "__main__":
    main()
