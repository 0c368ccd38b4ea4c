// The hookgate dashboard: polls the admin API every few seconds and redraws three tables.
// The token is asked for once (or taken from the URL fragment `#token=…`) and kept in
// sessionStorage; it is sent as a bearer header and never put in a query string.
"use strict";

const POLL_MS = 3000;
const SPARK_POINTS = 30;
const TOKEN_KEY = "hookgate-admin-token";
const samples = new Map(); // handler → [{t, read}], for the throughput sparkline

function token() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get("token")) {
    sessionStorage.setItem(TOKEN_KEY, fragment.get("token"));
    history.replaceState(null, "", location.pathname + location.search);
  }
  let value = sessionStorage.getItem(TOKEN_KEY);
  if (value === null) {
    value = prompt("hookgate admin token (HOOKGATE_ADMIN_TOKEN)") || "";
    sessionStorage.setItem(TOKEN_KEY, value);
  }
  return value;
}

async function api(path, options = {}) {
  const headers = { Authorization: "Bearer " + token() };
  if (options.body) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { ...options, headers });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw new Error("the token was refused; reload to enter another");
  }
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (name === "onclick") node.addEventListener("click", value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function cell(text, className) {
  return element("td", className ? { class: className, text: String(text) } : { text: String(text) });
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : "";
}

function sparkline(name, readTotal) {
  const now = Date.now();
  const points = samples.get(name) || [];
  points.push({ t: now, read: readTotal });
  while (points.length > SPARK_POINTS + 1) points.shift();
  samples.set(name, points);
  const rates = [];
  for (let i = 1; i < points.length; i++) {
    const seconds = Math.max(0.001, (points[i].t - points[i - 1].t) / 1000);
    rates.push(Math.max(0, (points[i].read - points[i - 1].read) / seconds));
  }
  const width = 120, height = 24;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "sparkline");
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const max = Math.max(1, ...rates);
  const step = width / Math.max(1, SPARK_POINTS - 1);
  const coordinates = rates.map((rate, i) =>
    `${(i * step).toFixed(1)},${(height - 1 - (rate / max) * (height - 2)).toFixed(1)}`);
  const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  line.setAttribute("points", coordinates.join(" ") || `0,${height - 1}`);
  svg.append(line);
  const last = rates.length ? rates[rates.length - 1] : 0;
  const wrapper = element("span", { class: "throughput", title: "jobs read per second" }, svg);
  wrapper.append(" " + last.toFixed(1) + "/s");
  return wrapper;
}

async function pauseOrResume(handler, paused) {
  await api(`/admin/handlers/${encodeURIComponent(handler)}/${paused ? "resume" : "pause"}`,
    { method: "POST", body: JSON.stringify({ reason: "paused from the dashboard" }) });
  refresh();
}

function drawHandlers(items) {
  const body = document.querySelector("#handlers tbody");
  body.replaceChildren(...items.map((h) => {
    const backlog = h.backlog.queued + h.backlog.retrying;
    return element("tr", { "data-handler": h.name },
      element("td", {}, element("code", { class: "handler-name", text: h.name })),
      element("td", {}, element("span", { class: `health health-${h.health}`, text: h.health })),
      cell(backlog, "number backlog"),
      cell(h.in_flight, "number in-flight"),
      cell(h.backlog.retrying, "number retrying"),
      cell(h.backlog.dead, "number dead"),
      element("td", {}, sparkline(h.name, h.read_total)),
      cell(h.rate_limit || "—"),
      cell(h.last_error || "", "error"),
      element("td", {}, element("button", {
        type: "button", text: h.paused ? "Resume" : "Pause",
        onclick: () => pauseOrResume(h.name, h.paused !== null).catch(showError),
      })));
  }));
}

function drawEvents(items) {
  const body = document.querySelector("#events tbody");
  body.replaceChildren(...items.map((e) => {
    const deliveries = element("td", { class: "deliveries" });
    for (const d of e.deliveries) {
      const label = `${d.handler}: ${d.state}${d.attempts ? ` (${d.attempts})` : ""}`;
      deliveries.append(element("span", { class: `delivery state state-${d.state}`, title: d.last_error || "", text: label }));
    }
    if (!e.deliveries.length) deliveries.append(element("span", { class: "muted", text: "unrouted" }));
    return element("tr", { "data-event-id": e.id },
      element("td", {}, element("code", { class: "event-id", text: e.id })),
      cell(time(e.accepted_at)),
      cell(`${e.tenant} / ${e.source}`),
      cell(e.type),
      element("td", {}, element("span", { class: `state state-${e.status}`, text: e.status })),
      deliveries,
      element("td", {}, element("button", {
        type: "button", text: "Replay",
        onclick: () => api(`/admin/events/${encodeURIComponent(e.id)}/replay`, { method: "POST" })
          .then(refresh, showError),
      })));
  }));
}

function drawDeadLetters(items) {
  const body = document.querySelector("#dead-letters tbody");
  body.replaceChildren(...items.map((d) => element("tr", { "data-dead-letter": d.id },
    element("td", {}, element("code", { text: d.handler })),
    element("td", {}, element("code", { class: "event-id", text: d.event_id || "" })),
    cell(time(d.dead_at)),
    cell(d.attempts ?? "", "number"),
    cell(d.last_error || "", "error"),
    element("td", {}, element("button", {
      type: "button", text: "Replay",
      onclick: () => api("/admin/dead-letters/replay",
        { method: "POST", body: JSON.stringify({ handler: d.handler, ids: [d.id] }) })
        .then(refresh, showError),
    })))));
  if (!items.length) {
    body.append(element("tr", {}, element("td", { colspan: "6", class: "muted", text: "none" })));
  }
}

function showError(error) {
  const status = document.getElementById("status");
  status.textContent = "error: " + error.message;
  status.className = "error";
}

async function refresh() {
  try {
    const [handlers, events, dead] = await Promise.all([
      api("/admin/handlers"), api("/admin/events?limit=25"), api("/admin/dead-letters?limit=25"),
    ]);
    drawHandlers(handlers.items);
    drawEvents(events.items);
    drawDeadLetters(dead.items);
    const status = document.getElementById("status");
    status.textContent = "updated " + new Date().toLocaleTimeString();
    status.className = "muted";
    document.body.dataset.loaded = "true";
  } catch (error) {
    showError(error);
  }
}

document.getElementById("forget-token").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  token();
  refresh();
});
refresh();
setInterval(refresh, POLL_MS);
