// The gateway's event stream (GET /_local/events, Server-Sent Events): feed events and the once-a-second metrics point.

/** The feed event kinds the gateway sends. */
export const FEED_KINDS = ["handshake", "connect", "disconnect", "message", "publish", "shard", "management"];

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;

/**
 * Keeps one EventSource open. The browser reconnects it after a dropped stream by itself; when the gateway answers
 * with an error (it was restarting), EventSource gives up, so this opens a new one with a growing delay.
 * On every (re)open the gateway replays its recent events: those already seen are skipped by id, unless the ids
 * started again (a restarted gateway), which a newer time for a lower id tells.
 */
export class LiveEvents {
  /**
   * @param {{ onEvent: (e) => void, onMetrics: (point) => void, onDropped: (count: number) => void,
   *           onState: (state: "connecting"|"live"|"reconnecting") => void, onOpen: () => void, onRestart: () => void }} handlers
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.lastId = -1;
    this.lastTime = "";
    this.retryMs = RETRY_MIN_MS;
    this.source = null;
  }

  start() {
    this.handlers.onState("connecting");
    this.open();
  }

  open() {
    const source = new EventSource(this.url);
    this.source = source;
    source.addEventListener("open", () => {
      this.retryMs = RETRY_MIN_MS;
      this.handlers.onState("live");
      this.handlers.onOpen();
    });
    source.addEventListener("error", () => {
      this.handlers.onState("reconnecting");
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(() => { if (this.source === source) this.open(); }, this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      }
    });
    for (const kind of FEED_KINDS) source.addEventListener(kind, (message) => this.feedEvent(message));
    source.addEventListener("metrics", (message) => {
      const point = parse(message.data);
      if (point) this.handlers.onMetrics(point);
    });
    source.addEventListener("dropped", (message) => this.handlers.onDropped(parse(message.data)?.count ?? 0));
  }

  feedEvent(message) {
    const event = parse(message.data);
    if (!event || typeof event.id !== "number") return;
    if (event.id <= this.lastId) {
      if (!(String(event.time) > this.lastTime)) return;
      this.handlers.onRestart();
    }
    this.lastId = event.id;
    this.lastTime = String(event.time);
    this.handlers.onEvent(event);
  }
}

function parse(data) {
  try { return JSON.parse(data); } catch { return null; }
}
