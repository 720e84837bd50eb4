import assert from "node:assert/strict";
import { test } from "node:test";
import { connected, flush, harness, minutes } from "./fakes.js";

test("offline: no attempts however long it lasts; back online: one at once", async () => {
  const h = await connected();
  h.network.set(false);
  h.last.drop(1006);
  await h.clock.advance(minutes(60));
  assert.equal(h.sockets.length, 1);
  assert.equal(h.client.state, "reconnecting");
  h.network.set(true);
  await flush();
  assert.equal(h.sockets.length, 2);
  assert.deepEqual(h.tokenReasons, ["connect", "reconnect"]);
});

test("offline at start: waits for the network", async () => {
  const h = harness();
  h.network.online = false;
  h.client.connect();
  await h.clock.advance(minutes(5));
  assert.equal(h.sockets.length, 0);
  assert.equal(h.client.state, "connecting");
  h.network.set(true);
  await flush();
  assert.equal(h.sockets.length, 1);
});

test("offline with the socket still open: no pings; back online: a ping checks it at once", async () => {
  const h = await connected();
  h.network.set(false);
  await h.clock.advance(minutes(30));
  assert.deepEqual(h.last.sent, [{ action: "whoami" }]);
  h.network.set(true);
  assert.deepEqual(h.last.sent, [{ action: "whoami" }, { action: "ping" }]);
  await h.clock.advance(10_000);
  assert.equal(h.client.state, "reconnecting", "no pong: the socket did not survive");
});

test("a refused attempt while going offline waits for the network", async () => {
  const h = harness();
  h.client.connect();
  await flush();
  h.network.set(false);
  h.last.drop(1006);
  await h.clock.advance(minutes(10));
  assert.equal(h.sockets.length, 1);
  h.network.set(true);
  await flush();
  assert.equal(h.sockets.length, 2);
});

test("after close the network no longer matters", async () => {
  const h = await connected();
  h.client.close();
  h.network.set(false);
  h.network.set(true);
  await h.clock.advance(minutes(10));
  assert.equal(h.sockets.length, 1);
});
