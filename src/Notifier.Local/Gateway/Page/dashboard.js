// The dashboard: wires the live event stream to the feed and the charts, and runs the views on the right.
import { byId, count, stage, readJson } from "./dom.js";
import { LiveEvents } from "./live-events.js";
import { Feed } from "./feed.js";
import { Charts } from "./charts.js";
import { Connections } from "./connections.js";
import { Topics } from "./topics.js";
import { Send } from "./send.js";
import { PublishDetail } from "./publish-detail.js";
import { ConnectAsUser } from "./connect-as-user.js";

const TABS = ["charts", "connections", "topics", "send", "connect"];

byId("gateway-url").textContent = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/${stage()}`;

const detail = new PublishDetail();
const feed = new Feed({ onPublishClick: (publishId) => detail.open(publishId) });
const charts = new Charts((point) => {
  byId("count").textContent = count(point.connections);
  byId("stat-published").textContent = count(point.published);
  byId("stat-delivered").textContent = count(point.delivered);
  byId("stat-failures").textContent = count((point.gone ?? 0) + (point.throttled ?? 0) + (point.failed ?? 0));
});
const connections = new Connections((n) => { byId("count").textContent = count(n); });
const topics = new Topics();
const send = new Send();
new ConnectAsUser(send);

// Tabs: one view at a time on the right; the chosen one is kept in the address (#connections...).
let currentTab = "charts";
function showTab(name) {
  currentTab = TABS.includes(name) ? name : "charts";
  for (const tab of TABS) {
    byId(`tab-${tab}`).setAttribute("aria-selected", String(tab === currentTab));
    byId(`view-${tab}`).hidden = tab !== currentTab;
  }
  if (location.hash.slice(1) !== currentTab) history.replaceState(null, "", `#${currentTab}`);
  refreshView();
}
for (const tab of TABS) byId(`tab-${tab}`).addEventListener("click", () => showTab(tab));

/** Reads what the shown view lists; the feed and the charts are pushed, these lists are read when shown and after events. */
function refreshView() {
  if (currentTab === "connections") connections.refresh();
  else if (currentTab === "topics") topics.refresh();
  else if (currentTab === "charts") refreshTotals();
}

async function refreshTotals() {
  try {
    const response = await fetch("/_local/delivery");
    if (!response.ok) return;
    const totals = await response.json();
    for (const [name, value] of Object.entries(totals)) {
      const cell = byId(`delivery-${name}`);
      if (cell) cell.textContent = count(value);
    }
  } catch { /* the gateway is restarting; the next refresh shows the counts */ }
}

let refreshQueued = false;
/** A view's list changes with connects, disconnects, messages (subscriptions) and publishes: read it again, at most every 250 ms. */
function viewChanged() {
  if (refreshQueued) return;
  refreshQueued = true;
  setTimeout(() => { refreshQueued = false; refreshView(); }, 250);
}

async function loadMetrics() {
  try {
    const response = await fetch("/_local/metrics");
    const body = await readJson(response);
    if (response.ok && Array.isArray(body.points)) charts.load(body.points);
  } catch { /* the stream's points fill the charts from now on */ }
}

const live = new LiveEvents("/_local/events", {
  onEvent: (event) => {
    feed.add(event);
    viewChanged();
  },
  onMetrics: (point) => charts.add(point),
  onDropped: (n) => feed.notice(`${count(n)} events were dropped: the page fell behind the gateway.`),
  onRestart: () => { feed.notice("The gateway restarted."); loadMetrics(); },
  onOpen: () => loadMetrics(),
  onState: (state) => {
    const indicator = byId("live-status");
    indicator.dataset.state = state;
    indicator.textContent = state;
  },
});

showTab(location.hash.slice(1));
live.start();
// The lists' ages ("connected for", "last active") and the totals move with time, not only with events.
setInterval(refreshView, 2000);
