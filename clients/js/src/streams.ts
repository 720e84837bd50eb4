import type { Timers } from "./environment.js";
import type { MessageMeta, StreamGap, StreamStorage } from "./options.js";
import type { ResumedStreams } from "./protocol.js";

type Held = [message: unknown, meta: MessageMeta];

/** How many message ids are remembered to drop repeats that carry no number, or a new one. */
const rememberedIds = 1_000;

/**
 * A number beyond any stream's: a resume from it sends nothing and answers the stream's last number, which is how
 * the client learns where a stream it has not received from yet stands.
 */
const beyond = Number.MAX_SAFE_INTEGER;

/**
 * Delivers each stream's messages once and in order. The server numbers every stream 1, 2, 3, ... without
 * gaps, but a message can arrive twice (a resume overlapping live delivery, a retried fan-out, two
 * connections during a planned reconnect) or ahead of an earlier one (concurrent publishes): a number at or
 * below the last delivered is a repeat, and one ahead waits `waitMs` for the missing ones before the
 * stream is resumed from the last delivered number.
 */
export class Streams {
  /** The last number delivered of every stream this client reads. */
  private readonly last = new Map<string, number>();
  private readonly held = new Map<string, Map<number, Held>>();
  private readonly waits = new Map<string, unknown>();
  /** The lowest number an unanswered resume asked from: a stream said to end below it was numbered again from 1. */
  private readonly asked = new Map<string, number>();
  /** Streams whose position is being learned (a resume from {@link beyond} is unanswered). */
  private readonly probes = new Set<string>();
  /**
   * Streams whose number was learned, with nothing of them delivered yet: the number says where a reconnect resumes, but a
   * message at or below it may still be on its way live (sent by a publish that numbered it before the answer was read),
   * so the first one to arrive is delivered as on a stream seen for the first time.
   */
  private readonly learned = new Set<string>();
  private readonly ids = new Set<string>();

  constructor(
    private readonly timers: Timers,
    private readonly waitMs: number,
    private readonly deliver: (message: unknown, meta: MessageMeta) => void,
    private readonly gap: (gap: StreamGap) => void,
    private readonly sendResume: (streams: { [stream: string]: number }) => boolean,
    private readonly storage: StreamStorage | undefined,
    private readonly key: string,
  ) {
    try {
      const saved = JSON.parse(storage?.getItem(key) ?? "{}") as { [stream: string]: unknown };
      for (const [stream, seq] of Object.entries(saved)) if (typeof seq === "number") this.last.set(stream, seq);
    } catch {
      // Unreadable or blocked storage: start afresh, as without it.
    }
  }

  receive(message: unknown, meta: MessageMeta): void {
    const { id, stream, seq } = meta;
    if (stream === undefined || seq === undefined) {
      // No number to go by, but a repeat (a retried fan-out) has the same id.
      if (this.seen(id)) return;
      this.deliver(message, meta);
      return;
    }
    // A stream seen for the first time starts where it is found: what came before was sent before this client read it.
    if (!this.last.has(stream) || (this.learned.has(stream) && seq <= this.last.get(stream)!)) this.last.set(stream, seq - 1);
    if (seq <= this.last.get(stream)!) return;
    let held = this.held.get(stream);
    if (!held) this.held.set(stream, (held = new Map()));
    held.set(seq, [message, meta]);
    this.drain(stream);
  }

  /** Asks the server for what followed the last delivered message of every stream `wanted` accepts. */
  resume(wanted: (stream: string) => boolean): void {
    const streams: { [stream: string]: number } = {};
    for (const [stream, seq] of this.last) if (wanted(stream)) streams[stream] = seq;
    if (Object.keys(streams).length === 0 || !this.sendResume(streams)) return;
    for (const [stream, seq] of Object.entries(streams)) this.asked.set(stream, Math.min(seq, this.asked.get(stream) ?? seq));
  }

  /**
   * Starts following `stream` (the user's own, once its id is known; a topic, once subscribed to) when this client has no
   * number for it yet: asks where it stands, so a reconnect resumes it from there even if nothing of it arrived meanwhile.
   * Alone in its resume, so the server's bound on one resume's messages never cuts it short.
   */
  follow(stream: string): void {
    if (this.last.has(stream) || this.probes.has(stream)) return;
    if (this.sendResume({ [stream]: beyond })) this.probes.add(stream);
  }

  /** Whether this client has a number for a stream `wanted` accepts. */
  knows(wanted: (stream: string) => boolean): boolean {
    return [...this.last.keys()].some(wanted);
  }

  /** A new connection: the questions asked on the previous one will not be answered. */
  opened(): void {
    this.probes.clear();
  }

