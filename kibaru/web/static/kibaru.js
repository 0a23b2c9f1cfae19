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

/* --- links down to the events -------------------------------------------------- */
/* The events page for what a chart element stands for, keeping the page's filters. */
function eventsURL(box, extra) {
  const params = new URLSearchParams(box.dataset.query || "");
  for (const k of ["top", "offset"]) params.delete(k);
  for (const [k, v] of Object.entries(extra)) {
    if (v === null || v === undefined || v === "") params.delete(k); else params.set(k, v);
  }
  return `/events?${params}`;
}

function linked(parent, href) {
  const a = el("a", { href }, parent);
  a.setAttribute("class", "hit");
  return a;
}

/* --- timeline: stacked bars on a continuous time axis ------------------------- */
const DAY_MS = 86400000;

function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
function monthStart(ms) { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); }
function nextMonth(ms) { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); }

/* Bins from the first to the last day: one per week, or one per month when
 * the span is over three years (a bar per week would be a hair). Empty periods
 * keep their place, so the axis is proportional to time. */
function timeBins(t0, t1) {
  const monthly = (t1 - t0) / DAY_MS > 3 * 366;
  const bins = [];
  if (monthly) {
    for (let t = monthStart(t0); t < t1; t = nextMonth(t)) bins.push({ key: isoDay(t).slice(0, 7), start: t, end: nextMonth(t) });
  } else {
    // weeks start on Monday, as the API's do
    const first = t0 - ((new Date(t0).getUTCDay() + 6) % 7) * DAY_MS;
    for (let t = first; t < t1; t += 7 * DAY_MS) bins.push({ key: isoDay(t), start: t, end: t + 7 * DAY_MS });
  }
  return { bins, monthly };
}

/* Every timeline row as a span of time: a week, a month or a year. */
function spans(body) {
  const out = [];
  for (const r of body.items || []) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.week || "")) continue;
    const start = Date.parse(r.week);
    out.push({ kind: "day", start, end: start + 7 * DAY_MS, type: r.type, events: r.events, key: r.week });
  }
  for (const r of body.months || []) {
    if (!/^\d{4}-\d{2}$/.test(r.month || "")) continue;
    const start = Date.parse(`${r.month}-01`);
    out.push({ kind: "month", start, end: nextMonth(start), type: r.type, events: r.events, key: r.month });
  }
  for (const r of body.years || []) {
    if (!/^\d{4}$/.test(r.year || "")) continue;
    const start = Date.parse(`${r.year}-01-01`);
    out.push({ kind: "year", start, end: Date.parse(`${Number(r.year) + 1}-01-01`), type: r.type, events: r.events, key: r.year });
  }
  return out.sort((a, b) => a.start - b.start);
}

