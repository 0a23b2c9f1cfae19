/* kibaru dashboard charts: plain SVG drawn from the JSON API, no library, no network.
 *
 * Each chart is a <div data-chart="timeline|network|map|stance" data-api="/api/…"
 * data-query="…">; the page's query string is passed on to the API unchanged, so
 * the chart shows exactly what the page's JSON twin returns.
 * Text from the data is only ever set with textContent, never as HTML.
 */
"use strict";

const TYPE_COLOURS = {
  AGREE: "#2a9d8f", CONSULT: "#264653", SUPPORT: "#4c956c", CONCEDE: "#90be6d", COOPERATE: "#43aa8b",
  AID: "#577590", RETREAT: "#b5c99a", REQUEST: "#4d908e", ACCUSE: "#f9c74f", REJECT: "#f8961e",
  THREATEN: "#f3722c", PROTEST: "#9d4edd", SANCTION: "#e76f51", MOBILIZE: "#bc6c25", COERCE: "#d62828",
  ASSAULT: "#6a040f",
};
const LINE_COLOURS = ["#1d4e5f", "#d62828", "#2a9d8f", "#f3722c", "#6a4c93", "#577590", "#bc6c25", "#43aa8b"];
const SVG = "http://www.w3.org/2000/svg";

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function text(parent, x, y, content, attrs = {}) {
  const t = el("text", { x, y, ...attrs }, parent);
  t.textContent = content;
  return t;
}

function empty(box, message) {
  box.replaceChildren();
  const p = document.createElement("p");
  p.className = "empty";
  p.textContent = message;
  box.appendChild(p);
  box.dataset.state = "empty";
}

async function fetchJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ? `${body.error.code}: ${body.error.message}` : response.statusText);
  return body;
}

function apiURL(box) {
  const query = box.dataset.query ? `?${box.dataset.query}` : "";
  return `${box.dataset.api}${query}`;
}

function legend(id, entries) {
  const box = document.getElementById(id);
  if (!box) return;
  box.replaceChildren();
  for (const [label, colour] of entries) {
    const item = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = colour;
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(label));
    box.appendChild(item);
  }
}

/* --- timeline: stacked bars on a continuous time axis ------------------------- */
const DAY_MS = 86400000;

function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

/* Bins from the first to the last week: one per week, or one per month when
 * the span is over three years (a bar per week would be a hair). Empty periods
 * keep their place, so the axis is proportional to time. */
function timeBins(weeks) {
  const first = Date.parse(weeks[0]), last = Date.parse(weeks[weeks.length - 1]);
  const monthly = (last - first) / DAY_MS > 3 * 366;
  const bins = [];
  if (monthly) {
    const d = new Date(first); d.setUTCDate(1);
    while (d.getTime() <= last) { bins.push(isoDay(d.getTime()).slice(0, 7)); d.setUTCMonth(d.getUTCMonth() + 1); }
  } else {
    for (let t = first; t <= last; t += 7 * DAY_MS) bins.push(isoDay(t));
  }
  return { bins, key: monthly ? (week) => week.slice(0, 7) : (week) => week, monthly };
}

