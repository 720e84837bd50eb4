import type { Timers } from "./environment.js";

type Outcome = { value: unknown } | { error: Error };

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer?: unknown;
}

/**
 * Requests waiting for the server's reply, keyed by what answers them (`whoami`, `subscribe orders/42`).
 * One reply settles every waiter of its key: subscribing twice to a topic is one subscription.
 * A waiter's timeout runs only while its request is on the wire, so a subscription asked for while
 * disconnected waits for the connection instead of failing.
 */
export class PendingRequests {
  private readonly waiters = new Map<string, Waiter[]>();

  constructor(private readonly timers: Timers, private readonly timeoutMs: number) {}

  wait<T>(key: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = { resolve: resolve as (value: unknown) => void, reject };
      const list = this.waiters.get(key) ?? [];
      list.push(waiter);
      this.waiters.set(key, list);
    });
  }

  /** Starts the timeout of every waiter of `key` (its request was just sent). */
  sent(key: string): void {
    for (const waiter of this.waiters.get(key) ?? []) this.arm(key, waiter);
  }

  settle(key: string, outcome: Outcome): boolean {
    const list = this.waiters.get(key);
    if (!list) return false;
    this.waiters.delete(key);
    for (const waiter of list) {
      this.timers.clearTimeout(waiter.timer);
      if ("error" in outcome) waiter.reject(outcome.error);
      else waiter.resolve(outcome.value);
    }
    return true;
  }

  /** The connection is gone: `outcome` settles a key's waiters, or (undefined) stops their timeouts until the request is resent. */
  connectionLost(outcome: (key: string) => Outcome | undefined): void {
    for (const [key, list] of [...this.waiters]) {
      const settled = outcome(key);
      if (settled) {
        this.settle(key, settled);
        continue;
      }
      for (const waiter of list) {
        this.timers.clearTimeout(waiter.timer);
        delete waiter.timer;
      }
    }
  }

  failAll(error: Error): void {
    for (const key of [...this.waiters.keys()]) this.settle(key, { error });
  }

  private arm(key: string, waiter: Waiter): void {
    this.timers.clearTimeout(waiter.timer);
    waiter.timer = this.timers.setTimeout(() => {
      const list = this.waiters.get(key)?.filter((other) => other !== waiter) ?? [];
      if (list.length > 0) this.waiters.set(key, list);
      else this.waiters.delete(key);
      waiter.reject(new Error(`no reply to ${key} within ${this.timeoutMs} ms`));
    }, this.timeoutMs);
  }
}
