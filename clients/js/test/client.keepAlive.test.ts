import assert from "node:assert/strict";
import { test } from "node:test";
import { connected, minutes } from "./fakes.js";

const pings = (sent: { action: string }[]) => sent.filter((frame) => frame.action === "ping").length;

test("a ping goes out after nine quiet minutes, below API Gateway's ten-minute idle timeout", async () => {
  const h = await connected();
  await h.clock.advance(minutes(9) - 1);
  assert.equal(pings(h.last.sent), 0);
  await h.clock.advance(1);
  assert.equal(pings(h.last.sent), 1);
  h.last.receive({ type: "pong" });
  await h.clock.advance(minutes(9));
  assert.equal(pings(h.last.sent), 2);
});

test("anything sent restarts the keep-alive clock", async () => {
  const h = await connected({ keepAliveMs: 1_000 });
  await h.clock.advance(900);
  h.client.send("echo");
  await h.clock.advance(900);
  assert.equal(pings(h.last.sent), 0);
  await h.clock.advance(100);
  assert.equal(pings(h.last.sent), 1);
});

test("an unanswered ping replaces the connection", async () => {
  const h = await connected({ keepAliveMs: 1_000, pongTimeoutMs: 500 });
  const first = h.last;
  await h.clock.advance(1_000 + 499);
  assert.equal(h.sockets.length, 1);
  await h.clock.advance(1);
  assert.equal(h.client.state, "reconnecting");
  assert.equal(first.closedWith?.code, 4000);
  await h.clock.advance(1_000);
  assert.equal(h.sockets.length, 2);
});

test("an answered ping keeps the connection", async () => {
  const h = await connected({ keepAliveMs: 1_000, pongTimeoutMs: 500 });
  await h.clock.advance(1_000);
  h.last.receive({ type: "pong" });
  await h.clock.advance(900);
  assert.equal(h.sockets.length, 1);
  assert.equal(h.client.state, "open");
});

for (const [name, draw, expectedMinutes] of [
  ["Earliest", 0, 110],
  ["Latest", 0.999, 118.991],
] as const) {
  test(`the connection is replaced before the two-hour limit, make before break (${name})`, async () => {
    const h = await connected({ random: () => draw, keepAliveMs: minutes(200) });
    const first = h.last;
    await h.clock.advance(minutes(expectedMinutes) - 1);
    assert.equal(h.sockets.length, 1);
    await h.clock.advance(1);
    assert.equal(h.sockets.length, 2);
    assert.deepEqual(h.tokenReasons, ["connect", "expiring"]);
    assert.equal(first.closedWith, undefined, "the old connection stays until the new one is open");
    first.receive({ during: "handover" });
    h.last.open();
    assert.deepEqual(first.closedWith, { code: 1000, reason: "replaced" });
    assert.deepEqual(h.messages, [{ during: "handover" }]);
    assert.deepEqual(h.states, ["connecting", "open"], "a planned replacement is not a state change");
  });
}

test("a refused replacement keeps the old connection and tries again with backoff", async () => {
  const h = await connected({ random: () => 0, maxConnectionMs: minutes(10), keepAliveMs: minutes(60) });
  const first = h.last;
  await h.clock.advance(minutes(10));
  h.last.drop(1006);
  assert.equal(h.client.state, "open");
  await h.clock.advance(1);
  assert.equal(h.sockets.length, 3);
  assert.deepEqual(h.tokenReasons, ["connect", "expiring", "refused"]);
  h.last.open();
  assert.equal(first.closedWith?.reason, "replaced");
});

test("a fleet connected together spreads its replacements over the jitter window", async () => {
  const replacedAt: number[] = [];
  for (const draw of [0.1, 0.4, 0.7]) {
    const h = await connected({ random: () => draw, keepAliveMs: minutes(200) });
    while (h.sockets.length === 1) await h.clock.advance(minutes(1));
    replacedAt.push(h.clock.now / 60_000);
  }
  assert.deepEqual(replacedAt, [111, 114, 117]);
});
