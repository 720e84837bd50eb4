import assert from "node:assert/strict";
import { test } from "node:test";
import { ReconnectPolicy } from "../src/reconnectPolicy.js";
import { connected, flush, harness } from "./fakes.js";

const almostOne = () => 0.999999;

test("refused handshakes back off exponentially to the cap, asking for a fresh token each time", async () => {
  const h = harness({ reconnect: { baseMs: 1_000, capMs: 8_000 }, random: almostOne });
  h.client.connect();
  await flush();
  const gaps: number[] = [];
  for (let i = 0; i < 6; i++) {
    const before = h.sockets.length;
    const refusedAt = h.clock.now;
    h.last.drop(1006);
    while (h.sockets.length === before) await h.clock.advance(1);
    gaps.push(h.clock.now - refusedAt);
  }
  assert.deepEqual(gaps, [999, 1_999, 3_999, 7_999, 7_999, 7_999]);
  assert.deepEqual(h.tokenReasons, ["connect", "refused", "refused", "refused", "refused", "refused", "refused"]);
  assert.deepEqual(h.sockets.map((socket) => socket.token), ["token-1", "token-2", "token-3", "token-4", "token-5", "token-6", "token-7"]);
  assert.deepEqual(h.states, ["connecting"], "never connected yet: still connecting");
});

test("a token provider that throws is reported and retried with backoff", async () => {
  let calls = 0;
  const h = harness({
    getToken: async () => {
      if (++calls === 1) throw new Error("identity provider down");
      return "fresh";
    },
    random: almostOne,
  });
  h.client.connect();
  await flush();
  assert.equal(h.sockets.length, 0);
  assert.equal(h.errors[0]?.kind, "token");
  await h.clock.advance(999);
  assert.equal(h.sockets.length, 1);
  assert.equal(h.last.token, "fresh");
});

test("a drop after a stable connection reconnects within the base delay", async () => {
  const h = await connected({ reconnect: new ReconnectPolicy({ baseMs: 1_000, stableAfterMs: 5_000 }, almostOne) });
  h.last.drop(1006);
  await h.clock.advance(999);
  h.last.open(); // not yet stable: the next drop backs off further
  h.last.drop(1006);
  const droppedAt = h.clock.now;
  while (h.sockets.length < 3) await h.clock.advance(1);
  assert.equal(h.clock.now - droppedAt, 1_999);
  h.last.open();
  await h.clock.advance(5_000);
  h.last.drop(1001);
  const stableDropAt = h.clock.now;
  while (h.sockets.length < 4) await h.clock.advance(1);
  assert.equal(h.clock.now - stableDropAt, 999);
  assert.deepEqual(h.tokenReasons.slice(1), ["reconnect", "reconnect", "reconnect"]);
});

test("the server closing the connection (a DELETE) is followed by a reconnect", async () => {
  const h = await connected();
  h.last.drop(1001);
  assert.equal(h.client.state, "reconnecting");
  await h.clock.advance(1_000);
  assert.equal(h.sockets.length, 2);
  h.last.open();
  assert.deepEqual(h.states, ["connecting", "open", "reconnecting", "open"]);
});

test("no reconnect after close", async () => {
  const h = await connected();
  const first = h.last;
  h.client.close();
  first.drop(1000);
  await h.clock.advance(3_600_000);
  assert.equal(h.sockets.length, 1);
  assert.deepEqual(first.closedWith, { code: 1000, reason: "client closed" });
  assert.deepEqual(h.states, ["connecting", "open", "closed"]);
});

test("close while a reconnect waits cancels it", async () => {
  const h = await connected();
  h.last.drop(1006);
  h.client.close();
  await h.clock.advance(3_600_000);
  assert.equal(h.sockets.length, 1);
  assert.equal(h.client.state, "closed");
});

test("close while the token is being fetched opens no socket", async () => {
  let release: (token: string) => void = () => {};
  const h = harness({ getToken: () => new Promise<string>((resolve) => (release = resolve)) });
  h.client.connect();
  h.client.close();
  release("late");
  await flush();
  assert.equal(h.sockets.length, 0);
});

test("close during the handshake closes that socket and nothing follows", async () => {
  const h = harness();
  h.client.connect();
  await flush();
  const handshaking = h.last;
  h.client.close();
  handshaking.drop(1006);
  await h.clock.advance(3_600_000);
  assert.equal(h.sockets.length, 1);
  assert.equal(handshaking.closedWith?.code, 1000);
});

test("connect after close starts again", async () => {
  const h = await connected();
  h.client.close();
  h.client.connect();
  await flush();
  assert.equal(h.sockets.length, 2);
  h.last.open();
  assert.equal(h.client.state, "open");
});
