import assert from "node:assert/strict";
import { test } from "node:test";
import { connected, flush, harness } from "./fakes.js";

test("whoami resolves with the server's reply", async () => {
  const h = await connected();
  const reply = h.client.whoami();
  assert.deepEqual(h.last.sent, [{ action: "whoami" }, { action: "whoami" }], "the client asks by itself on a notifier.v1 connection too");
  h.last.receive({ type: "whoami", connectionId: "L0SM9cOFvHcCIhw=", userId: "alice" });
  assert.deepEqual(await reply, { connectionId: "L0SM9cOFvHcCIhw=", userId: "alice" });
});

test("whoami fails while not connected, and when the connection drops before the reply", async () => {
  const h = harness();
  await assert.rejects(h.client.whoami(), /not connected/);
  h.client.connect();
  await flush();
  h.last.open();
  const reply = h.client.whoami();
  h.last.drop(1006);
  await assert.rejects(reply, /closed before the server replied/);
});

test("a request without a reply times out", async () => {
  const h = await connected({ requestTimeoutMs: 2_000 });
  const reply = h.client.whoami();
  const outcome = assert.rejects(reply, /no reply to whoami within 2000 ms/);
  await h.clock.advance(2_000);
  await outcome;
});

test("subscribe resolves on the server's confirmation", async () => {
  const h = await connected();
  let settled = false;
  const subscribed = h.client.subscribe("orders/42").then(() => (settled = true));
  assert.deepEqual(h.last.sent, [{ action: "whoami" }, { action: "subscribe", topic: "orders/42" }]);
  h.last.receive({ type: "subscribed", topic: "orders/41" });
  await flush();
  assert.equal(settled, false);
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  await subscribed;
  assert.deepEqual([...h.client.topics], ["orders/42"]);
});

test("subscribe rejects on the server's error frame for that topic, and the topic is dropped", async () => {
  const h = await connected();
  const allowed = h.client.subscribe("orders/42");
  const refused = h.client.subscribe("admin/x");
  const message = 'topic "admin/x" is not allowed by the token\'s topics claim';
  h.last.receive({ type: "error", action: "subscribe", topic: "admin/x", message });
  await assert.rejects(refused, { message });
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  await allowed;
  assert.deepEqual([...h.client.topics], ["orders/42"]);
  assert.deepEqual(h.errors, []);
});

test("subscriptions are sent again on every new connection", async () => {
  const h = await connected();
  const first = h.client.subscribe("orders/42");
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  await first;
  const second = h.client.subscribe("news");
  h.last.drop(1001); // before "news" was confirmed: the promise waits for the next connection
  await h.clock.advance(1_000);
  h.last.open();
  assert.deepEqual(h.last.sent, [
    { action: "subscribe", topic: "orders/42" },
    { action: "subscribe", topic: "news" },
    { action: "whoami" },
  ]);
  h.last.receive({ type: "subscribed", topic: "news" });
  await second;
});

test("a subscription the server refuses on restore is dropped and reported", async () => {
  const h = await connected();
  h.client.subscribe("orders/42").catch(() => {});
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  h.last.drop(1001);
  await h.clock.advance(1_000);
  h.last.open();
  h.last.receive({ type: "error", action: "subscribe", topic: "orders/42", message: "not allowed" });
  assert.deepEqual(h.errors, [{ kind: "subscription", action: "subscribe", topic: "orders/42", message: "not allowed" }]);
  assert.deepEqual([...h.client.topics], []);
});

test("subscribe before connect is sent once the connection opens", async () => {
  const h = harness();
  const subscribed = h.client.subscribe("orders/42");
  h.client.connect();
  await flush();
  h.last.open();
  assert.deepEqual(h.last.sent, [{ action: "subscribe", topic: "orders/42" }, { action: "whoami" }]);
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  await subscribed;
});

test("unsubscribe resolves on confirmation, and at once while disconnected", async () => {
  const h = await connected();
  h.client.subscribe("orders/42").catch(() => {});
  const unsubscribed = h.client.unsubscribe("orders/42");
  assert.deepEqual(h.last.sent.at(-1), { action: "unsubscribe", topic: "orders/42" });
  h.last.receive({ type: "unsubscribed", topic: "orders/42" });
  await unsubscribed;
  assert.deepEqual([...h.client.topics], []);
  h.client.close();
  await h.client.unsubscribe("never-subscribed");
});

test("a topic name outside the protocol's alphabet is refused before sending", async () => {
  const h = await connected();
  for (const topic of ["", "orders/*", "a b", "x".repeat(257)]) {
    await assert.rejects(h.client.subscribe(topic), RangeError);
  }
  assert.deepEqual(h.last.sent, [{ action: "whoami" }]);
});

test("an error frame that answers nothing is reported as a server error", async () => {
  const h = await connected();
  h.last.receive({ type: "error", message: "unknown action" });
  assert.deepEqual(h.errors, [{ kind: "server", message: "unknown action" }]);
});

test("close fails every waiting request", async () => {
  const h = await connected();
  const subscribed = h.client.subscribe("orders/42");
  h.client.close();
  await assert.rejects(subscribed, /client was closed/);
});