async function drawTimeline(box) {
  const body = await fetchJSON(apiURL(box));
  let rows = spans(body);
  const note = document.getElementById("timeline-note");
  const undated = body.undated || 0;
  const notes = [];
  if (undated) notes.push(`${undated.toLocaleString("en")} events without any date are not drawn.`);
  const zoomed = new URLSearchParams(box.dataset.query || "");
  const zoom = document.getElementById("timeline-zoom");
  if (zoom && (zoomed.get("since") || zoomed.get("until"))) {
    zoomed.delete("since"); zoomed.delete("until");
    zoom.querySelector("a").setAttribute("href", `?${zoomed}`);
    zoom.hidden = false;
  }
  if (!rows.length) {
    if (note) note.textContent = notes.join(" ");
    box.dataset.undated = String(undated);
    return empty(box, "No dated events match these filters.");
  }
  // a few events dated decades back (history recalled in an article) would
  // squeeze the rest into a sliver: start where the first 5% of events end
  // when that cuts more than three years, and say so
  const total = rows.reduce((a, r) => a + r.events, 0);
  let seen = 0, cut = 0;
  while (cut < rows.length - 1 && seen + rows[cut].events <= 0.05 * total) seen += rows[cut++].events;
  if (cut > 0 && rows[cut].start - rows[0].start > 3 * 366 * DAY_MS && !new URLSearchParams(box.dataset.query).get("since")) {
    notes.push(`${seen.toLocaleString("en")} earlier events (from ${isoDay(rows[0].start).slice(0, 4)}) are not drawn: set "From" or drag across the chart to see them.`);
    rows = rows.slice(cut);
  }
  // the same at the far end: horizons ("d'ici 2050") and misread years
  let late = 0, keep = rows.length;
  while (keep > 1 && late + rows[keep - 1].events <= 0.05 * total) late += rows[--keep].events;
  if (keep < rows.length && rows[rows.length - 1].end - rows[keep - 1].end > 3 * 366 * DAY_MS && !new URLSearchParams(box.dataset.query).get("until")) {
    notes.push(`${late.toLocaleString("en")} later events (to ${isoDay(rows[rows.length - 1].start).slice(0, 4)}) are not drawn: set "To" or drag across the chart to see them.`);
    rows = rows.slice(0, keep);
  }
  if (note) note.textContent = notes.join(" ");
  const t0 = Math.min(...rows.map((r) => r.start)), t1 = Math.max(...rows.map((r) => r.end));
  const { bins, monthly } = timeBins(t0, t1);
  const binOf = (t) => { let lo = 0, hi = bins.length - 1; while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (bins[mid].start <= t) lo = mid; else hi = mid - 1; } return lo; };
  const counts = bins.map(() => ({}));
  const coarse = { month: new Map(), year: new Map() };
  for (const r of rows) {
    if (r.kind === "day") { const c = counts[binOf(r.start)]; c[r.type] = (c[r.type] || 0) + r.events; continue; }
    const lane = coarse[r.kind];
    const entry = lane.get(r.key) || { start: r.start, end: r.end, events: 0, types: {} };
    entry.events += r.events; entry.types[r.type] = (entry.types[r.type] || 0) + r.events;
    lane.set(r.key, entry);
  }
  const types = [...new Set(rows.map((r) => r.type))].sort();
  const totals = counts.map((c) => Object.values(c).reduce((a, v) => a + v, 0));
  const max = Math.max(1, ...totals);
  const lanes = ["month", "year"].filter((k) => coarse[k].size);
  const laneH = 26;
  const W = 1100, left = 90, right = 10, top = 10, plotH = 300, axisH = 30;
  const H = top + plotH + axisH + lanes.length * (laneH + 6) + 4;
  const plotW = W - left - right;
  const x = (t) => left + ((t - bins[0].start) / (bins[bins.length - 1].end - bins[0].start)) * plotW;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline" });
  const axis = el("g", { class: "axis" }, svg);
  el("line", { x1: left, y1: top, x2: left, y2: top + plotH }, axis);
  el("line", { x1: left, y1: top + plotH, x2: W - right, y2: top + plotH }, axis);
  for (const tick of [...new Set([0, Math.ceil(max / 2), max])]) {
    const y = top + plotH - (tick / max) * plotH;
    el("line", { x1: left - 4, y1: y, x2: left, y2: y }, axis);
    text(axis, left - 6, y + 4, String(tick), { "text-anchor": "end" });
  }
  text(axis, 4, top + 12, monthly ? "per month" : "per week");
  let drawn = 0;
  bins.forEach((bin, i) => {
    const c = counts[i];
    if (!Object.keys(c).length) return;
    drawn += 1;
    let y = top + plotH;
    const x0 = x(bin.start), bw = x(bin.end) - x0;
    const g = el("g", { class: "bar", "data-week": monthly ? `${bin.key}-01` : bin.key }, svg);
    for (const type of types) {
      const n = c[type] || 0;
      if (!n) continue;
      const h = (n / max) * plotH;
      y -= h;
      const a = linked(g, eventsURL(box, { type, since: isoDay(bin.start), until: isoDay(bin.end - DAY_MS) }));
      const rect = el("rect", { x: x0 + (bw > 3 ? 0.5 : 0), y, width: Math.max(bw - (bw > 3 ? 1 : 0), 0.8),
        height: h, fill: TYPE_COLOURS[type] || "#999", "data-type": type }, a);
      el("title", {}, rect).textContent = `${monthly ? bin.key : "week of " + bin.key}: ${n} ${type}`;
    }
  });
  // events dated only to a month or a year: a band over that month or year, darker with more events
  lanes.forEach((kind, k) => {
    const y = top + plotH + axisH + k * (laneH + 6);
    const lane = el("g", { class: `lane lane-${kind}`, "data-lane": kind }, svg);
    text(lane, left - 6, y + laneH / 2 + 4, kind === "month" ? "month only" : "year only", { "text-anchor": "end" });
    const most = Math.max(...[...coarse[kind].values()].map((e) => e.events));
    for (const [key, e] of coarse[kind]) {
      const a = linked(lane, eventsURL(box, { since: key, until: key }));
      const rect = el("rect", { x: x(e.start), y, width: Math.max(x(e.end) - x(e.start) - 0.5, 0.8), height: laneH,
        fill: "#1d4e5f", "fill-opacity": (0.15 + 0.85 * (e.events / most)).toFixed(2), "data-period": key }, a);
      const kinds = Object.entries(e.types).sort((p, q) => q[1] - p[1]).map(([t, n]) => `${n} ${t}`).join(", ");
      el("title", {}, rect).textContent = `${key} (dated to the ${kind} only): ${e.events} events — ${kinds}`;
    }
  });
  // about ten labels along the axis
  const step = Math.max(1, Math.ceil(bins.length / 10));
  bins.forEach((bin, i) => {
    if (i % step === 0) text(svg, x(bin.start) + (x(bin.end) - x(bin.start)) / 2, top + plotH + 16, bin.key, { "text-anchor": "middle" });
  });
  brush(svg, box, { left, right: W - right, top, bottom: H, width: W }, (a, b) => {
    const t = (px) => bins[0].start + ((px - left) / plotW) * (bins[bins.length - 1].end - bins[0].start);
    return [isoDay(Math.max(t(a), bins[0].start)), isoDay(Math.min(t(b), bins[bins.length - 1].end - DAY_MS))];
  });
  box.replaceChildren(svg);
  box.dataset.state = "drawn";
  box.dataset.bars = String(drawn);
  box.dataset.bins = monthly ? "month" : "week";
  box.dataset.undated = String(undated);
  box.dataset.lanes = lanes.join(" ");
  legend("timeline-legend", types.map((t) => [t, TYPE_COLOURS[t] || "#999"]));
}