async function drawTimeline(box) {
  const { items } = await fetchJSON(apiURL(box));
  const rows = items.filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.week || ""));
  if (!rows.length) return empty(box, "No events dated to the day match these filters.");
  let weeks = [...new Set(rows.map((r) => r.week))].sort();
  // a few events dated decades back (history recalled in an article) would
  // squeeze the rest into a sliver: start where the first 5% of events end
  // when that cuts more than three years, and say so
  const perWeek = new Map();
  for (const r of rows) perWeek.set(r.week, (perWeek.get(r.week) || 0) + r.events);
  const total = [...perWeek.values()].reduce((a, b) => a + b, 0);
  let seen = 0, cut = 0;
  while (cut < weeks.length - 1 && seen + perWeek.get(weeks[cut]) <= 0.05 * total) seen += perWeek.get(weeks[cut++]);
  const note = document.getElementById("timeline-note");
  if (cut > 0 && Date.parse(weeks[cut]) - Date.parse(weeks[0]) > 3 * 366 * DAY_MS && !new URLSearchParams(box.dataset.query).get("since")) {
    if (note) note.textContent = `${seen} earlier events (from ${weeks[0].slice(0, 4)}) are not drawn: set "From" to see them.`;
    weeks = weeks.slice(cut);
  } else if (note) note.textContent = "";
  const shown = new Set(weeks);
  rows.splice(0, rows.length, ...rows.filter((r) => shown.has(r.week)));
  const types = [...new Set(rows.map((r) => r.type))].sort();
  const { bins, key, monthly } = timeBins(weeks);
  const counts = new Map(bins.map((b) => [b, {}]));
  for (const r of rows) {
    const c = counts.get(key(r.week));
    if (c) c[r.type] = (c[r.type] || 0) + r.events;
  }
  const totals = bins.map((b) => Object.values(counts.get(b)).reduce((a, v) => a + v, 0));
  const max = Math.max(1, ...totals);
  const W = 1100, H = 420, left = 40, bottom = 40, top = 10;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline" });
  const plotW = W - left - 10, plotH = H - bottom - top;
  const bw = plotW / bins.length;
  const axis = el("g", { class: "axis" }, svg);
  el("line", { x1: left, y1: top, x2: left, y2: top + plotH }, axis);
  el("line", { x1: left, y1: top + plotH, x2: W - 10, y2: top + plotH }, axis);
  for (const tick of [...new Set([0, Math.ceil(max / 2), max])]) {
    const y = top + plotH - (tick / max) * plotH;
    el("line", { x1: left - 4, y1: y, x2: left, y2: y }, axis);
    text(axis, left - 6, y + 4, String(tick), { "text-anchor": "end" });
  }
  let drawn = 0;
  bins.forEach((bin, i) => {
    const c = counts.get(bin);
    if (!Object.keys(c).length) return;
    drawn += 1;
    let y = top + plotH;
    const g = el("g", { class: "bar", "data-week": monthly ? `${bin}-01` : bin }, svg);
    for (const type of types) {
      const n = c[type] || 0;
      if (!n) continue;
      const h = (n / max) * plotH;
      y -= h;
      const rect = el("rect", { x: left + i * bw + (bw > 3 ? 0.5 : 0), y, width: Math.max(bw - (bw > 3 ? 1 : 0), 0.8),
        height: h, fill: TYPE_COLOURS[type] || "#999", "data-type": type }, g);
      el("title", {}, rect).textContent = `${monthly ? bin : "week of " + bin}: ${n} ${type}`;
    }
  });
  // about ten labels along the axis
  const step = Math.max(1, Math.ceil(bins.length / 10));
  bins.forEach((bin, i) => {
    if (i % step === 0) text(svg, left + i * bw + bw / 2, H - bottom + 16, bin, { "text-anchor": "middle" });
  });
  box.replaceChildren(svg);
  box.dataset.state = "drawn";
  box.dataset.bars = String(drawn);
  box.dataset.bins = monthly ? "month" : "week";
  legend("timeline-legend", types.map((t) => [t, TYPE_COLOURS[t] || "#999"]));
}

