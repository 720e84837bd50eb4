/** Settings of {@link ReconnectPolicy}; every field has a default. */
export interface ReconnectPolicyOptions {
  /** Upper bound of the first delay, in ms. Default 1,000. */
  baseMs?: number;
  /** No delay is ever longer than this, in ms. Default 30,000. */
  capMs?: number;
  /** A connection that stays open this long resets the backoff, in ms. Default 60,000. */
  stableAfterMs?: number;
}

/**
 * Exponential backoff with full jitter: the delay before reconnect attempt `n` (0-based) is uniform in
 * `[0, min(capMs, baseMs * 2^n))`.
 *
 * Full jitter spreads a fleet of clients that lost their connections at the same moment (a deploy, a
 * network blip) over the whole window instead of bringing them back in waves. The counter is reset by
 * the client once a connection has stayed open for `stableAfterMs`, so a connection that opens and
 * drops at once keeps backing off (a refused token, a server closing every new socket).
 */
export class ReconnectPolicy {
  readonly baseMs: number;
  readonly capMs: number;
  readonly stableAfterMs: number;

  constructor(options: ReconnectPolicyOptions = {}, private readonly random: () => number = Math.random) {
    this.baseMs = positive(options.baseMs ?? 1_000, "baseMs");
    this.capMs = positive(options.capMs ?? 30_000, "capMs");
    this.stableAfterMs = positive(options.stableAfterMs ?? 60_000, "stableAfterMs");
  }

  /** The upper bound of the delay before attempt `attempt`: `min(capMs, baseMs * 2^attempt)`. */
  ceilingMs(attempt: number): number {
    return Math.min(this.capMs, this.baseMs * 2 ** Math.min(attempt, 52));
  }

  /** The delay before attempt `attempt`, drawn uniformly below {@link ceilingMs}. */
  delayMs(attempt: number): number {
    return Math.floor(this.random() * this.ceilingMs(attempt));
  }
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number of ms`);
  return value;
}