/* Drag across a chart to zoom its time axis: the page reloads with From and To
 * set, so the zoom is in the URL like every other filter. A plain click still
 * follows the link under the pointer. */
function brush(svg, box, frame, toDays) {
  let from = null, band = null;
  const point = (event) => {
    const r = svg.getBoundingClientRect();
    return Math.min(frame.right, Math.max(frame.left, ((event.clientX - r.left) / r.width) * frame.width));
  };
  svg.addEventListener("pointerdown", (event) => { from = point(event); band = null; });
  svg.addEventListener("pointermove", (event) => {
    if (from === null) return;
    const at = point(event);
    if (!band && Math.abs(at - from) < 6) return;
    if (!band) band = el("rect", { class: "brush", y: frame.top, height: frame.bottom - frame.top }, svg);
    band.setAttribute("x", Math.min(from, at)); band.setAttribute("width", Math.abs(at - from));
  });
  svg.addEventListener("pointerup", (event) => {
    if (from === null) return;
    const at = point(event), start = from;
    from = null;
    if (!band) return;
    band.remove(); band = null;
    const [since, until] = toDays(Math.min(start, at), Math.max(start, at));
    const params = new URLSearchParams(box.dataset.query || "");
    params.set("since", since); params.set("until", until);
    svg.addEventListener("click", (e) => e.preventDefault(), { capture: true, once: true });
    window.location.search = `?${params}`;
  });
}

