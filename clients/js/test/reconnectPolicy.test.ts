import assert from "node:assert/strict";
import { test } from "node:test";
import { ReconnectPolicy } from "../src/reconnectPolicy.js";
import { seededRandom } from "./fakes.js";

test("ceilings double from the base up to the cap", () => {
  const policy = new ReconnectPolicy({ baseMs: 1_000, capMs: 30_000 });
  const ceilings = Array.from({ length: 8 }, (_, attempt) => policy.ceilingMs(attempt));
  assert.deepEqual(ceilings, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
});

test("delays are the random share of the ceiling (full jitter)", () => {
  const draws = [0, 0.5, 0.25, 0.999];
  const policy = new ReconnectPolicy({ baseMs: 100, capMs: 10_000 }, () => draws.shift()!);
  assert.deepEqual([0, 1, 2, 3].map((attempt) => policy.delayMs(attempt)), [0, 100, 100, 799]);
});

test("jittered delays stay in [0, ceiling) and spread over it", () => {
  const policy = new ReconnectPolicy({ baseMs: 1_000, capMs: 30_000 }, seededRandom(42));
  for (let attempt = 0; attempt < 10; attempt++) {
    const ceiling = policy.ceilingMs(attempt);
    const delays = Array.from({ length: 500 }, () => policy.delayMs(attempt));
    assert.ok(delays.every((delay) => delay >= 0 && delay < ceiling), `attempt ${attempt} left [0, ${ceiling})`);
    assert.ok(Math.min(...delays) < ceiling * 0.05 && Math.max(...delays) > ceiling * 0.95, `attempt ${attempt} did not spread`);
  }
});

test("a huge attempt number stays at the cap", () => {
  assert.equal(new ReconnectPolicy({ capMs: 5_000 }).ceilingMs(10_000), 5_000);
});

test("defaults: 1 s base, 30 s cap, stable after a minute", () => {
  const policy = new ReconnectPolicy();
  assert.deepEqual([policy.baseMs, policy.capMs, policy.stableAfterMs], [1_000, 30_000, 60_000]);
});

test("non-positive settings are refused", () => {
  assert.throws(() => new ReconnectPolicy({ baseMs: 0 }), RangeError);
  assert.throws(() => new ReconnectPolicy({ capMs: -1 }), RangeError);
  assert.throws(() => new ReconnectPolicy({ stableAfterMs: Number.NaN }), RangeError);
});
