import assert from "node:assert/strict";
import { test } from "node:test";
import { connected, envelope, flush, harness, MemoryStorage } from "./fakes.js";

const numbers = (messages: unknown[]) => messages.map((message) => (message as { n: number }).n);

/** What the client sends to learn where a stream stands: a resume from beyond any number. */
const where = (stream: string) => ({ action: "resume", streams: { [stream]: Number.MAX_SAFE_INTEGER } });

test("a topic subscribed to and never heard from is resumed after a reconnect from where it stood when subscribed", async () => {
  const h = await connected();
  h.last.receive({ type: "whoami", connectionId: "c1", userId: "alice" });
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 41, complete: true } } });
  const subscribed = h.client.subscribe("orders/42");
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  await subscribed;
  assert.deepEqual(h.last.sent, [{ action: "whoami" }, where("user:alice"), { action: "subscribe", topic: "orders/42" }, where("orders/42")]);
  h.last.receive({ type: "resumed", streams: { "orders/42": { last: 17, complete: true } } });

  // Dropped before anything of either stream arrived; 18 and 19 (and alice's 42) are published meanwhile.
  h.last.drop();
  await h.clock.advance(1_000);
  h.last.open();
  assert.deepEqual(h.last.sent, [
    { action: "subscribe", topic: "orders/42" },
    { action: "resume", streams: { "user:alice": 41, "orders/42": 17 } },
  ]);
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  h.last.receive(envelope(42));
  h.last.receive(envelope(18, "orders/42"));
  h.last.receive(envelope(19, "orders/42"));
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 42, complete: true }, "orders/42": { last: 19, complete: true } } });
  assert.deepEqual(h.metas.map((meta) => `${meta.stream}#${meta.seq}`), ["user:alice#42", "orders/42#18", "orders/42#19"]);
  assert.equal(h.last.sent.length, 2, "a stream with a number is not asked about again");
  assert.deepEqual(h.gaps, []);
});

test("a question lost with its connection is asked again once the topic is confirmed on the next one", async () => {
  const h = await connected();
  h.client.subscribe("orders/42").catch(() => {});
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  h.last.drop(); // before the answer: the question is lost with the connection
  await h.clock.advance(1_000);
  h.last.open();
  assert.deepEqual(h.last.sent, [{ action: "subscribe", topic: "orders/42" }, { action: "whoami" }]);
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  assert.deepEqual(h.last.sent.at(-1), where("orders/42"), "asked again on the new connection");
  h.last.receive({ type: "resumed", streams: { "orders/42": { last: 3, complete: false } } });
  h.last.drop();
  await h.clock.advance(1_000);
  h.last.open();
  assert.deepEqual(h.last.sent, [{ action: "subscribe", topic: "orders/42" }, { action: "resume", streams: { "orders/42": 3 } }, { action: "whoami" }]);
  assert.deepEqual(h.gaps, [], "nothing was missed: the stream had no messages this client could have had");
});

test("messages that arrive while the position is asked for are delivered once, and the rest up to the stream's last number is fetched", async () => {
  const h = await connected();
  h.client.subscribe("orders/42").catch(() => {});
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  h.last.receive(envelope(18, "orders/42"));
  h.last.receive({ type: "resumed", streams: { "orders/42": { last: 20, complete: true } } });
  assert.deepEqual(h.last.sent.at(-1), { action: "resume", streams: { "orders/42": 18 } });
  h.last.receive(envelope(19, "orders/42"));
  h.last.receive(envelope(20, "orders/42"));
  h.last.receive(envelope(19, "orders/42")); // also live
  h.last.receive({ type: "resumed", streams: { "orders/42": { last: 20, complete: true } } });
  h.last.receive(envelope(21, "orders/42"));
  assert.deepEqual(numbers(h.messages), [18, 19, 20, 21]);
  assert.deepEqual(h.gaps, []);
});