/* --- network: a small force layout --------------------------------------------- */
async function drawNetwork(box) {
  const { nodes, edges, left_out: left } = await fetchJSON(apiURL(box));
  const note = document.getElementById("network-note");
  if (note && left) {
    const parts = [];
    if (left.one_sided) parts.push(`${left.one_sided.toLocaleString("en")} events without a known country on both sides`);
    if (left.lighter_pairs) parts.push(`${left.lighter_pairs.toLocaleString("en")} events of lighter pairs (raise "top" in the JSON, or filter)`);
    note.textContent = parts.length ? `Not drawn: ${parts.join("; ")}.` : "";
  }
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
    const link = linked(edgeLayer, eventsURL(box, { source: e.source, target: e.target, type: e.type }));
    const path = el("path", { d: `M ${a.x} ${a.y} Q ${mx} ${my} ${ex} ${ey}`, class: "edge",
      stroke: TYPE_COLOURS[e.type] || "#999", "stroke-width": 1 + (3 * e.events) / maxEvents,
      "marker-end": `url(#arrow-${e.type})`, "data-type": e.type }, link);
    el("title", {}, path).textContent = `${nodes[ia].label} → ${nodes[ib].label}: ${e.events} ${e.type}`;
  });
  const nodeLayer = el("g", { class: "nodes" }, svg);
  // labels: the biggest nodes first; a label that would overlap one already
  // placed is left to the node's tooltip (labels piled on each other read as none)
  const placed = [];
  const labelled = new Set();
  for (const i of nodes.map((_, i) => i).sort((a, b) => nodes[b].events - nodes[a].events)) {
    const w = 6.2 * nodes[i].label.length, h = 13;
    const box = { x: pos[i].x + radius[i] + 3, y: pos[i].y - 9, w, h };
    const clash = placed.some((o) => box.x < o.x + o.w && o.x < box.x + box.w && box.y < o.y + o.h && o.y < box.y + box.h);
    if (!clash) { placed.push(box); labelled.add(i); }
  }
  nodes.forEach((n, i) => {
    const a = linked(nodeLayer, eventsURL(box, { actor: n.id }));
    const g = el("g", { class: "node", transform: `translate(${pos[i].x},${pos[i].y})`, "data-key": n.id }, a);
    el("circle", { r: radius[i] }, g);
    if (labelled.has(i)) text(g, radius[i] + 3, 4, n.label);
    const codes = [n.country, n.agent].filter(Boolean).join(" ");
    el("title", {}, g).textContent = `${n.label}${codes ? ` (${codes})` : ""} — ${n.events} events: click for them`;
  });
  box.replaceChildren(svg);
  box.dataset.state = "drawn";
  box.dataset.nodes = String(nodes.length);
  box.dataset.labels = String(labelled.size);
  box.dataset.edges = String(edges.length);
  legend("network-legend", usedTypes.map((t) => [t, TYPE_COLOURS[t] || "#999"]));
}

