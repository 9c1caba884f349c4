// The desk page: places on a map by status, a date slider, and the claims behind each place.
// Report text is untrusted: it only ever reaches the page through textContent, never innerHTML.
"use strict";

const COLOURS = { contested: "#d97706", RU: "#c0392b", UA: "#1f6fd1", "changed hands": "#7d3c98", unknown: "#888888" };
const DAY_MS = 86400000;
const state = { meta: null, days: [], layer: null, overlay: null, selected: null, tileErrors: 0, tileLoads: 0 };

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

async function getJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function colourOf(place) {
  if (place.status === "contested" || place.status === "changed hands" || place.status === "unknown") {
    return COLOURS[place.status];
  }
  return COLOURS[place.side] || COLOURS.unknown;
}

function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

function currentDay() { return state.days[Number(document.getElementById("day").value)] || state.meta.today; }

function drawGraticule(map) {
  const lines = L.layerGroup();
  for (let lon = -180; lon <= 180; lon += 1) lines.addLayer(L.polyline([[-85, lon], [85, lon]], { className: "graticule", interactive: false, noClip: true }));
  for (let lat = -80; lat <= 80; lat += 1) lines.addLayer(L.polyline([[lat, -180], [lat, 180]], { className: "graticule", interactive: false, noClip: true }));
  lines.addTo(map);
}

async function loadPlaces(map) {
  const day = currentDay();
  document.getElementById("day-label").textContent = day;
  const data = await getJSON(`/api/places?on=${encodeURIComponent(day)}`);
  if (day !== currentDay()) return; // the slider moved on while this was loading
  state.layer.clearLayers();
  const bounds = [];
  for (const place of data.items) {
    if (place.lat === null || place.lon === null) continue;
    const colour = colourOf(place);
    const marker = L.circleMarker([place.lat, place.lon], {
      radius: 5 + 3 * Math.sqrt(place.claimants || 1), color: colour, fillColor: colour,
      fillOpacity: place.status === "held" ? 0.85 : 0.55, weight: 1.5, className: "place",
    });
    marker.bindTooltip(el("span", `${place.place}: ${place.status}${place.side ? " (" + place.side + ")" : ""}`));
    marker.on("click", () => showPlace(place.place_key));
    marker.addTo(state.layer);
    const node = marker.getElement();
    node.setAttribute("data-place", place.place);
    node.setAttribute("data-key", place.place_key);
    node.setAttribute("data-status", place.status);
    node.setAttribute("data-side", place.side || "");
    bounds.push([place.lat, place.lon]);
  }
  if (!state.fitted && bounds.length) {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 9, animate: false });
    state.fitted = true;
  }
  if (state.selected) showPlace(state.selected);
}

function highlighted(claim) {
  // the evidence sentence with the place and the event words marked, built from offsets as text nodes
  const text = claim.evidence.text;
  const base = claim.evidence.start;
  const marks = [];
  for (const p of claim.places) marks.push([p.start - base, p.end - base, "place"]);
  if (claim.trigger) marks.push([claim.trigger.start - base, claim.trigger.end - base, "event"]);
  marks.sort((a, b) => a[0] - b[0]);
  const quote = el("blockquote");
  let at = 0;
  for (const [start, end, kind] of marks) {
    if (start < at || start < 0 || end > text.length) continue;
    quote.appendChild(document.createTextNode(text.slice(at, start)));
    quote.appendChild(el("mark", text.slice(start, end), kind));
    at = end;
  }
  quote.appendChild(document.createTextNode(text.slice(at)));
  return quote;
}

function drawChart(items) {
  const svg = document.getElementById("place-chart");
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  if (!items.length) return;
  const first = Date.parse(items[0].on), last = Date.parse(items[items.length - 1].on);
  const span = Math.max(last - first, DAY_MS);
  const width = svg.clientWidth || 300;
  items.forEach((item, i) => {
    const next = i + 1 < items.length ? Date.parse(items[i + 1].on) : last + DAY_MS;
    const x = ((Date.parse(item.on) - first) / (span + DAY_MS)) * width;
    const w = Math.max(2, ((next - Date.parse(item.on)) / (span + DAY_MS)) * width);
    const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    rect.setAttribute("x", x); rect.setAttribute("y", 4); rect.setAttribute("width", w); rect.setAttribute("height", 20);
    rect.setAttribute("fill", colourOf(item));
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = `${item.on}: ${item.status}${item.side ? " (" + item.side + ")" : ""}`;
    rect.appendChild(title);
    svg.appendChild(rect);
  });
}

