import { Emitter } from "./emitter.js";
import { browserNetwork, systemTimers, type NetworkStatus, type Timers } from "./environment.js";
import type {
  ConnectionState, NotifierClientOptions, NotifierEvents, SocketConstructor, SocketLike, TokenReason, WhoAmI,
} from "./options.js";
import { classify } from "./protocol.js";
import { ReconnectPolicy } from "./reconnectPolicy.js";
import { Requests } from "./requests.js";
import { Streams } from "./streams.js";

/** The subprotocol in which notifications come in numbered envelopes and streams can be resumed. */
const envelopeProtocol = "notifier.v1";

type TimerName = "retry" | "keepAlive" | "pong" | "rotate" | "stable";

/**
 * A WebSocket to Notifier that stays connected: it reconnects with backoff, pings before API Gateway's
 * idle timeout, replaces the connection before the two-hour limit, waits while the device is offline,
 * and restores its topic subscriptions on every new connection. With `notifier.v1` (the default) it also
 * resumes the user's and the topics' streams on every new connection, so nothing sent meanwhile is missed,
 * and delivers each stream's messages once and in order.
 */
export class NotifierClient {
  private readonly events = new Emitter<NotifierEvents>();
  private readonly requests: Requests;
  private readonly streams: Streams;
  private readonly policy: ReconnectPolicy;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly network: NetworkStatus;
  private readonly Socket: SocketConstructor;
  private readonly handles: { [K in TimerName]?: unknown } = {};
  private current: SocketLike | undefined;
  private attempt: SocketLike | undefined;
  private attempting = false;
  private generation = 0;
  private failures = 0;
  private opened = false;
  /** Whether the current connection speaks notifier.v1 (the server chose it). */
  private enveloped = false;
  private running = false;
  private stateValue: ConnectionState = "closed";
  private unwatchNetwork: (() => void) | undefined;

