import type { NetworkStatus, Timers } from "../src/environment.js";
import { NotifierClient } from "../src/notifierClient.js";
import type {
  ConnectionState, MessageMeta, NotifierClientOptions, NotifierError, NotifierEvents, SocketLike, StreamGap, StreamStorage, TokenReason,
} from "../src/options.js";

/** A manual clock: timers run only when a test advances time, so no test waits in real time. */
export class FakeClock implements Timers {
  now = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order, with promise callbacks in between. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      await flush();
      const due = [...this.pending].filter(([, timer]) => timer.at <= target).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = target;
    await flush();
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

export class FakeNetwork implements NetworkStatus {
  online = true;
  private readonly listeners = new Set<(online: boolean) => void>();

  watch(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(online: boolean): void {
    this.online = online;
    for (const listener of this.listeners) listener(online);
  }
}

/** Stands in for the browser's WebSocket; the test plays the server. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  protocol = "";
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: { action: string; [key: string]: unknown }[] = [];
  closedWith: { code: number | undefined; reason: string | undefined } | undefined;

  constructor(readonly url: string, readonly protocols?: string | string[]) {}

  get token(): string | null {
    return new URL(this.url).searchParams.get("token");
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    this.sent.push(JSON.parse(data));
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** The handshake succeeds; the server chooses `protocol`, by default notifier.v1 when it was asked for. */
  open(protocol?: string): void {
    this.protocol = protocol ?? ([this.protocols ?? []].flat().includes("notifier.v1") ? "notifier.v1" : "");
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }

  /** The server closes the connection (a DELETE, a limit) or refuses the handshake (before open). */
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: "" });
  }
}

export interface Harness {
  client: NotifierClient;
  clock: FakeClock;
  network: FakeNetwork;
  sockets: FakeSocket[];
  tokenReasons: TokenReason[];
  states: ConnectionState[];
  messages: unknown[];
  /** The meta of every message, in the same order. */
  metas: MessageMeta[];
  gaps: StreamGap[];
  errors: NotifierError[];
  /** The newest socket. */
  readonly last: FakeSocket;
}

/** A client over fakes, with everything it emits recorded; tokens are `token-1`, `token-2`, ... */
export function harness(options: Partial<NotifierClientOptions> = {}): Harness {
  const clock = new FakeClock();
  const network = new FakeNetwork();
  const sockets: FakeSocket[] = [];
  const tokenReasons: TokenReason[] = [];
  const client = new NotifierClient({
    url: "wss://ws.example.com/prod",
    getToken: async ({ reason }) => {
      tokenReasons.push(reason);
      return `token-${tokenReasons.length}`;
    },
    WebSocket: class extends FakeSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    },
    timers: clock,
    network,
    random: () => 0.5,
    ...options,
  });
  const h: Harness = {
    client, clock, network, sockets, tokenReasons, states: [], messages: [], metas: [], gaps: [], errors: [],
    get last() {
      const socket = sockets[sockets.length - 1];
      if (!socket) throw new Error("no socket was created");
      return socket;
    },
  };
  client.on("state", (state) => h.states.push(state));
  client.on("message", (data, meta) => {
    h.messages.push(data);
    h.metas.push(meta);
  });
  client.on("gap", (gap) => h.gaps.push(gap));
  client.on("error", (error) => h.errors.push(error));
  return h;
}

/** Connects and opens the first socket. */
export async function connected(options: Partial<NotifierClientOptions> = {}): Promise<Harness> {
  const h = harness(options);
  h.client.connect();
  await flush();
  h.last.open();
  return h;
}

/** Deterministic numbers in [0, 1) (mulberry32), so jitter tests are repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const minutes = (n: number): number => n * 60_000;

/** Watches `client.on` from now on: how many listeners are on each event, and how many were ever added. */
export function trackListeners(client: NotifierClient): { live(event: keyof NotifierEvents): number; readonly added: number } {
  const live = new Map<keyof NotifierEvents, number>();
  let added = 0;
  const on = client.on.bind(client);
  client.on = ((event, listener) => {
    const stop = on(event, listener);
    added++;
    live.set(event, (live.get(event) ?? 0) + 1);
    let stopped = false;
    return () => {
      if (!stopped) live.set(event, (live.get(event) ?? 0) - 1);
      stopped = true;
      stop();
    };
  }) as NotifierClient["on"];
  return {
    live: (event) => live.get(event) ?? 0,
    get added() {
      return added;
    },
  };
}

/** A notifier.v1 envelope: message `seq` of `stream` (by default `{ n: seq }` of alice's stream), with an id derived from both. */
export function envelope(seq: number, stream = "user:alice", message: unknown = { n: seq }): object {
  return { type: "notification", id: `${stream}#${seq}`, stream, seq, message };
}

/** `sessionStorage` as far as the client uses it. */
export class MemoryStorage implements StreamStorage {
  readonly items = new Map<string, string>();

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}