/* --- map: equirectangular projection of the shipped outlines ---------------------- */
// [west, south, east, north]; the Sahel view runs from Dakar to Khartoum, from Abidjan to Agadez
const VIEWS = { sahel: [-18.5, 4, 34, 26], africa: [-26, -38, 64, 40], world: [-180, -60, 180, 84] };

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
    const a = linked(layer, eventsURL(box, { place: `${p.name || ""}|${p.country || ""}` }));
    // a place the geocoder was unsure of (low confidence, or a name with close rivals) is drawn dashed
    const unsure = (p.confidence !== null && p.confidence !== undefined && p.confidence < UNSURE_PLACE) || p.ambiguous > 0;
    const circle = el("circle", { cx: sx(p.lon), cy: sy(p.lat), r: 2.5 + 14 * Math.sqrt(p.events / max),
      class: unsure ? "place unsure" : "place", "data-name": p.name || "", "data-confidence": p.confidence ?? "" }, a);
    const doubt = unsure ? ` — location uncertain (confidence ${p.confidence ?? "?"}${p.ambiguous ? `, ${p.ambiguous} events with an ambiguous name` : ""})` : "";
    el("title", {}, circle).textContent = `${p.name} (${p.country || "?"}): ${p.events} events in ${p.articles} articles${doubt}`;
    if (list && list.children.length < 60) {
      const li = document.createElement("li");
      const item = document.createElement("a");
      item.href = eventsURL(box, { place: `${p.name || ""}|${p.country || ""}` });
      item.textContent = `${p.name} (${p.country || "?"}) — ${p.events}${unsure ? " (uncertain)" : ""}`;
      li.dataset.confidence = p.confidence ?? "";
      li.appendChild(item);
      list.appendChild(li);
    }
  }
  box.replaceChildren(svg);
  hidePlaces(box);
  const unmapped = document.getElementById("map-note");
  if (unmapped) unmapped.textContent = places.unmapped ? `${places.unmapped.toLocaleString("en")} events are not on the map: no place, an area without a point ("Sahel", "Afrique de l'Ouest"), or a place past the 500 drawn.` : "";
  box.dataset.state = places.items.length ? "drawn" : "empty";
  box.dataset.places = String(places.items.length);
  box.dataset.view = view;
  for (const b of document.querySelectorAll("button.view")) b.classList.toggle("active", b.dataset.view === view);
}

const UNSURE_PLACE = 0.6;

/* The map's slider hides places located with less confidence than it says. */
function hidePlaces(box) {
  const slider = document.getElementById("place-confidence");
  if (!slider) return;
  const floor = Number(slider.value);
  let hidden = 0;
  for (const node of document.querySelectorAll("#map circle.place, #map-places li")) {
    const c = node.dataset.confidence === "" || node.dataset.confidence === undefined ? 1 : Number(node.dataset.confidence);
    const hide = c < floor;
    node.classList.toggle("hidden", hide);
    if (hide && node.tagName === "circle") hidden += 1;
  }
  box.dataset.hidden = String(hidden);
  const note = document.getElementById("place-confidence-note");
  if (note) note.textContent = hidden ? `${hidden} places located with confidence under ${floor} are hidden.` : "";
  const shown = document.getElementById("place-confidence-shown");
  if (shown) shown.textContent = slider.value;
}

