import assert from "node:assert/strict";
import { test } from "node:test";
import { classify } from "../src/protocol.js";
import { connected, envelope, flush, harness, MemoryStorage } from "./fakes.js";

const numbers = (messages: unknown[]) => messages.map((message) => (message as { n: number }).n);
/** The resumes among the frames sent (a notifier.v1 connection also starts with the client's own whoami). */
const resumes = (sent: { action: string }[]) => sent.filter((frame) => frame.action === "resume");

test("notifier.v1 is asked for by default, with the application's own subprotocols", async () => {
  assert.deepEqual((await connected()).last.protocols, ["notifier.v1"]);
  assert.deepEqual((await connected({ protocols: "chat" })).last.protocols, ["notifier.v1", "chat"]);
  assert.deepEqual((await connected({ protocols: ["notifier.v1", "chat"] })).last.protocols, ["notifier.v1", "chat"]);
  assert.equal((await connected({ envelopes: false })).last.protocols, undefined);
});

test("an envelope is unwrapped: the message as published, with its id, stream and number", async () => {
  const h = await connected();
  h.last.receive({ type: "notification", id: "m1", stream: "user:alice", seq: 42, message: { type: "order.shipped" } });
  h.last.receive({ type: "notification", id: "m2", message: "to everyone" });
  h.last.receive({ type: "notification", id: "m3", message: null });
  assert.deepEqual(h.messages, [{ type: "order.shipped" }, "to everyone", null]);
  assert.deepEqual(h.metas, [{ id: "m1", stream: "user:alice", seq: 42 }, { id: "m2" }, { id: "m3" }]);
});

test("without envelopes (turned off, or a server that did not choose notifier.v1) messages arrive bare, as they are", async () => {
  for (const h of [await connected({ envelopes: false }), await (async () => {
    const older = harness();
    older.client.connect();
    await flush();
    older.last.open("");
    return older;
  })()]) {
    h.last.receive(envelope(1));
    h.last.receive(envelope(1));
    h.last.receive({ type: "order.shipped" });
    assert.deepEqual(h.messages, [envelope(1), envelope(1), { type: "order.shipped" }]);
    assert.deepEqual(h.metas, [{}, {}, {}]);
    h.last.drop();
    await h.clock.advance(1_000);
    h.last.open("");
    assert.deepEqual(h.last.sent, [], "no resume");
  }
});

test("a repeat is dropped: a number already delivered, or the id of a stream-less message seen before", async () => {
  const h = await connected();
  for (const seq of [1, 2, 2, 1, 3]) h.last.receive(envelope(seq));
  h.last.receive({ type: "notification", id: "b1", message: { n: 100 } });
  h.last.receive({ type: "notification", id: "b1", message: { n: 100 } });
  assert.deepEqual(numbers(h.messages), [1, 2, 3, 100]);
});

test("only the last 1,000 stream-less ids are remembered", async () => {
  const h = await connected();
  for (let i = 0; i <= 1_000; i++) h.last.receive({ type: "notification", id: `b${i}`, message: { n: i } });
  h.last.receive({ type: "notification", id: "b1000", message: { n: -1 } });
  h.last.receive({ type: "notification", id: "b0", message: { n: 0 } });
  assert.equal(h.messages.length, 1_002);
  assert.deepEqual(numbers(h.messages.slice(-1)), [0]);
});

test("a message ahead of a missing one waits, and the stream is delivered in order when the gap fills", async () => {
  const h = await connected();
  h.last.receive(envelope(1));
  h.last.receive(envelope(1, "orders/42"));
  h.last.receive(envelope(3));
  h.last.receive(envelope(4));
  h.last.receive(envelope(2, "orders/42"));
  assert.deepEqual(h.metas.map((meta) => `${meta.stream}#${meta.seq}`), ["user:alice#1", "orders/42#1", "orders/42#2"]);
  await h.clock.advance(500);
  h.last.receive(envelope(2));
  assert.deepEqual(numbers(h.messages), [1, 1, 2, 2, 3, 4]);
  await h.clock.advance(5_000);
  assert.deepEqual(resumes(h.last.sent), [], "the gap filled in time: no resume");
});

test("a gap that does not fill within gapTimeoutMs resumes that stream from the last delivered number", async () => {
  const h = await connected({ gapTimeoutMs: 2_000 });
  h.last.receive(envelope(7, "orders/42"));
  h.last.receive(envelope(1));
  h.last.receive(envelope(3));
  h.last.receive(envelope(5));
  await h.clock.advance(1_999);
  assert.deepEqual(resumes(h.last.sent), []);
  await h.clock.advance(1);
  assert.deepEqual(resumes(h.last.sent), [{ action: "resume", streams: { "user:alice": 1 } }]);
  // The server answers with the stored messages, interleaved with a live one, then says where the stream ends.
  h.last.receive(envelope(2));
  h.last.receive(envelope(6));
  h.last.receive(envelope(3));
  h.last.receive(envelope(4));
  h.last.receive(envelope(5));
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 5, complete: true } } });
  assert.deepEqual(numbers(h.messages), [7, 1, 2, 3, 4, 5, 6]);
  await h.clock.advance(10_000);
  assert.equal(resumes(h.last.sent).length, 1);
  assert.deepEqual(h.gaps, []);
});

