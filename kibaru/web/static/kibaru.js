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

/* --- timeline: stacked bars, one per week ----------------------------------- */
async function drawTimeline(box) {
  const { items } = await fetchJSON(apiURL(box));
  if (!items.length) return empty(box, "No dated events match these filters.");
  const weeks = [...new Set(items.map((r) => r.week))].sort();
  const types = [...new Set(items.map((r) => r.type))].sort();
  const byWeek = new Map(weeks.map((w) => [w, {}]));
  for (const r of items) byWeek.get(r.week)[r.type] = r.events;
  const totals = weeks.map((w) => Object.values(byWeek.get(w)).reduce((a, b) => a + b, 0));
  const max = Math.max(...totals);
  const W = 1100, H = 420, left = 40, bottom = 40, top = 10;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline" });
  const plotW = W - left - 10, plotH = H - bottom - top;
  const bw = plotW / weeks.length;
  // y axis
  const axis = el("g", { class: "axis" }, svg);
  el("line", { x1: left, y1: top, x2: left, y2: top + plotH }, axis);
  for (const tick of [0, Math.ceil(max / 2), max]) {
    const y = top + plotH - (tick / max) * plotH;
    el("line", { x1: left - 4, y1: y, x2: left, y2: y }, axis);
    text(axis, left - 6, y + 4, String(tick), { "text-anchor": "end" });
  }
  weeks.forEach((week, i) => {
    let y = top + plotH;
    const g = el("g", { class: "bar", "data-week": week }, svg);
    for (const type of types) {
      const n = byWeek.get(week)[type] || 0;
      if (!n) continue;
      const h = (n / max) * plotH;
      y -= h;
      const rect = el("rect", { x: left + i * bw + 0.5, y, width: Math.max(bw - 1, 1), height: h,
        fill: TYPE_COLOURS[type] || "#999", "data-type": type }, g);
      el("title", {}, rect).textContent = `${week}: ${n} ${type}`;
    }
  });
  // x labels: about ten
  const step = Math.max(1, Math.ceil(weeks.length / 10));
  weeks.forEach((week, i) => {
    if (i % step === 0) text(svg, left + i * bw + bw / 2, H - bottom + 16, week, { "text-anchor": "middle" });
  });
  box.replaceChildren(svg);
  box.dataset.state = "drawn";
  box.dataset.bars = String(weeks.length);
  legend("timeline-legend", types.map((t) => [t, TYPE_COLOURS[t] || "#999"]));
}

/* --- network: a small force layout --------------------------------------------- */
async function drawNetwork(box) {
  const { nodes, edges } = await fetchJSON(apiURL(box));
  if (!edges.length) return empty(box, "No events with both a source and a target match these filters.");
  const W = 1100, H = 640;
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  // deterministic start on a circle, then a few hundred steps of springs and repulsion
  const pos = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / nodes.length;
    return { x: W / 2 + (W / 3) * Math.cos(a), y: H / 2 + (H / 3) * Math.sin(a), vx: 0, vy: 0 };
  });
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]);
  for (let step = 0; step < 300; step++) {
    const cool = 1 - step / 300;
    for (let i = 0; i < pos.length; i++) {
      for (let j = i + 1; j < pos.length; j++) {
        let dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const d2 = Math.max(dx * dx + dy * dy, 25);
        const f = 4000 / d2;
        const d = Math.sqrt(d2);
        dx /= d; dy /= d;
        pos[i].vx += dx * f; pos[i].vy += dy * f; pos[j].vx -= dx * f; pos[j].vy -= dy * f;
      }
    }
    for (const [a, b] of links) {
      if (a === b) continue;
      const dx = pos[b].x - pos[a].x, dy = pos[b].y - pos[a].y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = (d - 120) * 0.02;
      pos[a].vx += (dx / d) * f; pos[a].vy += (dy / d) * f; pos[b].vx -= (dx / d) * f; pos[b].vy -= (dy / d) * f;
    }
    for (const p of pos) {
      p.vx += (W / 2 - p.x) * 0.005; p.vy += (H / 2 - p.y) * 0.005;
      p.x = Math.min(W - 30, Math.max(30, p.x + p.vx * cool)); p.y = Math.min(H - 20, Math.max(20, p.y + p.vy * cool));
      p.vx *= 0.5; p.vy *= 0.5;
    }
  }
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "net" });
  const defs = el("defs", {}, svg);
  const usedTypes = [...new Set(edges.map((e) => e.type))].sort();
  for (const t of usedTypes) {
    const m = el("marker", { id: `arrow-${t}`, viewBox: "0 0 10 10", refX: 18, refY: 5, markerWidth: 6, markerHeight: 6,
      orient: "auto-start-reverse" }, defs);
    el("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: TYPE_COLOURS[t] || "#999" }, m);
  }
  const maxEvents = Math.max(...edges.map((e) => e.events));
  const edgeLayer = el("g", { class: "edges" }, svg);
  edges.forEach((e, k) => {
    const a = pos[index.get(e.source)], b = pos[index.get(e.target)];
    // bend parallel edges apart
    const mx = (a.x + b.x) / 2 + ((k % 3) - 1) * 12, my = (a.y + b.y) / 2 + ((k % 3) - 1) * 12;
    const path = el("path", { d: `M ${a.x} ${a.y} Q ${mx} ${my} ${b.x} ${b.y}`, class: "edge",
      stroke: TYPE_COLOURS[e.type] || "#999", "stroke-width": 1 + (3 * e.events) / maxEvents,
      "marker-end": `url(#arrow-${e.type})`, "data-type": e.type }, edgeLayer);
    el("title", {}, path).textContent = `${e.source.split("|")[0] || e.source} → ${e.target.split("|")[0] || e.target}: ${e.events} ${e.type}`;
  });
  const maxNode = Math.max(...nodes.map((n) => n.events));
  const nodeLayer = el("g", { class: "nodes" }, svg);
  nodes.forEach((n, i) => {
    const g = el("g", { class: "node", transform: `translate(${pos[i].x},${pos[i].y})` }, nodeLayer);
    el("circle", { r: 4 + 10 * Math.sqrt(n.events / maxNode) }, g);
    text(g, 10, 4, n.label);
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