  constructor(private readonly options: NotifierClientOptions) {
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.network = options.network ?? browserNetwork;
    this.policy = options.reconnect instanceof ReconnectPolicy ? options.reconnect : new ReconnectPolicy(options.reconnect, this.random);
    const Socket = options.WebSocket ?? (globalThis as { WebSocket?: SocketConstructor }).WebSocket;
    if (!Socket) throw new TypeError("no WebSocket implementation: pass options.WebSocket");
    this.Socket = Socket;
    this.requests = new Requests(this.timers, options.requestTimeoutMs ?? 10_000, (frame) => this.sendFrame(frame), (error) => this.events.emit("error", error));
    this.streams = new Streams(
      this.timers,
      options.gapTimeoutMs ?? 1_000,
      (message, meta) => this.events.emit("message", message, meta),
      (gap) => this.events.emit("gap", gap),
      (streams) => this.sendFrame({ action: "resume", streams }),
      options.storage,
      options.storageKey ?? "notifier.streams",
    );
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** The topics this client asks for on every connection. */
  get topics(): ReadonlySet<string> {
    return this.requests.topics;
  }

  on<K extends keyof NotifierEvents>(event: K, listener: (...args: NotifierEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Starts connecting; from here on the client reconnects by itself until {@link close}. */
  connect(): void {
    if (this.running) return;
    this.running = true;
    this.opened = false;
    this.failures = 0;
    this.unwatchNetwork = this.network.watch((online) => (online ? this.backOnline() : this.wentOffline()));
    void this.startAttempt("connect");
  }

  /** Closes the connection for good: no reconnect follows, and waiting requests fail. */
  close(): void {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    this.unwatchNetwork?.();
    for (const name of Object.keys(this.handles) as TimerName[]) this.clear(name);
    for (const socket of [this.current, this.attempt]) if (socket) this.discard(socket, 1000, "client closed");
    this.current = this.attempt = undefined;
    this.attempting = false;
    this.requests.closed();
    this.streams.stop();
    this.setState("closed");
  }

  /** Sends `{"action": action, ...data}`; false when not connected. */
  send(action: string, data?: { [key: string]: unknown }): boolean {
    return this.sendFrame({ ...data, action });
  }

  whoami(): Promise<WhoAmI> {
    return this.requests.whoami();
  }

  /** Resolves when the server confirms; rejects on its error frame (the topic is then dropped). Restored on every reconnect. */
  subscribe(topic: string): Promise<void> {
    const reply = this.requests.subscribe(topic);
    // A topic read before (by this page, or by the one before a reload): fetch what was sent since.
    if (this.enveloped) this.streams.resume((stream) => stream === topic);
    return reply;
  }

  unsubscribe(topic: string): Promise<void> {
    this.streams.forget(topic);
    return this.requests.unsubscribe(topic);
  }

  private async startAttempt(reason: TokenReason): Promise<void> {
    if (!this.running || this.attempting) return;
    if (!this.current) this.setState(this.opened ? "reconnecting" : "connecting");
    if (!this.network.online) return; // backOnline() starts it
    this.attempting = true;
    const generation = this.generation;
    let token: string;
    try {
      token = await this.options.getToken({ reason });
    } catch (cause) {
      if (generation !== this.generation) return;
      this.attempting = false;
      this.events.emit("error", { kind: "token", message: "getToken failed", cause });
      this.retry("reconnect");
      return;
    }
    if (generation !== this.generation) return;
    const url = new URL(this.options.url);
    url.searchParams.set("token", token);
    const { protocols, envelopes } = this.options;
    const asked = envelopes === false ? protocols : [...new Set([envelopeProtocol, ...[protocols ?? []].flat()])];
    const socket = new this.Socket(url.toString(), asked);
    this.attempt = socket;
    socket.onopen = () => this.adopt(socket);
    socket.onmessage = (event) => this.current === socket && this.receive(event.data);
    socket.onerror = null;
    socket.onclose = () => {
      if (socket === this.attempt) {
        // A browser does not show why a handshake failed; a refused token is the likely cause, so ask for a fresh one.
        this.attempt = undefined;
        this.attempting = false;
        this.retry("refused");
      } else if (socket === this.current) {
        this.lost();
      }
    };
  }

  private adopt(socket: SocketLike): void {
    const previous = this.current;
    this.attempt = undefined;
    this.attempting = false;
    this.current = socket;
    this.opened = true;
    this.clear("retry");
    if (previous) {
      this.discard(previous, 1000, "replaced");
      this.requests.connectionLost();
    }
    this.touch();
    this.schedule("stable", this.policy.stableAfterMs, () => (this.failures = 0));
    const maxMs = (this.options.maxConnectionMs ?? 110 * 60_000) + this.random() * (this.options.maxConnectionJitterMs ?? 9 * 60_000);
    this.schedule("rotate", maxMs, () => void this.startAttempt("expiring"));
    this.requests.restore();
    // A server that does not speak notifier.v1 sends bare messages and knows no resume.
    this.enveloped = socket.protocol === envelopeProtocol;
    if (this.enveloped) {
      this.streams.opened();
      // After the subscriptions: what a topic gets after the resume was read comes live, and one lost in between
      // shows as a gap when the next arrives.
      this.streams.resume((stream) => stream.startsWith("user:") || this.topics.has(stream));
      // The user's own stream is named after the user id, which only the server knows: its whoami reply starts it.
      if (!this.streams.knows((stream) => stream.startsWith("user:"))) this.sendFrame({ action: "whoami" });
    }
    this.setState("open");
  }

  private lost(): void {
    if (this.current) this.discard(this.current);
    this.current = undefined;
    for (const name of ["keepAlive", "pong", "rotate", "stable"] as const) this.clear(name);
    this.requests.connectionLost();
    this.setState("reconnecting");
    if (!this.attempting && this.handles.retry === undefined) this.retry("reconnect");
  }

  private retry(reason: TokenReason): void {
    this.schedule("retry", this.policy.delayMs(this.failures++), () => void this.startAttempt(reason));
  }

  private wentOffline(): void {
    // Quiet while offline: no attempts, no pings; an open socket is kept in case it survives.
    for (const name of ["retry", "keepAlive", "pong"] as const) this.clear(name);
  }

  private backOnline(): void {
    if (this.current) this.ping();
    else {
      this.clear("retry");
      void this.startAttempt("reconnect");
    }
  }

  private receive(data: unknown): void {
    this.clear("pong");
    const incoming = classify(String(data), this.enveloped);
    if ("resumed" in incoming) this.streams.resumed(incoming.resumed);
    else if ("control" in incoming) {
      const frame = incoming.control;
      // A topic refused (to subscribe, or to resume) is not read any more.
      if (frame.type === "error" && frame.topic !== undefined && frame.action !== "unsubscribe") this.streams.forget(frame.topic);
      // A resume that stopped part way (out of time, a failed post) goes on from what it delivered.
      else if (frame.type === "error" && frame.action === "resume") this.streams.resumeFailed();
      // A stream followed from now on: where it stands is learned, so a reconnect resumes it even if nothing of it arrives first.
      else if (this.enveloped && frame.type === "whoami") this.streams.follow(`user:${frame.userId}`);
      else if (this.enveloped && frame.type === "subscribed" && this.topics.has(frame.topic)) this.streams.follow(frame.topic);
      this.requests.handle(frame);
    } else this.streams.receive(incoming.notification, incoming.meta ?? {});
  }

  private ping(): void {
    if (!this.sendFrame({ action: "ping" })) return;
    // A connection that does not answer is dead even if the browser has not noticed (sleep, a changed network).
    this.schedule("pong", this.options.pongTimeoutMs ?? 10_000, () => this.lost());
  }

  private sendFrame(frame: { action: string; [key: string]: unknown }): boolean {
    const socket = this.current;
    if (!socket || socket.readyState !== 1) return false;
    socket.send(JSON.stringify(frame));
    this.touch();
    return true;
  }

  /** Something was sent: API Gateway's idle clock restarts, and so does ours. */
  private touch(): void {
    if (this.network.online) this.schedule("keepAlive", this.options.keepAliveMs ?? 9 * 60_000, () => this.ping());
  }

  private discard(socket: SocketLike, code?: number, reason?: string): void {
    socket.onopen = socket.onclose = socket.onmessage = socket.onerror = null;
    try {
      socket.close(code ?? 4000, reason ?? "unresponsive");
    } catch {
      // Closing a socket that is already closing cannot fail in a way that matters.
    }
  }

  private setState(state: ConnectionState): void {
    const previous = this.stateValue;
    if (state === previous) return;
    this.stateValue = state;
    this.events.emit("state", state, previous);
  }

  private schedule(name: TimerName, ms: number, callback: () => void): void {
    this.clear(name);
    this.handles[name] = this.timers.setTimeout(() => {
      delete this.handles[name];
      callback();
    }, ms);
  }

  private clear(name: TimerName): void {
    if (this.handles[name] === undefined) return;
    this.timers.clearTimeout(this.handles[name]);
    delete this.handles[name];
  }
}