test("every reconnect subscribes, then resumes the user's stream and the subscribed topics from their last numbers", async () => {
  const h = await connected();
  h.client.subscribe("orders/42").catch(() => {});
  h.client.subscribe("news").catch(() => {});
  h.client.subscribe("quiet").catch(() => {});
  for (const topic of ["orders/42", "news", "quiet"]) h.last.receive({ type: "subscribed", topic });
  h.last.receive(envelope(41));
  h.last.receive(envelope(17, "orders/42"));
  h.last.receive(envelope(3, "news"));
  h.last.receive(envelope(1, "old"));
  const unsubscribed = h.client.unsubscribe("news");
  h.last.receive({ type: "unsubscribed", topic: "news" });
  await unsubscribed;
  h.last.drop();
  await h.clock.advance(1_000);
  h.last.open();
  assert.deepEqual(h.last.sent, [
    { action: "subscribe", topic: "orders/42" },
    { action: "subscribe", topic: "quiet" },
    { action: "resume", streams: { "user:alice": 41, "orders/42": 17 } },
  ]);
  h.last.receive(envelope(41));
  h.last.receive(envelope(42));
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 42, complete: true }, "orders/42": { last: 17, complete: true } } });
  assert.deepEqual(numbers(h.messages), [41, 17, 3, 1, 42]);
});

test("the planned reconnect resumes too, and the old connection's repeats on the new one are dropped", async () => {
  const h = await connected({ maxConnectionMs: 60_000, maxConnectionJitterMs: 0 });
  h.last.receive(envelope(1));
  await h.clock.advance(60_000);
  h.last.open();
  assert.deepEqual(h.last.sent, [{ action: "resume", streams: { "user:alice": 1 } }]);
  h.last.receive(envelope(1));
  h.last.receive(envelope(2));
  assert.deepEqual(numbers(h.messages), [1, 2]);
});

test("a resume that comes back incomplete reports the expired range, delivers what was still stored, and goes on after the stream's last number", async () => {
  const h = await connected();
  h.last.receive(envelope(41));
  h.last.drop();
  await h.clock.advance(1_000);
  h.last.open();
  // 42 and 43 expired; 44 and 45 are still stored; 46 is live.
  h.last.receive(envelope(44));
  h.last.receive(envelope(46));
  h.last.receive(envelope(45));
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 45, complete: false } } });
  assert.deepEqual(h.gaps, [{ stream: "user:alice", after: 41, last: 43 }]);
  h.last.receive(envelope(45));
  h.last.receive(envelope(47));
  assert.deepEqual(numbers(h.messages), [41, 44, 45, 46, 47], "the application fetches 42 and 43 itself");
});

test("an incomplete resume with several missing runs reports each, and one at the end up to the stream's last number", async () => {
  const h = await connected();
  h.last.receive(envelope(10));
  h.last.receive(envelope(10)); // a repeat, nothing more
  h.last.receive(envelope(13));
  h.last.receive(envelope(15));
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 18, complete: false } } });
  assert.deepEqual(h.gaps, [
    { stream: "user:alice", after: 10, last: 12 },
    { stream: "user:alice", after: 13, last: 14 },
    { stream: "user:alice", after: 15, last: 18 },
  ]);
  h.last.receive(envelope(19));
  assert.deepEqual(numbers(h.messages), [10, 13, 15, 19]);
});

test("a resume cut short by the server's bound goes on from where it stopped, and stops asking once complete", async () => {
  const h = await connected();
  h.last.receive(envelope(1));
  h.last.drop();
  await h.clock.advance(1_000);
  h.last.open();
  assert.deepEqual(h.last.sent, [{ action: "resume", streams: { "user:alice": 1 } }]);
  h.last.receive(envelope(2));
  h.last.receive(envelope(3));
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 3, complete: false } } });
  assert.deepEqual(h.last.sent.at(-1), { action: "resume", streams: { "user:alice": 3 } });
  h.last.receive(envelope(4));
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 4, complete: true } } });
  assert.equal(h.last.sent.length, 2);
  assert.deepEqual(numbers(h.messages), [1, 2, 3, 4]);
  assert.deepEqual(h.gaps, []);
});

