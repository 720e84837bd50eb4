import type { Timers } from "./environment.js";
import type { NotifierError, WhoAmI } from "./options.js";
import { PendingRequests } from "./pendingRequests.js";
import type { ControlFrame } from "./protocol.js";

const topicPattern = /^[A-Za-z0-9_.:/@-]{1,256}$/;

/**
 * The request/reply side of the protocol: `whoami`, and the topic subscriptions the client keeps across
 * connections (every new connection starts with none on the server, so the set is sent again on open).
 */
export class Requests {
  readonly topics = new Set<string>();
  private readonly pending: PendingRequests;

  constructor(
    timers: Timers,
    timeoutMs: number,
    private readonly send: (frame: { action: string; topic?: string }) => boolean,
    private readonly reportError: (error: NotifierError) => void,
  ) {
    this.pending = new PendingRequests(timers, timeoutMs);
  }

  whoami(): Promise<WhoAmI> {
    const reply = this.pending.wait<WhoAmI>("whoami");
    if (this.send({ action: "whoami" })) this.pending.sent("whoami");
    else this.pending.settle("whoami", { error: new Error("not connected") });
    return reply;
  }

  subscribe(topic: string): Promise<void> {
    if (!topicPattern.test(topic)) return Promise.reject(new RangeError(`"${topic}" is not a topic name`));
    this.topics.add(topic);
    const reply = this.pending.wait<void>(`subscribe ${topic}`);
    if (this.send({ action: "subscribe", topic })) this.pending.sent(`subscribe ${topic}`);
    return reply;
  }

  unsubscribe(topic: string): Promise<void> {
    this.topics.delete(topic);
    this.pending.settle(`subscribe ${topic}`, { error: new Error(`unsubscribed from ${topic} before the server confirmed it`) });
    const reply = this.pending.wait<void>(`unsubscribe ${topic}`);
    // Not connected: the next connection starts without the topic, which is what was asked.
    if (this.send({ action: "unsubscribe", topic })) this.pending.sent(`unsubscribe ${topic}`);
    else this.pending.settle(`unsubscribe ${topic}`, { value: undefined });
    return reply;
  }

  /** A new connection is open: ask for every topic again. */
  restore(): void {
    for (const topic of this.topics) {
      if (this.send({ action: "subscribe", topic })) this.pending.sent(`subscribe ${topic}`);
    }
  }

  /** The connection is gone: a lost `whoami` fails, a lost `unsubscribe` is done, a lost `subscribe` waits for the next connection. */
  connectionLost(): void {
    this.pending.connectionLost((key) =>
      key === "whoami"
        ? { error: new Error("the connection closed before the server replied") }
        : key.startsWith("unsubscribe ")
          ? { value: undefined }
          : undefined,
    );
  }

  closed(): void {
    this.pending.failAll(new Error("the client was closed"));
  }

  handle(frame: ControlFrame): void {
    switch (frame.type) {
      case "pong":
        return;
      case "whoami":
        this.pending.settle("whoami", { value: { connectionId: frame.connectionId, userId: frame.userId } });
        return;
      case "subscribed":
      case "unsubscribed":
        this.pending.settle(`${frame.type.slice(0, -1)} ${frame.topic}`, { value: undefined });
        return;
      case "error":
        this.refused(frame);
    }
  }

  private refused(frame: { message: string; action?: string; topic?: string }): void {
    const { action, topic, message } = frame;
    const isTopicRequest = (action === "subscribe" || action === "unsubscribe") && topic !== undefined;
    if (isTopicRequest && action === "subscribe") this.topics.delete(topic);
    const answered = isTopicRequest && this.pending.settle(`${action} ${topic}`, { error: new Error(message) });
    if (!answered) {
      this.reportError({
        kind: isTopicRequest ? "subscription" : "server",
        message,
        ...(action === undefined ? {} : { action }),
        ...(topic === undefined ? {} : { topic }),
      });
    }
  }
}