  /** The server's answer to a resume, after every stored message it had for the streams. */
  resumed(streams: ResumedStreams): void {
    const again = new Set<string>();
    let progressed = false;
    for (const [stream, entry] of Object.entries(streams)) {
      const asked = this.asked.get(stream);
      const delivered = this.last.get(stream);
      this.asked.delete(stream);
      const last = entry?.last;
      if (this.probes.delete(stream)) {
        // Nothing arrived yet: the stream starts after its last number. Messages that arrived while the question was out
        // were delivered from their own number on; the rest up to the last number, if any, are fetched as for a gap.
        if (typeof last !== "number" || last >= beyond) continue;
        if (delivered === undefined) {
          this.moveTo(stream, last);
          this.learned.add(stream);
        } else if (delivered < last) this.resume((other) => other === stream);
        continue;
      }
      if (typeof last !== "number" || delivered === undefined) continue;
      if (asked !== undefined && last < asked) {
        // The stream ends below where this client already was: the server's history started again (a new store).
        this.held.delete(stream);
        this.moveTo(stream, last);
      } else if (entry?.complete === false && delivered < last) {
        this.passMissing(stream, last);
      }
      this.drain(stream);
      const now = this.last.get(stream);
      if (asked !== undefined && now !== undefined && now > asked) progressed = true;
      // Cut short by the server's bound on one resume: everything up to `last` arrived, and more may follow it.
      if (entry?.complete === false && now === last) again.add(stream);
    }
    // Only after progress, so a server that keeps answering the same never makes the client ask forever.
    if (progressed && again.size > 0) this.resume((stream) => again.has(stream));
  }

  /**
   * A resume ended with an error instead of `resumed` (it ran out of time, a post failed): what it sent was delivered,
   * and the streams it moved on are resumed again from there. One that did not move is left to the next gap or reconnect.
   */
  resumeFailed(): void {
    const moved = [...this.asked].filter(([stream, seq]) => (this.last.get(stream) ?? seq) > seq).map(([stream]) => stream);
    this.asked.clear();
    if (moved.length > 0) this.resume((stream) => moved.includes(stream));
  }

  /**
   * Some of what followed the last delivered number up to `last` expired (or could never be posted): each run of missing
   * numbers is reported as a gap for the application to fill, and the messages that did arrive are delivered between them.
   */
  private passMissing(stream: string, last: number): void {
    // A listener may forget the stream (unsubscribe) from a gap or a message: stop there.
    while (this.last.has(stream)) {
      const delivered = this.last.get(stream)!;
      if (delivered >= last) return;
      const held = this.held.get(stream);
      const to = Math.min(held && held.size > 0 ? Math.min(...held.keys()) - 1 : last, last);
      if (to > delivered) {
        this.moveTo(stream, to);
        this.gap({ stream, after: delivered, last: to });
      }
      this.drain(stream);
    }
  }

  /** Stops reading `stream` (a topic unsubscribed from or refused): no more resumes for it. */
  forget(stream: string): void {
    this.last.delete(stream);
    this.held.delete(stream);
    this.probes.delete(stream);
    this.learned.delete(stream);
    this.stopWaiting(stream);
    this.save();
  }

  stop(): void {
    for (const stream of [...this.waits.keys()]) this.stopWaiting(stream);
  }

  /** Delivers the held messages that follow on from the last delivered one; waits for a missing one if some are left. */
  private drain(stream: string): void {
    const held = this.held.get(stream);
    let last = this.last.get(stream)!;
    let next: Held | undefined;
    // A listener may forget the stream (unsubscribe) while its messages are delivered: stop there.
    while (held && this.held.get(stream) === held && (next = held.get(last + 1))) {
      held.delete(++last);
      this.moveTo(stream, last);
      this.learned.delete(stream);
      this.stopWaiting(stream);
      // A queued publish delivered twice is numbered twice, under one id: its number is used up, the message not repeated.
      if (!this.seen(next[1].id === undefined ? undefined : `${stream}\n${next[1].id}`)) this.deliver(...next);
    }
    if (this.held.get(stream) !== held) return;
    if (!held?.size) {
      this.held.delete(stream);
      this.stopWaiting(stream);
    } else if (!this.waits.has(stream)) {
      this.waits.set(stream, this.timers.setTimeout(() => {
        this.waits.delete(stream);
        this.resume((other) => other === stream);
      }, this.waitMs));
    }
  }

  /** Whether `key` was seen before; remembers it, and only the latest ones. */
  private seen(key: string | undefined): boolean {
    if (key === undefined) return false;
    if (this.ids.has(key)) return true;
    this.ids.add(key);
    if (this.ids.size > rememberedIds) this.ids.delete(this.ids.values().next().value as string);
    return false;
  }

  private moveTo(stream: string, seq: number): void {
    this.last.set(stream, seq);
    this.save();
  }

  private save(): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(Object.fromEntries(this.last)));
    } catch {
      // Full or blocked storage: resuming still works for as long as the page lives.
    }
  }

  private stopWaiting(stream: string): void {
    if (!this.waits.has(stream)) return;
    this.timers.clearTimeout(this.waits.get(stream));
    this.waits.delete(stream);
  }
}