test("a resume that stops with an error after some messages goes on from the last delivered; one that sent nothing is not repeated", async () => {
  const h = await connected();
  h.last.receive(envelope(1));
  h.last.drop();
  await h.clock.advance(1_000);
  h.last.open();
  h.last.receive(envelope(2));
  h.last.receive({ type: "error", action: "resume", message: "resume stopped after 1 notifications: it ran out of time; resume again from the last seq received" });
  assert.deepEqual(h.last.sent.at(-1), { action: "resume", streams: { "user:alice": 2 } });
  h.last.receive({ type: "error", action: "resume", message: "resume stopped after 0 notifications: it ran out of time; resume again from the last seq received" });
  assert.equal(h.last.sent.length, 2, "no progress, no new question");
  assert.deepEqual(numbers(h.messages), [1, 2]);
});

test("an incomplete resume of a stream already delivered past its last number is no gap", async () => {
  const h = await connected();
  h.last.receive(envelope(5));
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 5, complete: false }, "never-read": { last: 9, complete: false } } });
  assert.deepEqual(h.gaps, []);
});

test("a stream the server numbers from 1 again (its history was reset) is followed", async () => {
  const h = await connected();
  h.last.receive(envelope(47));
  h.last.drop();
  await h.clock.advance(1_000);
  h.last.open();
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 0, complete: true } } });
  h.last.receive(envelope(1));
  assert.deepEqual(numbers(h.messages), [47, 1]);
});

test("a stream the server refuses to resume is reported and not asked for again", async () => {
  const h = await connected();
  h.last.receive(envelope(3, "user:bob"));
  h.last.receive(envelope(4));
  h.last.drop();
  await h.clock.advance(1_000);
  h.last.open();
  assert.deepEqual(h.last.sent, [{ action: "resume", streams: { "user:bob": 3, "user:alice": 4 } }]);
  h.last.receive({ type: "error", action: "resume", stream: "user:bob", message: "not allowed" });
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 4, complete: true } } });
  assert.deepEqual(h.errors, [{ kind: "server", action: "resume", topic: "user:bob", message: "not allowed" }]);
  h.last.drop();
  await h.clock.advance(1_000);
  h.last.open();
  assert.deepEqual(h.last.sent, [{ action: "resume", streams: { "user:alice": 4 } }]);
});

test("with storage a reloaded page resumes where the previous one left off", async () => {
  const storage = new MemoryStorage();
  const before = await connected({ storage });
  before.client.subscribe("orders/42").catch(() => {});
  before.last.receive(envelope(41));
  before.last.receive(envelope(17, "orders/42"));
  before.last.receive(envelope(19, "orders/42")); // held, never delivered: not stored as read
  before.client.close();

  const after = harness({ storage });
  after.client.connect();
  await flush();
  after.last.open();
  assert.deepEqual(after.last.sent, [{ action: "resume", streams: { "user:alice": 41 } }]);
  after.client.subscribe("orders/42").catch(() => {});
  assert.deepEqual(after.last.sent.slice(1), [
    { action: "subscribe", topic: "orders/42" },
    { action: "resume", streams: { "orders/42": 17 } },
  ]);
  after.last.receive(envelope(41));
  after.last.receive(envelope(42));
  after.last.receive(envelope(18, "orders/42"));
  assert.deepEqual(numbers(after.messages), [42, 18]);
  assert.deepEqual(JSON.parse(storage.getItem("notifier.streams") ?? ""), { "user:alice": 42, "orders/42": 18 });
});

test("storage that cannot be read or written leaves the client working", async () => {
  const h = await connected({
    storage: {
      getItem: () => "{not json",
      setItem: () => {
        throw new Error("quota exceeded");
      },
    },
  });
  h.last.receive(envelope(1));
  h.last.receive(envelope(2));
  assert.deepEqual(numbers(h.messages), [1, 2]);
});

test("on a notifier.v1 connection an error frame is the server's whatever it names", () => {
  const frame = { type: "error", action: "resume", stream: "orders/42", message: "not allowed" };
  assert.deepEqual(classify(JSON.stringify(frame), true), { control: { type: "error", action: "resume", topic: "orders/42", message: "not allowed" } });
  assert.deepEqual(classify(JSON.stringify(frame)), { notification: frame });
});

test("close stops waiting for a gap", async () => {
  const h = await connected();
  h.last.receive(envelope(1));
  h.last.receive(envelope(3));
  const socket = h.last;
  h.client.close();
  await h.clock.advance(10_000);
  assert.deepEqual(resumes(socket.sent), []);
  assert.equal(h.sockets.length, 1);
});

test("a message numbered twice under one id (a queued publish delivered twice) is delivered once, and the stream goes on", async () => {
  const h = await connected();
  h.last.receive(envelope(1));
  h.last.receive({ type: "notification", id: "user:alice#1", stream: "user:alice", seq: 2, message: { n: 1 } });
  h.last.receive(envelope(3));
  assert.deepEqual(numbers(h.messages), [1, 3]);
  await h.clock.advance(5_000);
  assert.deepEqual(resumes(h.last.sent), [], "no resume: the repeat's number filled its place");
});