test("a message past the stream's last number that arrived before the answer is kept, and nothing more is fetched", async () => {
  const h = await connected();
  h.last.receive({ type: "whoami", connectionId: "c1", userId: "alice" });
  h.last.receive(envelope(8));
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 7, complete: true } } });
  h.last.receive(envelope(9));
  assert.deepEqual(numbers(h.messages), [8, 9]);
  assert.deepEqual(h.last.sent, [{ action: "whoami" }, where("user:alice")]);
});

test("the application's own whoami starts the user's stream too, and a known one is not asked for", async () => {
  const storage = new MemoryStorage();
  const h = harness({ storage });
  h.client.connect();
  await flush();
  h.last.open();
  const reply = h.client.whoami();
  h.last.receive({ type: "whoami", connectionId: "c1", userId: "alice" });
  await reply;
  h.last.receive({ type: "whoami", connectionId: "c1", userId: "alice" });
  assert.deepEqual(h.last.sent, [{ action: "whoami" }, { action: "whoami" }, where("user:alice")], "asked once");
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 0, complete: true } } });
  h.client.close();

  const reloaded = harness({ storage });
  reloaded.client.connect();
  await flush();
  reloaded.last.open();
  assert.deepEqual(reloaded.last.sent, [{ action: "resume", streams: { "user:alice": 0 } }], "no whoami: the stream is known");
});

test("an answer that does not say where the stream ends, or comes for a topic given up, leaves the stream unknown", async () => {
  const h = await connected();
  h.client.subscribe("orders/42").catch(() => {});
  h.client.subscribe("news").catch(() => {});
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  h.last.receive({ type: "subscribed", topic: "news" });
  h.client.unsubscribe("news").catch(() => {});
  h.last.receive({
    type: "resumed",
    streams: { "orders/42": { last: Number.MAX_SAFE_INTEGER, complete: false }, news: { last: 5, complete: true } },
  });
  h.last.drop();
  await h.clock.advance(1_000);
  h.last.open();
  assert.deepEqual(h.last.sent, [{ action: "subscribe", topic: "orders/42" }, { action: "whoami" }]);
  assert.deepEqual(h.gaps, []);
});

test("without envelopes nothing is asked for", async () => {
  const h = await connected({ envelopes: false });
  h.client.subscribe("orders/42").catch(() => {});
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  h.last.receive({ type: "whoami", connectionId: "c1", userId: "alice" });
  assert.deepEqual(h.last.sent, [{ action: "subscribe", topic: "orders/42" }]);
});

test("a message numbered before the answer but arriving after it is delivered, not taken for a repeat", async () => {
  const h = await connected();
  h.client.subscribe("orders/42").catch(() => {});
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  // A publish numbered 20 and 21 before the position was read; their live posts reach this connection after the answer.
  h.last.receive({ type: "resumed", streams: { "orders/42": { last: 21, complete: true } } });
  h.last.receive(envelope(20, "orders/42"));
  h.last.receive(envelope(21, "orders/42"));
  h.last.receive(envelope(22, "orders/42"));
  h.last.receive(envelope(21, "orders/42")); // a repeat once delivery has started
  assert.deepEqual(numbers(h.messages), [20, 21, 22]);
  assert.deepEqual(h.gaps, []);
});

test("a learned position with nothing delivered still sets where a gap is resumed from", async () => {
  const h = await connected();
  h.client.subscribe("orders/42").catch(() => {});
  h.last.receive({ type: "subscribed", topic: "orders/42" });
  h.last.receive({ type: "resumed", streams: { "orders/42": { last: 17, complete: true } } });
  h.last.receive(envelope(19, "orders/42"));
  await h.clock.advance(1_000);
  assert.deepEqual(h.last.sent.at(-1), { action: "resume", streams: { "orders/42": 17 } });
  h.last.receive(envelope(18, "orders/42"));
  assert.deepEqual(numbers(h.messages), [18, 19]);
});
