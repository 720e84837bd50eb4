// The live feed: one row per gateway event, newest on top, with filters and a pause button.
import { byId, element, clockTime, count } from "./dom.js";

/** Rows kept on the page; older ones are removed as new ones come. */
const MAX_ROWS = 1000;

/** How each kind is labelled in its badge. */
const LABELS = {
  handshake: "handshake", connect: "$connect", disconnect: "$disconnect", message: "message",
  publish: "publish", shard: "shard", management: "management", notice: "notice",
};

export class Feed {
  /** @param {{ onPublishClick: (publishId: string) => void }} options */
  constructor({ onPublishClick }) {
    this.onPublishClick = onPublishClick;
    this.list = byId("feed");
    this.entries = [];            // {event, row} oldest first
    this.pending = [];            // events that came while paused
    this.pendingCount = 0;
    this.incoming = [];           // events shown at the next frame
    this.flushScheduled = false;
    this.paused = false;
    this.publishRows = new Map(); // publishId -> the publish row's progress span
    this.filters = { user: "", connection: "", topic: "", kinds: new Set() };
    this.readFilters();

    byId("feed-filters").addEventListener("input", () => { this.readFilters(); this.applyFilters(); });
    byId("feed-filters").addEventListener("submit", (event) => event.preventDefault());
    byId("pause-button").addEventListener("click", () => this.setPaused(!this.paused));
    byId("clear-button").addEventListener("click", () => this.clear());
    this.list.addEventListener("click", (event) => this.clicked(event));
    this.list.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") this.clicked(event); });
  }

  /** A gateway event, shown now or kept until the feed is resumed. */
  add(event) {
    if (this.paused) {
      this.pending.push(event);
      if (this.pending.length > MAX_ROWS) this.pending.shift();
      this.pendingCount += 1;
      byId("feed-pending").textContent = count(this.pendingCount);
      return;
    }
    this.show(event);
  }

  /** A line of the page's own (events dropped, gateway restarted): never filtered out. */
  notice(text) {
    this.add({ id: -1, time: new Date().toISOString(), kind: "notice", text });
  }

  setPaused(paused) {
    this.paused = paused;
    const button = byId("pause-button");
    button.textContent = paused ? "Resume" : "Pause";
    button.setAttribute("aria-pressed", String(paused));
    byId("feed-paused").hidden = !paused;
    this.pendingCount = 0;
    byId("feed-pending").textContent = "0";
    if (!paused) {
      const waiting = this.pending;
      this.pending = [];
      for (const event of waiting) this.show(event);
    }
  }

  clear() {
    this.incoming = [];
    this.entries = [];
    this.publishRows.clear();
    this.list.replaceChildren();
    this.updateCounts();
  }

