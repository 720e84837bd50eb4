import assert from "node:assert/strict";
import { test } from "node:test";
import { NotifierClient } from "../src/notifierClient.js";
import { connected, flush, harness } from "./fakes.js";

test("connect asks for a token and puts it in the token query parameter", async () => {
  const h = harness({ url: "wss://ws.example.com/prod?app=web", getToken: async () => "a b+c/=" });
  h.client.connect();
  await flush();
  const url = new URL(h.last.url);
  assert.equal(url.origin + url.pathname, "wss://ws.example.com/prod");
  assert.equal(url.searchParams.get("app"), "web");
  assert.equal(url.searchParams.get("token"), "a b+c/=");
});

test("states go connecting, open; the first token is asked for with reason connect", async () => {
  const h = await connected({ protocols: ["notifier.v1"] });
  assert.deepEqual(h.states, ["connecting", "open"]);
  assert.equal(h.client.state, "open");
  assert.deepEqual(h.tokenReasons, ["connect"]);
  assert.deepEqual(h.last.protocols, ["notifier.v1"]);
});

test("notifications arrive parsed; replies to the client's own requests do not", async () => {
  const h = await connected();
  h.last.receive({ type: "order.shipped", orderId: 42 });
  h.last.receive({ type: "pong" });
  h.last.receive("not json");
  assert.deepEqual(h.messages, [{ type: "order.shipped", orderId: 42 }, "not json"]);
});

test("send frames the action with the data; false while not connected", async () => {
  const h = harness();
  assert.equal(h.client.send("echo", { text: "early" }), false);
  h.client.connect();
  await flush();
  h.last.open();
  assert.equal(h.client.send("echo", { text: "hi", action: "ignored" }), true);
  assert.deepEqual(h.last.sent, [{ action: "whoami" }, { text: "hi", action: "echo" }]);
});

test("a throwing listener does not stop the others", async () => {
  const h = await connected();
  const seen: unknown[] = [];
  const rethrown: unknown[] = [];
  const original = globalThis.setTimeout;
  globalThis.setTimeout = ((callback: () => void) => rethrown.push(callback)) as typeof setTimeout;
  try {
    h.client.on("message", () => {
      throw new Error("application bug");
    });
    h.client.on("message", (data) => seen.push(data));
    h.last.receive({ n: 1 });
  } finally {
    globalThis.setTimeout = original;
  }
  assert.deepEqual(seen, [{ n: 1 }]);
  assert.equal(rethrown.length, 1);
});

test("a listener can stop listening", async () => {
  const h = await connected();
  const seen: unknown[] = [];
  const stop = h.client.on("message", (data) => seen.push(data));
  h.last.receive({ n: 1 });
  stop();
  h.last.receive({ n: 2 });
  assert.deepEqual(seen, [{ n: 1 }]);
});

test("without a WebSocket implementation the constructor says so", () => {
  const original = (globalThis as { WebSocket?: unknown }).WebSocket;
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
  try {
    assert.throws(() => new NotifierClient({ url: "wss://x", getToken: () => "t" }), /options\.WebSocket/);
  } finally {
    if (original) (globalThis as { WebSocket?: unknown }).WebSocket = original;
  }
});