/* --- network: a small force layout --------------------------------------------- */
async function drawNetwork(box) {
  const { nodes, edges } = await fetchJSON(apiURL(box));
  if (!edges.length) return empty(box, "No events with both a source and a target match these filters.");
  const W = 1100, H = 640, margin = 40;
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const maxNode = Math.max(...nodes.map((n) => n.events));
  const radius = nodes.map((n) => 4 + 10 * Math.sqrt(n.events / maxNode));
  // the ideal distance between nodes follows the room each one has
  const k = 0.8 * Math.sqrt(((W - 2 * margin) * (H - 2 * margin)) / nodes.length);
  // deterministic start on a spiral, then springs (edges) and repulsion (all pairs), cooling down
  const pos = nodes.map((_, i) => {
    const a = i * 2.39996, r = k * 0.5 * Math.sqrt(i + 1);
    return { x: W / 2 + r * Math.cos(a), y: H / 2 + r * Math.sin(a) };
  });
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]);
  let temperature = W / 10;
  for (let step = 0; step < 300; step++) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < pos.length; i++) {
      for (let j = i + 1; j < pos.length; j++) {
        const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
        const f = (k * k) / d;
        disp[i].x += (dx / d) * f; disp[i].y += (dy / d) * f;
        disp[j].x -= (dx / d) * f; disp[j].y -= (dy / d) * f;
      }
    }
    for (const [a, b] of links) {
      if (a === b) continue;
      const dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
      const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
      const f = (d * d) / k;
      disp[a].x -= (dx / d) * f; disp[a].y -= (dy / d) * f;
      disp[b].x += (dx / d) * f; disp[b].y += (dy / d) * f;
    }
    pos.forEach((p, i) => {
      // gravity towards the centre, growing with distance: many small separate
      // groups (one pair each) gather in the middle instead of on the border
      const gx = W / 2 - p.x, gy = (H / 2 - p.y) * (W / H);
      const gd = Math.sqrt(gx * gx + gy * gy) || 1;
      disp[i].x += (gx / gd) * (gd * gd) / (2 * k); disp[i].y += (gy / gd) * (gd * gd) / (2 * k);
      const d = Math.max(Math.sqrt(disp[i].x ** 2 + disp[i].y ** 2), 0.01);
      p.x = Math.min(W - margin, Math.max(margin, p.x + (disp[i].x / d) * Math.min(d, temperature)));
      p.y = Math.min(H - margin, Math.max(margin, p.y + (disp[i].y / d) * Math.min(d, temperature)));
    });
    temperature = Math.max(temperature * 0.97, 0.5);
  }
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "net" });
  const defs = el("defs", {}, svg);
  const usedTypes = [...new Set(edges.map((e) => e.type))].sort();
  for (const t of usedTypes) {
    // fixed-size arrowheads, whatever the edge's width
    const m = el("marker", { id: `arrow-${t}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9,
      markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, defs);
    el("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: TYPE_COLOURS[t] || "#999" }, m);
  }
  const maxEvents = Math.max(...edges.map((e) => e.events));
  const edgeLayer = el("g", { class: "edges" }, svg);
  edges.forEach((e, n) => {
    const ia = index.get(e.source), ib = index.get(e.target);
    const a = pos[ia], b = pos[ib];
    // bend parallel edges apart, and stop at the target circle's edge
    const bend = ((n % 3) - 1) * 14;
    const mx = (a.x + b.x) / 2 + bend, my = (a.y + b.y) / 2 - bend;
    const dx = b.x - mx, dy = b.y - my, d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
    const ex = b.x - (dx / d) * (radius[ib] + 2), ey = b.y - (dy / d) * (radius[ib] + 2);
    const path = el("path", { d: `M ${a.x} ${a.y} Q ${mx} ${my} ${ex} ${ey}`, class: "edge",
      stroke: TYPE_COLOURS[e.type] || "#999", "stroke-width": 1 + (3 * e.events) / maxEvents,
      "marker-end": `url(#arrow-${e.type})`, "data-type": e.type }, edgeLayer);
    el("title", {}, path).textContent = `${nodes[ia].label} → ${nodes[ib].label}: ${e.events} ${e.type}`;
  });
  const nodeLayer = el("g", { class: "nodes" }, svg);
  nodes.forEach((n, i) => {
    const g = el("g", { class: "node", transform: `translate(${pos[i].x},${pos[i].y})` }, nodeLayer);
    el("circle", { r: radius[i] }, g);
    text(g, radius[i] + 3, 4, n.label);
    el("title", {}, g).textContent = `${n.label} — ${n.events} events`;
  });
  box.replaceChildren(svg);
  box.dataset.state = "drawn";
  box.dataset.nodes = String(nodes.length);
  box.dataset.edges = String(edges.length);
  legend("network-legend", usedTypes.map((t) => [t, TYPE_COLOURS[t] || "#999"]));
}

/* --- map: equirectangular projection of the shipped outlines ---------------------- */
const VIEWS = { africa: [-26, -38, 64, 40], world: [-180, -60, 180, 84] };

async function drawMap(box, view) {
  const [outline, places] = await Promise.all([fetchJSON(box.dataset.outline), fetchJSON(apiURL(box))]);
  const [x0, y0, x1, y1] = VIEWS[view];
  const W = 1000, H = Math.round((W * (y1 - y0)) / (x1 - x0));
  const sx = (lon) => ((lon - x0) / (x1 - x0)) * W;
  const sy = (lat) => ((y1 - lat) / (y1 - y0)) * H;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "map-svg" });
  const active = new Set(places.items.map((p) => p.country));
  const land = el("g", { class: "countries" }, svg);
  for (const c of outline.countries) {
    const d = c.rings.map((r) => "M" + r.map(([lon, lat]) => `${sx(lon).toFixed(1)},${sy(lat).toFixed(1)}`).join("L") + "Z").join("");
    const path = el("path", { d, class: active.has(c.iso3) ? "land active" : "land", "data-iso3": c.iso3 || "" }, land);
    el("title", {}, path).textContent = c.name || "";
  }
  const layer = el("g", { class: "places" }, svg);
  const max = Math.max(1, ...places.items.map((p) => p.events));
  const list = document.getElementById("map-places");
  if (list) list.replaceChildren();
  for (const p of places.items) {
    if (p.lat === null || p.lon === null) continue;
    const circle = el("circle", { cx: sx(p.lon), cy: sy(p.lat), r: 2.5 + 14 * Math.sqrt(p.events / max), class: "place",
      "data-name": p.name || "" }, layer);
    el("title", {}, circle).textContent = `${p.name} (${p.country || "?"}): ${p.events} events in ${p.articles} articles`;
    if (list && list.children.length < 60) {
      const li = document.createElement("li");
      li.textContent = `${p.name} (${p.country || "?"}) — ${p.events}`;
      list.appendChild(li);
    }
  }
  box.replaceChildren(svg);
  box.dataset.state = places.items.length ? "drawn" : "empty";
  box.dataset.places = String(places.items.length);
  box.dataset.view = view;
  for (const b of document.querySelectorAll("button.view")) b.classList.toggle("active", b.dataset.view === view);
}