  /** Queues an event for the next frame: a burst of events costs one layout, not one per event. */
  show(event) {
    this.incoming.push(event);
    if (this.incoming.length > MAX_ROWS) this.incoming.shift();
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  flush() {
    this.flushScheduled = false;
    const events = this.incoming;
    this.incoming = [];
    const rows = document.createDocumentFragment();
    for (const event of events) {
      if (event.kind === "shard") this.updateProgress(event);
      const row = this.render(event);
      row.hidden = !this.matches(event);
      this.entries.push({ event, row });
      rows.prepend(row);
    }
    this.list.prepend(rows);
    while (this.entries.length > MAX_ROWS) {
      const { event: old, row: oldRow } = this.entries.shift();
      oldRow.remove();
      if (old.kind === "publish") this.publishRows.delete(old.publishId);
    }
    this.updateCounts();
  }

  readFilters() {
    this.filters.user = byId("filter-user").value.trim();
    this.filters.connection = byId("filter-connection").value.trim();
    this.filters.topic = byId("filter-topic").value.trim();
    this.filters.kinds = new Set([...byId("filter-kinds").querySelectorAll("input:checked")].map((input) => input.value));
  }

  applyFilters() {
    for (const { event, row } of this.entries) row.hidden = !this.matches(event);
    this.updateCounts();
  }

  matches(event) {
    if (event.kind === "notice") return true;
    if (!this.filters.kinds.has(event.kind)) return false;
    const target = event.target ?? {};
    const has = (filter, ...values) => !filter || values.some((value) => typeof value === "string" && value.includes(filter));
    return has(this.filters.user, event.userId, target.kind === "user" ? target.value : null)
      && has(this.filters.connection, event.connectionId, target.kind === "connection" ? target.value : null)
      && has(this.filters.topic, event.topic, target.kind === "topic" ? target.value : null);
  }

  updateCounts() {
    const shown = this.entries.filter((entry) => !entry.row.hidden).length;
    byId("feed-shown").textContent = count(shown);
    byId("feed-empty").hidden = this.entries.length > 0;
  }

  clicked(event) {
    const row = event.target.closest("li[data-publish-id]");
    if (row && row.dataset.kind === "publish") {
      event.preventDefault();
      this.onPublishClick(row.dataset.publishId);
    }
  }

  /** A sharded publish's row sums its shards' counts as they finish (its own event has none). */
  updateProgress(shard) {
    const publish = this.publishRows.get(shard.publishId);
    if (!publish) return;
    const sums = publish.event;
    for (const name of ["recipients", "delivered", "gone", "throttled", "failed"]) sums[name] = (sums[name] ?? 0) + (shard[name] ?? 0);
    publish.done = Math.max(publish.done, shard.done ?? 0);
    const { tone, text } = describe(sums);
    publish.row.className = `event ${tone}`;
    publish.text.textContent = text;
    publish.progress.textContent = ` · shards ${publish.done}/${shard.total ?? sums.shards}`;
  }

  render(event) {
    const { tone, text } = describe(event);
    const row = element("li", {
      class: `event ${tone}`,
      "data-testid": "feed-event",
      "data-kind": event.kind,
      "data-event-id": event.id,
      "data-user-id": event.userId,
      "data-connection-id": event.connectionId,
      "data-publish-id": event.publishId,
      "data-allowed": event.kind === "handshake" ? String(Boolean(event.allowed)) : null,
      "data-status": event.status,
    },
    element("time", { class: "time", datetime: event.time }, clockTime(event.time)),
    element("span", { class: "badge" }, LABELS[event.kind] ?? event.kind),
    element("span", { class: "body" },
      who(event) ? element("span", { class: "who" }, who(event)) : null,
      element("span", { class: "text" }, text)));
    if (event.kind === "publish") {
      row.tabIndex = 0;
      row.setAttribute("role", "button");
      row.title = "Show the message and the outcome per connection";
      const text = row.querySelector(".text");
      const progress = element("span", { class: "progress" }, event.shards ? ` · shards 0/${event.shards}` : "");
      text.after(progress);
      this.publishRows.set(event.publishId, { row, text, progress, done: 0, event: { ...event } });
    }
    return row;
  }
}

/** "alice · Jk3…" for the event's user and connection, as far as known. */
function who(event) {
  const parts = [];
  if (event.userId) parts.push(event.userId);
  if (event.connectionId) parts.push(event.connectionId);
  return parts.join(" · ");
}

/** The row's tone (ok, warn, bad) and its one line of text. */
function describe(event) {
  const status = event.status;
  const reason = event.reason ? ` — ${event.reason}` : "";
  switch (event.kind) {
    case "handshake":
      return event.allowed
        ? { tone: "ok", text: `accepted ${status}${event.subprotocol ? ` (${event.subprotocol})` : ""} from ${event.sourceIp ?? "?"}` }
        : { tone: "bad", text: `refused ${status}${reason} from ${event.sourceIp ?? "?"}` };
    case "connect":
      return { tone: status < 300 ? "ok" : "bad", text: `${status}${reason}` };
    case "disconnect":
      return { tone: status === 1000 || status === 1001 ? "ok" : "warn", text: `close ${status}${reason}` };
    case "message": {
      const route = event.route ?? "$default";
      const action = event.action ? ` (${event.action})` : "";
      const reply = event.reply ? ` → ${event.reply}` : " → no reply";
      return { tone: status < 400 ? "ok" : "bad", text: `${route}${action} ${status}: ${event.body ?? ""}${reply}` };
    }
    case "publish": {
      const to = targetText(event.target);
      const failures = (event.gone ?? 0) + (event.throttled ?? 0) + (event.failed ?? 0);
      return {
        tone: status >= 400 ? "bad" : failures > 0 ? "warn" : "ok",
        text: `→ ${to} · ${status} · ${count(event.recipients)} recipients: ${count(event.delivered)} delivered, `
          + `${count(event.gone)} gone, ${count(event.throttled)} throttled, ${count(event.failed)} failed · ${formatMs(event.durationMs)}`,
      };
    }
    case "shard": {
      const failures = (event.gone ?? 0) + (event.throttled ?? 0) + (event.failed ?? 0);
      return {
        tone: failures > 0 ? "warn" : "ok",
        text: `${event.done}/${event.total} of ${event.publishId}: ${count(event.recipients)} recipients, ${count(event.delivered)} delivered, `
          + `${count(event.gone)} gone, ${count(event.throttled)} throttled, ${count(event.failed)} failed`,
      };
    }
    case "management":
      return { tone: status < 400 ? "ok" : "bad", text: `${event.method} @connections/${event.connectionId ?? ""} → ${status}` };
    case "notice":
      return { tone: "warn", text: event.text };
    default:
      return { tone: "", text: JSON.stringify(event) };
  }
}

/** Whom a publish addressed, in words. */
export function targetText(target) {
  if (!target) return "(a request that could not be read)";
  if (target.kind === "broadcast") return "everyone";
  if (target.kind === "users") return target.value ?? "users";
  return `${target.kind} ${target.value ?? ""}`;
}

const formatMs = (ms) => (typeof ms === "number" ? `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms` : "");
