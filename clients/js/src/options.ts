import type { NetworkStatus, Timers } from "./environment.js";
import type { ReconnectPolicy, ReconnectPolicyOptions } from "./reconnectPolicy.js";

/** Where the client is: `connecting` (first attempt), `open`, `reconnecting` (lost it, trying again), `closed` (by `close()`). */
export type ConnectionState = "connecting" | "open" | "reconnecting" | "closed";

/**
 * Why the client asks for a token: the first `connect`, a `reconnect` after a drop, `refused` after a
 * handshake the server turned down (the token may have expired or been revoked: fetch a fresh one), or
 * `expiring` before the proactive reconnect ahead of API Gateway's two-hour limit.
 */
export type TokenReason = "connect" | "reconnect" | "refused" | "expiring";

/** What `new WebSocket(...)` returns, as far as the client uses it (browsers, `ws`, and fakes in tests fit). */
export interface SocketLike {
  readonly readyState: number;
  /** The subprotocol the server chose once open (`""` for none). */
  readonly protocol?: string;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketConstructor = new (url: string, protocols?: string | string[]) => SocketLike;

export interface NotifierClientOptions {
  /** The WebSocket API's URL, e.g. `wss://ws.example.com/prod`; the token is added as the `token` query parameter. */
  url: string;
  /** Called before every connection attempt, so an expired token is replaced. Never logged. */
  getToken(request: { reason: TokenReason }): string | Promise<string>;
  /** Backoff between attempts: a {@link ReconnectPolicy} or its options. */
  reconnect?: ReconnectPolicy | ReconnectPolicyOptions;
  /** A `ping` goes out after this long without sending anything, below API Gateway's 10-minute idle timeout. Default 540,000 (9 min). */
  keepAliveMs?: number;
  /** A connection that answers no ping within this long is taken for dead and replaced. Default 10,000. */
  pongTimeoutMs?: number;
  /** The connection is replaced after this long plus a random share of `maxConnectionJitterMs`, before API Gateway's 2-hour limit. Default 6,600,000 (110 min). */
  maxConnectionMs?: number;
  /** Spreads the proactive reconnects of a fleet that connected together. Default 540,000 (9 min). */
  maxConnectionJitterMs?: number;
  /** How long `whoami`, `subscribe` and `unsubscribe` wait for the server's reply once sent. Default 10,000. */
  requestTimeoutMs?: number;
  /** WebSocket subprotocols to ask for, besides `notifier.v1` (see `envelopes`). */
  protocols?: string | string[];
  /**
   * Ask for the `notifier.v1` subprotocol (default true): notifications come in envelopes with an id and,
   * for a user's or a topic's messages, the stream and its number, so the client drops repeats, restores
   * the order and resumes every stream after a reconnect. `false` receives the bare messages.
   */
  envelopes?: boolean;
  /** How long a notification that arrived ahead of a missing one waits for it before the client resumes that stream. Default 1,000. */
  gapTimeoutMs?: number;
  /** Keeps the last number of every stream (e.g. `sessionStorage`), so a reloaded page resumes where it left off. */
  storage?: StreamStorage;
  /** The key under which `storage` keeps them. Default `notifier.streams`. */
  storageKey?: string;
  /** The WebSocket constructor; defaults to the global one (pass `ws` in Node.js). */
  WebSocket?: SocketConstructor;
  /** For tests: the timers, random source and network status the client uses. */
  timers?: Timers;
  random?: () => number;
  network?: NetworkStatus;
}

/** What an `error` event carries: a failed token fetch, an error frame from the server, a subscription the server refused. */
export interface NotifierError {
  kind: "token" | "server" | "subscription";
  message: string;
  action?: string;
  topic?: string;
  cause?: unknown;
}

/** Where a message comes from: its id, and its stream and number in it (none for a send to one connection or a broadcast, nothing at all without envelopes). */
export interface MessageMeta {
  id?: string;
  stream?: string;
  seq?: number;
}

/** Some messages of `stream` numbered after `after` up to `last` expired before this client got them: it delivers none of that range and goes on with `last + 1`. */
export interface StreamGap {
  stream: string;
  after: number;
  last: number;
}

/** What can keep the streams' last numbers: `sessionStorage`, `localStorage`, or anything with these two methods. */
export interface StreamStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface NotifierEvents {
  [name: string]: unknown[];
  /** A notification: the published JSON, parsed (text that is not JSON arrives as the string), and where it comes from. */
  message: [data: unknown, meta: MessageMeta];
  /** Some of a stream's messages expired before a resume could fetch them: fetch them from the application. */
  gap: [gap: StreamGap];
  state: [state: ConnectionState, previous: ConnectionState];
  error: [error: NotifierError];
}

export interface WhoAmI {
  connectionId: string;
  userId: string;
}