async function showPlace(key) {
  state.selected = key;
  const day = currentDay();
  const q = encodeURIComponent(key);
  let place;
  try {
    place = await getJSON(`/api/places/${q}?on=${encodeURIComponent(day)}`);
  } catch (error) {
    document.getElementById("place-status").textContent = `no claims about this place on or before ${day}`;
    return;
  }
  const [timeline, claims] = await Promise.all([
    getJSON(`/api/places/${q}/timeline`), getJSON(`/api/claims?place_key=${q}&until=${encodeURIComponent(day)}&limit=500`)]);
  document.getElementById("intro").hidden = true;
  document.getElementById("place").hidden = false;
  document.getElementById("place-name").textContent = place.place;
  document.getElementById("place-status").textContent =
    `${place.on}: ${place.status}${place.side ? " (" + place.side + ")" : ""}, confidence ${place.confidence.toFixed(2)}` +
    (place.since ? `, since ${place.since}` : "");
  const top = place.weighed.filter((w) => w.supports).sort((a, b) => b.weight - a.weight)[0];
  document.getElementById("place-rule").textContent =
    [...place.notes, top ? `strongest claim: ${top.rules.join("; ")}` : "no claim supports a side"].join(" · ");
  drawChart(timeline.items);
  const list = document.getElementById("claims");
  list.replaceChildren();
  for (const claim of claims.items.slice().reverse()) {
    const item = el("li");
    item.setAttribute("data-claim", claim.id);
    const who = el("div");
    who.appendChild(el("span", claim.claimant.name || claim.claimant.text || "unnamed", "who"));
    who.appendChild(el("span", ` (${claim.claimant.kind}${claim.claimant.side ? ", " + claim.claimant.side : ""}) `));
    who.appendChild(el("span", `${claim.stance} ${claim.event.type}${claim.event.agent_side ? " by " + claim.event.agent_side : ""}`));
    item.appendChild(who);
    if (claim.hedges.length) item.appendChild(el("div", `hedged: ${claim.hedges.join(", ")}`, "meta"));
    item.appendChild(highlighted(claim));
    const meta = el("div", `${claim.time.start || claim.published || "undated"} · ${claim.source || "unknown source"} · `, "meta");
    const link = el("a", claim.title || "the document");
    link.href = `/static/document.html?id=${encodeURIComponent(claim.doc_id)}`;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    meta.appendChild(link);
    item.appendChild(meta);
    list.appendChild(item);
  }
}

async function ingest(event, map) {
  event.preventDefault();
  const result = document.getElementById("ingest-result");
  const body = {
    text: document.getElementById("ingest-text").value,
    source: document.getElementById("ingest-source").value || null,
    published: document.getElementById("ingest-date").value || null,
  };
  const response = await fetch("/api/documents", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${document.getElementById("ingest-token").value}` },
    body: JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) {
    result.textContent = `refused (${response.status}): ${typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail)}`;
    return;
  }
  result.textContent = data.outcomes.map((o) => `${o.status}${o.error ? ": " + o.error : ""} (${o.claims} claims)`).join("; ");
  await setUpDays();
  await loadPlaces(map);
}

async function setUpDays() {
  state.meta = await getJSON("/api/meta");
  const first = Date.parse(state.meta.first || state.meta.today), last = Date.parse(state.meta.last || state.meta.today);
  state.days = [];
  for (let t = first; t <= last; t += DAY_MS) state.days.push(isoDay(t));
  const slider = document.getElementById("day");
  slider.max = String(Math.max(0, state.days.length - 1));
  slider.value = slider.max;
}

async function main() {
  const map = L.map("map", { preferCanvas: false }).setView([48.5, 35], 6);
  L.control.scale({ imperial: false }).addTo(map);
  drawGraticule(map);
  await setUpDays();
  const tiles = L.tileLayer(state.meta.tiles, { maxZoom: 17, attribution: "© OpenStreetMap contributors" });
  tiles.on("tileerror", () => {
    state.tileErrors += 1;
    if (!state.tileLoads) document.getElementById("offline").hidden = false;
  });
  tiles.on("tileload", () => { state.tileLoads += 1; document.getElementById("offline").hidden = true; });
  tiles.addTo(map);
  setTimeout(() => { if (!state.tileLoads) document.getElementById("offline").hidden = false; }, 4000);
  state.layer = L.layerGroup().addTo(map);
  if (state.meta.overlay) {
    const box = document.getElementById("show-overlay");
    state.overlay = L.geoJSON(await getJSON("/api/overlay"), { style: { color: "#c0392b", weight: 1, fillOpacity: 0.12 }, interactive: false });
    box.disabled = false; box.checked = true;
    state.overlay.addTo(map);
    box.addEventListener("change", () => (box.checked ? state.overlay.addTo(map) : state.overlay.remove()));
  }
  let timer = null;
  document.getElementById("day").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => loadPlaces(map), 120);
  });
  document.getElementById("play").addEventListener("click", async () => {
    const slider = document.getElementById("day");
    for (let i = 0; i < state.days.length; i += 1) {
      slider.value = String(i);
      await loadPlaces(map);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  });
  document.getElementById("ingest-form").addEventListener("submit", (event) => ingest(event, map));
  await loadPlaces(map);
  document.body.setAttribute("data-ready", "true");
}

main();
