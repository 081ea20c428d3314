/* tidings explorer: one page over the read-only HTTP API.
 *
 * The state of the page is its URL: the filters (and the open event, the table page) live in the query
 * string, so copying the address shares the view.  Every view reads the same filters and asks the API;
 * nothing is computed here that the API could get wrong differently.  Text from the store is inserted
 * with textContent, never as HTML.
 *
 * Each view sets data-count (how many items it drew) and data-state="ready" on its container when it has
 * rendered: the end-to-end test waits on those, and a user never sees them.
 */
(function () {
  "use strict";

  const FILTERS = ["q", "type", "quad", "actor", "recipient", "country", "place", "since", "until", "modality"];
  const QUAD_ORDER = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"];
  const QUAD_COLOR = {
    verbal_cooperation: "#7cc49a",
    material_cooperation: "#2d7a55",
    verbal_conflict: "#f0a04b",
    material_conflict: "#d1373f",
  };
  const QUAD_LABEL = {
    verbal_cooperation: "verbal cooperation",
    material_cooperation: "material cooperation",
    verbal_conflict: "verbal conflict",
    material_conflict: "material conflict",
  };
  const PAGE = 50;
  const NETWORK_NODES = 40;

  const state = { filters: {}, offset: 0, event: null };
  const views = {};

  // ---- helpers ------------------------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "style") node.style.cssText = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function quadColor(q) {
    return QUAD_COLOR[q] || "#888";
  }

  /** Colour of a mean quad code (1..4): green for cooperation through red for conflict. */
  function meanQuadColor(m) {
    const t = Math.max(0, Math.min(1, ((m || 2.5) - 1) / 3));
    return d3.interpolateRgbBasis([QUAD_COLOR.material_cooperation, "#a9cf8c", "#f5c05a", QUAD_COLOR.material_conflict])(t);
  }

  function loading(id) {
    const node = document.getElementById(id);
    node.dataset.state = "loading";
    return node;
  }

  function ready(node, count) {
    node.dataset.count = String(count);
    node.dataset.state = "ready";
  }

  function actorLabel(a) {
    const who = a.name || a.text;
    const code = [a.code, a.sector].filter(Boolean).join(" ");
    return code && code !== "UNK" ? `${who} (${code})` : who;
  }

  function filterParams(extra, omit) {
    const p = new URLSearchParams();
    for (const k of FILTERS) {
      if (state.filters[k] && !(omit || []).includes(k)) p.set(k, state.filters[k]);
    }
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return p;
  }

  async function api(path, params) {
    const url = params && [...params].length ? `${path}?${params}` : path;
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    if (!res.ok) {
      let message = `${res.status} ${res.statusText}`;
      try {
        const body = await res.json();
        if (Array.isArray(body.detail)) {
          message = body.detail.map((d) => `${(d.loc || []).slice(-1)[0]}: ${d.msg}`).join("; ");
        } else if (body.detail) message = body.detail;
      } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    return res.json();
  }

  function showError(err) {
    const box = document.getElementById("error");
    if (!err) { box.hidden = true; box.textContent = ""; return; }
    box.hidden = false;
    box.textContent = `Could not load: ${err.message || err}`;
  }

  // ---- URL state ----------------------------------------------------------------------------------

  function readUrl() {
    const p = new URLSearchParams(location.search);
    state.filters = {};
    for (const k of FILTERS) if (p.get(k)) state.filters[k] = p.get(k);
    state.offset = Math.max(0, parseInt(p.get("offset") || "0", 10) || 0);
    state.event = p.get("event");
  }

  function writeUrl(replace) {
    const p = filterParams();
    if (state.offset) p.set("offset", state.offset);
    if (state.event) p.set("event", state.event);
    const url = `${location.pathname}${[...p].length ? "?" + p : ""}`;
    if (replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
  }

  function syncForm() {
    const form = document.getElementById("filters");
    for (const k of FILTERS) if (form.elements[k]) form.elements[k].value = state.filters[k] || "";
  }

  function setFilters(changes) {
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === undefined || v === "") delete state.filters[k];
      else state.filters[k] = v;
    }
    state.offset = 0;
    writeUrl(false);
    syncForm();
    refresh();
  }

  // ---- summary ------------------------------------------------------------------------------------

  function renderSummary(page) {
    const box = document.getElementById("summary");
    box.replaceChildren();
    const n = Object.keys(state.filters).length;
    box.append(el("strong", {}, page.total.toLocaleString()), ` event${page.total === 1 ? "" : "s"}`);
    if (n) {
      box.append(" matching ");
      for (const [k, v] of Object.entries(state.filters)) {
        box.append(
          el("button", { class: "chip", type: "button", title: "remove this filter", onclick: () => setFilters({ [k]: null }) },
            `${k}: ${v} ×`)
        );
      }
    }
  }

  // ---- timeline -----------------------------------------------------------------------------------

  function renderLegend() {
    const legend = document.getElementById("legend");
    legend.replaceChildren(
      ...QUAD_ORDER.map((q) =>
        el("button", { type: "button", class: "key", title: `filter on ${QUAD_LABEL[q]}`, onclick: () => setFilters({ quad: state.filters.quad === q ? null : q }) },
          el("i", { style: `background:${quadColor(q)}` }), QUAD_LABEL[q])
      )
    );
  }

  function addInterval(date, interval) {
    const d = new Date(date);
    if (interval === "day") d.setUTCDate(d.getUTCDate() + 1);
    else if (interval === "week") d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
    return d;
  }

  const isoDay = (d) => d.toISOString().slice(0, 10);

  async function loadTimeline() {
    const node = loading("timeline");
    // The timeline shows the whole span of the other filters, so the brush can widen a date range too.
    const data = await api("/api/timeline", filterParams({}, ["since", "until"]));
    node.replaceChildren();
    const width = node.clientWidth || 900;
    const height = node.clientHeight || 150;
    const margin = { top: 8, right: 16, bottom: 22, left: 34 };
    const svg = d3.select(node).append("svg").attr("width", width).attr("height", height);
    if (!data.buckets.length) {
      svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
        .attr("class", "empty").text("No dated events match these filters.");
      ready(node, 0);
      return;
    }
    const periods = new Map();
    for (const b of data.buckets) {
      if (!periods.has(b.period)) periods.set(b.period, { period: b.period });
      periods.get(b.period)[b.quad] = b.count;
    }
    const rows = [...periods.values()].map((r) => {
      for (const q of QUAD_ORDER) r[q] = r[q] || 0;
      r.date = new Date(r.period + "T00:00:00Z");
      return r;
    });
    const first = rows[0].date;
    const end = addInterval(rows[rows.length - 1].date, data.interval);
    const x = d3.scaleUtc().domain([first, end]).range([margin.left, width - margin.right]);
    const stacked = d3.stack().keys(QUAD_ORDER)(rows);
    const maxY = d3.max(rows, (r) => QUAD_ORDER.reduce((s, q) => s + r[q], 0));
    const y = d3.scaleLinear().domain([0, maxY]).nice().range([height - margin.bottom, margin.top]);

    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 90))).tickSizeOuter(0));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
      .call(d3.axisLeft(y).ticks(4).tickFormat(d3.format("~s")));

    let bars = 0;
    svg.append("g").selectAll("g").data(stacked).join("g").attr("fill", (s) => quadColor(s.key))
      .selectAll("rect").data((s) => s.filter((d) => d[1] > d[0])).join("rect")
      .attr("class", "bar")
      .attr("x", (d) => x(d.data.date) + 0.5)
      .attr("width", (d) => Math.max(2, x(addInterval(d.data.date, data.interval)) - x(d.data.date) - 1))
      .attr("y", (d) => y(d[1]))
      .attr("height", (d) => Math.max(0, y(d[0]) - y(d[1])))
      .each(() => { bars += 1; })
      .append("title").text(function (d) {
        const key = this.parentNode.parentNode.__data__.key;
        return `${d.data.period} (${data.interval}): ${d[1] - d[0]} ${QUAD_LABEL[key]}`;
      });

    const brush = d3.brushX()
      .extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
      .on("end", (event) => {
        if (!event.sourceEvent) return; // moved by code, not by the user
        if (!event.selection) { setFilters({ since: null, until: null }); return; }
        const [a, b] = event.selection.map(x.invert);
        const last = new Date(b.getTime() - 1);
        setFilters({ since: isoDay(a), until: isoDay(last < a ? a : last) });
      });
    const gb = svg.append("g").attr("class", "brush").call(brush);
    if (state.filters.since || state.filters.until) {
      const a = state.filters.since ? new Date(state.filters.since + "T00:00:00Z") : first;
      const b = state.filters.until ? addInterval(new Date(state.filters.until + "T00:00:00Z"), "day") : end;
      const sel = [Math.max(margin.left, x(a)), Math.min(width - margin.right, x(b))];
      if (sel[1] > sel[0]) gb.call(brush.move, sel);
    }
    ready(node, bars);
  }

  // ---- map ----------------------------------------------------------------------------------------

  /** world-atlas rings cross the antimeridian (fine on d3's sphere, a stripe across a flat map):
   *  shift each point by 360° where needed so that every ring stays continuous. */
  function unwrapAntimeridian(geometry) {
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        for (let i = 1; i < ring.length; i++) {
          const d = ring[i][0] - ring[i - 1][0];
          if (d > 180) ring[i][0] -= 360;
          else if (d < -180) ring[i][0] += 360;
        }
      }
    }
  }

  async function initMap() {
    const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 9, zoomSnap: 0.5 }).setView([25, 15], 1.5);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Country shapes: Natural Earth via world-atlas");
    const topo = await api("/vendor/world-atlas/countries-110m.json");
    const countries = topojson.feature(topo, topo.objects.countries);
    countries.features = countries.features.filter((f) => f.id !== "010"); // Antarctica: empty, and large
    for (const f of countries.features) unwrapAntimeridian(f.geometry);
    L.geoJSON(countries, {
      interactive: false,
      style: { fillColor: "#f3f0e8", fillOpacity: 1, color: "#c9c2b1", weight: 0.7 },
    }).addTo(map);
    const clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 36,
      iconCreateFunction: (cluster) => {
        const counts = {};
        for (const m of cluster.getAllChildMarkers()) counts[m.options.quad] = (counts[m.options.quad] || 0) + 1;
        const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
        const n = cluster.getChildCount();
        const size = n < 10 ? 28 : n < 100 ? 34 : 42;
        return L.divIcon({
          html: `<div style="background:${quadColor(top)}"><span>${n}</span></div>`,
          className: "cluster",
          iconSize: L.point(size, size),
        });
      },
    });
    clusters.addTo(map);
    views.map = { map, clusters };
  }

  async function loadMap() {
    const node = loading("map");
    if (!views.map) await initMap();
    const { map, clusters } = views.map;
    const fc = await api("/api/places", filterParams({ limit: 5000 }));
    clusters.clearLayers();
    const markers = fc.features.map((f) => {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      const m = L.circleMarker([lat, lon], {
        radius: 7, quad: p.quad, fillColor: quadColor(p.quad), fillOpacity: 0.92, color: "#fff", weight: 1.5,
      });
      m.bindTooltip(`${p.event} · ${p.place || ""} · ${p.date}`);
      m.on("click", () => openEvent(p.event_id));
      return m;
    });
    clusters.addLayers(markers);
    let note = node.querySelector(".map-note");
    if (!note) {
      note = el("div", { class: "map-note" });
      node.append(note);
    }
    note.textContent = markers.length ? "" : "No located events match these filters.";
    note.hidden = markers.length > 0;
    if (markers.length) {
      const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
      map.fitBounds(bounds.pad(0.25), { maxZoom: 5, animate: false });
    }
    ready(node, markers.length);
  }

  // ---- network ------------------------------------------------------------------------------------

  async function loadNetwork() {
    const node = loading("network");
    const [actors, dyads] = await Promise.all([api("/api/actors", filterParams({ limit: 200 })), api("/api/dyads", filterParams())]);
    const datalist = document.getElementById("actor-list");
    datalist.replaceChildren(...actors.map((a) => el("option", { value: a.key })));

    // The most frequent actors, and the dyads among them: a readable graph, not a hairball.  Actors
    // without any dyad are left out when there are dyads to show (the table lists their events).
    const top = new Set(actors.slice(0, NETWORK_NODES).map((a) => a.key));
    const edges = new Map();
    for (const d of dyads) {
      if (!top.has(d.actor) || !top.has(d.recipient)) continue;
      const id = `${d.actor}\u241f${d.recipient}`;
      const e = edges.get(id) || { source: d.actor, target: d.recipient, count: 0, quadSum: 0 };
      e.count += d.count;
      e.quadSum += d.mean_quad * d.count;
      edges.set(id, e);
    }
    const linked = new Set([...edges.values()].flatMap((e) => [e.source, e.target]));
    const nodes = new Map(
      actors.filter((a) => top.has(a.key) && (!edges.size || linked.has(a.key))).map((a) => [a.key, a])
    );
    const maxTotal = d3.max([...nodes.values()], (a) => a.total) || 1;
    const maxCount = d3.max([...edges.values()], (e) => e.count) || 1;
    const size = d3.scaleSqrt().domain([1, maxTotal]).range([18, 54]);
    const width = d3.scaleSqrt().domain([1, maxCount]).range([1.5, 9]);
    const elements = [
      ...[...nodes.values()].map((a) => ({
        data: {
          id: a.key, label: a.key, size: size(a.total), color: meanQuadColor(a.mean_quad),
          tip: `${a.key}: ${a.total} events`,
        },
      })),
      ...[...edges.entries()].map(([id, e]) => ({
        data: {
          id, source: e.source, target: e.target, width: width(e.count),
          color: meanQuadColor(e.quadSum / e.count), count: e.count,
        },
      })),
    ];
    if (views.cy) views.cy.destroy();
    node.replaceChildren();
    if (!nodes.size) {
      node.append(el("p", { class: "empty" }, "No actors match these filters."));
      ready(node, 0);
      return;
    }
    const cy = cytoscape({
      container: node,
      elements,
      wheelSensitivity: 0.3,
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        {
          selector: "node",
          style: {
            width: "data(size)", height: "data(size)", "background-color": "data(color)", label: "data(label)",
            "font-size": 13, "font-family": "Inter, system-ui, sans-serif", color: "#2b2d33",
            "text-valign": "bottom", "text-margin-y": 3, "text-outline-color": "#fff", "text-outline-width": 2,
            "border-width": 1.5, "border-color": "#fff",
          },
        },
        {
          selector: "edge",
          style: {
            width: "data(width)", "line-color": "data(color)", "target-arrow-color": "data(color)",
            "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.8, "arrow-scale": 0.8,
          },
        },
        { selector: "node:selected", style: { "border-color": "#1f3b73", "border-width": 3 } },
      ],
      layout: {
        name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
        nodeRepulsion: () => 16000, idealEdgeLength: () => 70, componentSpacing: 40, padding: 20,
      },
    });
    // A big graph is fitted at a small zoom: keep labels, nodes and edges readable on screen.
    const k = Math.min(2.5, 1 / Math.max(cy.zoom(), 0.05));
    if (k > 1) {
      cy.nodes().forEach((n) => { n.style({ width: n.data("size") * Math.sqrt(k), height: n.data("size") * Math.sqrt(k) }); });
      cy.edges().forEach((e) => { e.style({ width: e.data("width") * Math.sqrt(k) }); });
      cy.style().selector("node").style({ "font-size": 13 * k, "text-outline-width": 2 * k }).update();
    }
    cy.on("tap", "node", (evt) => setFilters({ actor: evt.target.id() }));
    for (const key of [state.filters.actor, state.filters.recipient]) {
      if (key && nodes.has(key)) cy.getElementById(key).select();
    }
    views.cy = cy;
    ready(node, nodes.size);
  }

  // ---- table --------------------------------------------------------------------------------------

  function sentenceCell(ev) {
    const s = ev.sentence;
    const t0 = ev.trigger.start - ev.start;
    const t1 = ev.trigger.end - ev.start;
    if (t0 < 0 || t1 > s.length || s.slice(t0, t1) !== ev.trigger.text) return el("span", {}, s);
    return el("span", {}, s.slice(0, t0), el("b", {}, s.slice(t0, t1)), s.slice(t1));
  }

  function quadChip(ev) {
    return el("span", { class: "type", style: `--quad:${quadColor(ev.quad)}`, title: QUAD_LABEL[ev.quad] }, ev.event);
  }

  async function loadTable() {
    const node = loading("events");
    const page = await api("/api/events", filterParams({ limit: PAGE, offset: state.offset }));
    renderSummary(page);
    const body = node.querySelector("tbody");
    body.replaceChildren(
      ...page.items.map((ev) =>
        el("tr", { "data-id": ev.id, class: [ev.id === state.event ? "selected" : "", ev.quote_id ? "has-quote" : ""].join(" ").trim() || null, tabindex: "0",
          onclick: () => openEvent(ev.id), onkeydown: (e) => { if (e.key === "Enter") openEvent(ev.id); } },
          el("td", { class: "nowrap" }, ev.date),
          el("td", {}, quadChip(ev), ev.modality !== "asserted" ? el("span", { class: "modality" }, ev.modality) : null),
          el("td", {}, ev.actor.map(actorLabel).join(", ") || "—", el("span", { class: "arrow" }, " → "),
            ev.recipient.map(actorLabel).join(", ") || "—"),
          el("td", {}, ev.location ? ev.location.name || ev.location.text : ""),
          el("td", { class: "sentence" }, sentenceCell(ev), ev.quote_id ? el("span", { class: "quote-mark", title: "coded from a quote" }, " ❝") : null))
      )
    );
    if (!page.items.length) body.append(el("tr", {}, el("td", { colspan: 5, class: "empty" }, "No events match these filters.")));
    const pager = document.getElementById("pager");
    const from = page.total ? page.offset + 1 : 0;
    const to = page.offset + page.items.length;
    pager.replaceChildren(
      el("button", { type: "button", disabled: page.offset <= 0 ? "" : null, onclick: () => { state.offset = Math.max(0, state.offset - PAGE); writeUrl(false); loadTable().catch(showError); } }, "‹"),
      ` ${from}–${to} of ${page.total} `,
      el("button", { type: "button", disabled: to >= page.total ? "" : null, onclick: () => { state.offset += PAGE; writeUrl(false); loadTable().catch(showError); } }, "›")
    );
    ready(node, page.items.length);
  }

  // ---- event view ---------------------------------------------------------------------------------

  /** The document text with the event's sentence and trigger marked, built from text nodes. */
  function highlighted(text, sentence, trigger) {
    const out = el("div", { class: "doctext" });
    const cuts = [0, sentence.start, trigger.start, trigger.end, sentence.end, text.length]
      .map((c) => Math.max(0, Math.min(text.length, c)));
    const triggerInside = trigger.start >= sentence.start && trigger.end <= sentence.end;
    const before = text.slice(0, cuts[1]);
    const after = text.slice(cuts[4]);
    let mark;
    if (triggerInside) {
      mark = el("mark", { class: "sentence" }, text.slice(cuts[1], cuts[2]), el("mark", { class: "trigger" }, text.slice(cuts[2], cuts[3])), text.slice(cuts[3], cuts[4]));
    } else {
      mark = el("mark", { class: "sentence" }, text.slice(cuts[1], cuts[4]));
    }
    for (const [i, part] of before.split("\n").entries()) { if (i) out.append(el("br")); out.append(part); }
    out.append(mark);
    for (const [i, part] of after.split("\n").entries()) { if (i) out.append(el("br")); out.append(part); }
    return { out, mark };
  }

  async function openEvent(id, fromUrl) {
    state.event = id;
    if (!fromUrl) writeUrl(false);
    for (const tr of document.querySelectorAll("#events tbody tr")) tr.classList.toggle("selected", tr.dataset.id === id);
    const node = document.getElementById("detail");
    node.dataset.state = "loading";
    let d;
    try {
      d = await api(`/api/events/${encodeURIComponent(id)}`);
    } catch (err) {
      node.replaceChildren(el("p", { class: "placeholder" }, `Event ${id}: ${err.message}`));
      node.dataset.state = "ready";
      return;
    }
    const ev = d.event;
    const facts = [
      ["Quad", QUAD_LABEL[ev.quad]],
      ["Date", `${ev.date}${ev.date_precision !== "day" ? ` (${ev.date_precision})` : ""}${ev.date_text ? ` · “${ev.date_text}”` : ""}`],
      ["Actor", ev.actor.map(actorLabel).join(", ") || "—"],
      ["Recipient", ev.recipient.map(actorLabel).join(", ") || "—"],
      ["Place", ev.location ? [ev.location.name || ev.location.text, ev.location.country].filter(Boolean).join(", ") : "—"],
      ["Modality", ev.modality],
      ["Coded by", `${ev.rule} · confidence ${ev.confidence.toFixed(2)}${ev.lexicon_version ? ` · lexicon ${ev.lexicon_version}` : ""}`],
    ];
    if (ev.mode) facts.splice(1, 0, ["Mode", ev.mode]);
    if (ev.context && ev.context.length) facts.splice(2, 0, ["Context", ev.context.join(", ")]);
    const { out, mark } = highlighted(d.document.text, d.sentence, d.trigger);
    const doc = d.document;
    const parts = [
      el("div", { class: "detail-head" }, quadChip(ev), ev.modality !== "asserted" ? el("span", { class: "modality" }, ev.modality) : null,
        el("span", { class: "muted" }, ` ${ev.id}`)),
      el("dl", { class: "facts" }, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
      d.quote ? el("blockquote", { class: "quote" }, `“${d.quote.content.text}”`,
        el("footer", {}, "— ", d.quote.speaker ? actorLabel(d.quote.speaker) : "unattributed", d.quote.cue ? ` (${d.quote.cue.text})` : "")) : null,
      el("div", { class: "doc-head" },
        el("strong", {}, doc.title || "Untitled document"), el("span", { class: "muted" }, ` · ${doc.date}${doc.source ? " · " + doc.source : ""}`),
        doc.url && /^https?:\/\//i.test(doc.url) ? [" · ", el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank" }, "source")] : null),
      out,
    ];
    node.replaceChildren(...parts.filter(Boolean));
    node.dataset.eventId = ev.id;
    node.dataset.state = "ready";
    out.scrollTop = Math.max(0, mark.offsetTop - out.offsetTop - 40);
  }

  // ---- wiring -------------------------------------------------------------------------------------

  async function refresh() {
    showError(null);
    const jobs = [loadTable(), loadTimeline(), loadMap(), loadNetwork()];
    const results = await Promise.allSettled(jobs);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) showError(failed.reason);
  }

  async function init() {
    const codebook = await api("/api/codebook");
    const form = document.getElementById("filters");
    for (const t of Object.keys(codebook.event_types)) form.elements.type.append(el("option", { value: t }, t));
    for (const q of QUAD_ORDER) form.elements.quad.append(el("option", { value: q }, QUAD_LABEL[q]));
    renderLegend();
    readUrl();
    syncForm();
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const changes = {};
      for (const k of FILTERS) changes[k] = (form.elements[k].value || "").trim();
      setFilters(changes);
    });
    for (const name of ["type", "quad", "modality", "since", "until"]) {
      form.elements[name].addEventListener("change", () => setFilters({ [name]: form.elements[name].value }));
    }
    document.getElementById("reset").addEventListener("click", () => {
      state.filters = {};
      state.event = null;
      setFilters({});
    });
    window.addEventListener("popstate", () => {
      readUrl();
      syncForm();
      refresh();
      if (state.event) openEvent(state.event, true);
    });
    let resizeTimer;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => loadTimeline().catch(showError), 200);
    });
    await refresh();
    if (state.event) await openEvent(state.event, true);
  }

  init().catch(showError);
})();