/* --- stance: one line per country ------------------------------------------------ */
async function drawStance(box) {
  const { items } = await fetchJSON(apiURL(box));
  if (!items.length) return empty(box, "No stance scores in this database yet.");
  const months = [...new Set(items.map((r) => r.month))].sort();
  const counts = {};
  for (const r of items) counts[r.actor] = (counts[r.actor] || 0) + r.articles;
  const actors = Object.keys(counts).sort((a, b) => counts[b] - counts[a]).slice(0, 8);
  const W = 1100, H = 420, left = 40, right = 10, top = 10, bottom = 40;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "stance" });
  const x = (i) => left + (months.length === 1 ? (W - left - right) / 2 : (i / (months.length - 1)) * (W - left - right));
  const y = (s) => top + ((1 - s) / 2) * (H - top - bottom);
  const axis = el("g", { class: "axis" }, svg);
  for (const v of [-1, 0, 1]) {
    el("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), "stroke-dasharray": v ? "2,4" : "" }, axis);
    text(axis, left - 6, y(v) + 4, String(v), { "text-anchor": "end" });
  }
  actors.forEach((actor, k) => {
    const points = items.filter((r) => r.actor === actor).map((r) => [x(months.indexOf(r.month)), y(r.score), r]);
    const colour = LINE_COLOURS[k % LINE_COLOURS.length];
    el("polyline", { points: points.map(([px, py]) => `${px},${py}`).join(" "), fill: "none", stroke: colour,
      "stroke-width": 2, "data-actor": actor }, svg);
    for (const [px, py, r] of points) {
      const dot = el("circle", { cx: px, cy: py, r: 3, fill: colour }, svg);
      el("title", {}, dot).textContent = `${actor} ${r.month}: ${r.score.toFixed(2)} (${r.articles} articles)`;
    }
  });
  const step = Math.max(1, Math.ceil(months.length / 12));
  months.forEach((m, i) => { if (i % step === 0) text(svg, x(i), H - bottom + 16, m, { "text-anchor": "middle" }); });
  box.replaceChildren(svg);
  box.dataset.state = "drawn";
  box.dataset.lines = String(actors.length);
  legend("stance-legend", actors.map((a, k) => [a, LINE_COLOURS[k % LINE_COLOURS.length]]));
}

function fail(box, error) {
  empty(box, `Could not load the data: ${error.message}`);
  box.dataset.state = "error";
}

document.addEventListener("DOMContentLoaded", () => {
  for (const a of document.querySelectorAll("[data-type]")) {
    if (a.classList.contains("trigger") || a.classList.contains("swatch")) a.style.setProperty("--c", TYPE_COLOURS[a.dataset.type] || "#999");
  }
  for (const box of document.querySelectorAll("[data-chart]")) {
    const kind = box.dataset.chart;
    let draw;
    if (kind === "timeline") draw = () => drawTimeline(box);
    else if (kind === "network") draw = () => drawNetwork(box);
    else if (kind === "stance") draw = () => drawStance(box);
    else if (kind === "map") {
      draw = () => drawMap(box, box.dataset.view || "africa");
      for (const b of document.querySelectorAll("button.view")) {
        b.addEventListener("click", () => drawMap(box, b.dataset.view).catch((e) => fail(box, e)));
      }
    }
    if (draw) draw().catch((e) => fail(box, e));
  }
});