/* --- stance: one line per country ------------------------------------------------ */
async function drawStance(box) {
  const { items, undated } = await fetchJSON(apiURL(box));
  const note = document.getElementById("stance-note");
  if (note) note.textContent = undated ? `${undated.toLocaleString("en")} articles with a stance have no publication date: they count in the table by outlet and the list of articles, not here.` : "";
  box.dataset.undated = String(undated || 0);
  if (!items.length) {
    if (undated) return drawStanceByArticle(box);
    return empty(box, "No stance scores match these filters.");
  }
  const months = [...new Set(items.map((r) => r.month))].sort();
  const counts = {};
  for (const r of items) counts[r.actor] = (counts[r.actor] || 0) + r.articles;
  const actors = Object.keys(counts).sort((a, b) => counts[b] - counts[a]).slice(0, 8);
  const W = 1100, H = 320, left = 40, right = 10, top = 10, bottom = 40;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "stance" });
  const x = (i) => left + (months.length === 1 ? (W - left - right) / 2 : (i / (months.length - 1)) * (W - left - right));
  const y = (s) => top + ((1 - s) / 2) * (H - top - bottom);
  const axis = el("g", { class: "axis" }, svg);
  for (const v of [-1, 0, 1]) {
    el("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), "stroke-dasharray": v ? "2,4" : "" }, axis);
    text(axis, left - 6, y(v) + 4, String(v), { "text-anchor": "end" });
  }
  const params = new URLSearchParams(box.dataset.query || "");
  actors.forEach((actor, k) => {
    const points = items.filter((r) => r.actor === actor).map((r) => [x(months.indexOf(r.month)), y(r.score), r]);
    const colour = LINE_COLOURS[k % LINE_COLOURS.length];
    el("polyline", { points: points.map(([px, py]) => `${px},${py}`).join(" "), fill: "none", stroke: colour,
      "stroke-width": 2, "data-actor": actor }, svg);
    for (const [px, py, r] of points) {
      const p = new URLSearchParams(params);
      p.set("country", actor); p.set("since", r.month); p.set("until", r.month);
      const a = linked(svg, `/stance?${p}#stance-articles`);
      const dot = el("circle", { cx: px, cy: py, r: 3 + Math.min(5, Math.sqrt(r.articles)), fill: colour }, a);
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

/* Without publication dates, stance article by article: one row per country,
 * one dot per article at its score, each a link to the article. */
async function drawStanceByArticle(box) {
  const params = new URLSearchParams(box.dataset.query || "");
  params.set("by", "article"); params.set("limit", "500"); params.delete("offset");
  const { items } = await fetchJSON(`${box.dataset.api}?${params}`);
  if (!items.length) return empty(box, "No stance scores match these filters.");
  const counts = {};
  for (const r of items) counts[r.actor] = (counts[r.actor] || 0) + 1;
  const actors = Object.keys(counts).sort((a, b) => counts[b] - counts[a] || (a < b ? -1 : 1)).slice(0, 8);
  const rowH = 34, left = 90, right = 20, top = 10, W = 1100, H = top + rowH * actors.length + 30;
  const x = (s) => left + ((s + 1) / 2) * (W - left - right);
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "stance by-article" });
  const axis = el("g", { class: "axis" }, svg);
  for (const v of [-1, -0.5, 0, 0.5, 1]) {
    el("line", { x1: x(v), x2: x(v), y1: top, y2: H - 24, "stroke-dasharray": v ? "2,4" : "" }, axis);
    text(axis, x(v), H - 8, String(v), { "text-anchor": "middle" });
  }
  let dots = 0;
  actors.forEach((actor, k) => {
    const y = top + rowH * k + rowH / 2;
    const colour = LINE_COLOURS[k % LINE_COLOURS.length];
    text(svg, left - 8, y + 4, `${actor} (${counts[actor]})`, { "text-anchor": "end" });
    items.filter((r) => r.actor === actor).forEach((r, i) => {
      const a = linked(svg, `/articles/${encodeURIComponent(r.article_id)}#stance`);
      // a small deterministic spread, so that equal scores stay visible
      const dy = ((i * 7) % 11 - 5) * 2;
      const dot = el("circle", { cx: x(r.score), cy: y + dy, r: 3.5, fill: colour, "fill-opacity": 0.7 }, a);
      el("title", {}, dot).textContent = `${actor} ${r.score.toFixed(2)}: ${r.title || r.article_id} (${r.outlet})`;
      dots += 1;
    });
  });
  box.replaceChildren(svg);
  box.dataset.state = "drawn";
  box.dataset.view = "article";
  box.dataset.dots = String(dots);
  const note = document.getElementById("stance-note");
  if (note) note.textContent = `No article has a publication date: each dot is one article's stance toward a country (${dots.toLocaleString("en")} shown); click one for its article.`;
  legend("stance-legend", []);
}

/* --- narratives: articles per month, one line per narrative ----------------------- */
async function drawNarratives(box) {
  const { items, undated } = await fetchJSON(apiURL(box));
  const note = document.getElementById("narratives-note");
  if (note) note.textContent = undated ? `${undated.toLocaleString("en")} articles carrying a narrative have no publication date: they count in the table above, not here.` : "";
  box.dataset.undated = String(undated || 0);
  if (!items.length) return empty(box, undated ? "No article carrying a narrative has a publication date: see the table by outlet above." : "No narrative matches these filters.");
  const months = [...new Set(items.map((r) => r.month))].sort();
  const totals = {};
  for (const r of items) totals[r.narrative] = (totals[r.narrative] || 0) + r.articles;
  const names = Object.keys(totals).sort((a, b) => totals[b] - totals[a]).slice(0, 8);
  const max = Math.max(1, ...items.map((r) => r.articles));
  const W = 1100, H = 300, left = 40, right = 10, top = 10, bottom = 40;
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "narratives" });
  const x = (i) => left + (months.length === 1 ? (W - left - right) / 2 : (i / (months.length - 1)) * (W - left - right));
  const y = (n) => top + (1 - n / max) * (H - top - bottom);
  const axis = el("g", { class: "axis" }, svg);
  for (const v of [...new Set([0, Math.ceil(max / 2), max])]) {
    el("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), "stroke-dasharray": v ? "2,4" : "" }, axis);
    text(axis, left - 6, y(v) + 4, String(v), { "text-anchor": "end" });
  }
  names.forEach((name, k) => {
    const colour = LINE_COLOURS[k % LINE_COLOURS.length];
    const points = items.filter((r) => r.narrative === name).map((r) => [x(months.indexOf(r.month)), y(r.articles), r]);
    el("polyline", { points: points.map(([px, py]) => `${px},${py}`).join(" "), fill: "none", stroke: colour, "stroke-width": 2 }, svg);
    for (const [px, py, r] of points) {
      const p = new URLSearchParams(box.dataset.query || "");
      p.delete("by"); p.set("narrative", name); p.set("since", r.month); p.set("until", r.month);
      const a = linked(svg, `/narratives?${p}#narrative-articles`);
      const dot = el("circle", { cx: px, cy: py, r: 4, fill: colour }, a);
      el("title", {}, dot).textContent = `${name} ${r.month}: ${r.articles} articles`;
    }
  });
  const step = Math.max(1, Math.ceil(months.length / 12));
  months.forEach((m, i) => { if (i % step === 0) text(svg, x(i), H - bottom + 16, m, { "text-anchor": "middle" }); });
  box.replaceChildren(svg);
  box.dataset.state = "drawn";
  legend("narratives-legend", names.map((n, k) => [n, LINE_COLOURS[k % LINE_COLOURS.length]]));
}

/* --- review queue: verdicts sent to POST /api/review with the server's token ------ */
/* Only the fields the analyst changed make the correction. */
function changedFields(form) {
  const out = {};
  for (const field of form.elements) {
    if (!field.name) continue;
    const changed = field.tagName === "SELECT"
      ? [...field.options].some((o) => o.selected !== o.defaultSelected)
      : field.value !== field.defaultValue;
    if (!changed) continue;
    const [head, part] = field.name.split(".");
    if (part) {
      // a side or a place is sent whole: its other parts as they were
      out[head] = out[head] || {};
      for (const sibling of form.elements) {
        if (sibling.name && sibling.name.startsWith(`${head}.`)) out[head][sibling.name.split(".")[1]] = sibling.value.trim() || null;
      }
    } else out[head] = field.value.trim() || null;
  }
  for (const side of ["source", "target", "place"]) {
    if (out[side] && Object.values(out[side]).every((v) => v === null)) out[side] = null;
  }
  return out;
}

async function sendReview(item, verdict, correction) {
  const outcome = item.querySelector(".outcome");
  const token = document.getElementById("review-token");
  const reviewer = document.getElementById("review-reviewer");
  if (!token || !token.value) { outcome.textContent = "Give the server's token first (top of the page)."; return; }
  sessionStorage.setItem("kibaru-token", token.value);
  if (reviewer) sessionStorage.setItem("kibaru-reviewer", reviewer.value);
  const body = { article_id: item.dataset.article, seq: Number(item.dataset.seq), verdict, correction,
    reviewer: (reviewer && reviewer.value.trim()) || null };
  const response = await fetch("/api/review", { method: "POST", headers: { "Content-Type": "application/json",
    Accept: "application/json", Authorization: `Bearer ${token.value}` }, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    outcome.textContent = answer.error ? `Not stored: ${answer.error.message}` : `Not stored (${response.status})`;
    item.dataset.state = "error";
    return;
  }
  item.classList.add("done");
  item.dataset.state = verdict;
  outcome.textContent = verdict === "corrected" ? `corrected: ${Object.keys(correction).join(", ")}` : verdict;
  for (const b of item.querySelectorAll("button")) b.disabled = true;
}

function setUpReview(list) {
  const token = document.getElementById("review-token");
  const reviewer = document.getElementById("review-reviewer");
  if (token && sessionStorage.getItem("kibaru-token")) token.value = sessionStorage.getItem("kibaru-token");
  if (reviewer && sessionStorage.getItem("kibaru-reviewer")) reviewer.value = sessionStorage.getItem("kibaru-reviewer");
  for (const item of list.querySelectorAll(".review-item")) {
    for (const button of item.querySelectorAll(".actions > button[data-verdict]")) {
      button.addEventListener("click", () => sendReview(item, button.dataset.verdict, {}));
    }
    const form = item.querySelector("form.correct");
    if (form) form.addEventListener("submit", (event) => {
      event.preventDefault();
      const correction = changedFields(form);
      if (!Object.keys(correction).length) { item.querySelector(".outcome").textContent = "Nothing changed: accept it instead."; return; }
      sendReview(item, "corrected", correction);
    });
  }
}

function fail(box, error) {
  empty(box, `Could not load the data: ${error.message}`);
  box.dataset.state = "error";
}

document.addEventListener("DOMContentLoaded", () => {
  for (const a of document.querySelectorAll("[data-type]")) {
    if (a.classList.contains("trigger") || a.classList.contains("swatch")) a.style.setProperty("--c", TYPE_COLOURS[a.dataset.type] || "#999");
  }
  // the confidence slider says its value as it moves
  const slider = document.getElementById("min-confidence"), shown = document.getElementById("confidence-shown");
  if (slider && shown) slider.addEventListener("input", () => { shown.textContent = slider.value; });
  const reviewList = document.getElementById("review-list");
  if (reviewList) setUpReview(reviewList);
  // a stance cell's bar: half the cell's width at a score of ±1 (set here: the pages allow no inline style)
  for (const cell of document.querySelectorAll("a.stance-cell[data-score]")) {
    cell.style.setProperty("--w", `${Math.min(50, Math.abs(Number(cell.dataset.score)) * 50)}%`);
  }
  for (const box of document.querySelectorAll("[data-chart]")) {
    const kind = box.dataset.chart;
    let draw;
    if (kind === "timeline") draw = () => drawTimeline(box);
    else if (kind === "network") draw = () => drawNetwork(box);
    else if (kind === "stance") draw = () => drawStance(box);
    else if (kind === "narratives") draw = () => drawNarratives(box);
    else if (kind === "map") {
      draw = () => drawMap(box, box.dataset.view || "africa");
      const slider = document.getElementById("place-confidence");
      if (slider) slider.addEventListener("input", () => hidePlaces(box));
      for (const b of document.querySelectorAll("button.view")) {
        b.addEventListener("click", () => drawMap(box, b.dataset.view).catch((e) => fail(box, e)));
      }
    }
    if (draw) draw().catch((e) => fail(box, e));
  }
});
