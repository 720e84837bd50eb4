import assert from "node:assert/strict";
import { test } from "node:test";
import { classify } from "../src/protocol.js";

test("the server's replies are control frames", () => {
  for (const frame of [
    { type: "pong" },
    { type: "whoami", connectionId: "L0SM9cOFvHcCIhw=", userId: "alice" },
    { type: "subscribed", topic: "orders/42" },
    { type: "unsubscribed", topic: "orders/42" },
    { type: "error", message: "bad" },
    { type: "error", action: "subscribe", topic: "admin/x", message: "not allowed" },
  ]) {
    assert.deepEqual(classify(JSON.stringify(frame)), { control: frame });
  }
});

test("anything else is a notification, parsed", () => {
  for (const value of [
    { type: "order.shipped", orderId: 42 },
    { type: "pong", from: "an application" },
    { type: "whoami", connectionId: "x" },
    { type: "error", message: "disk full", severity: "high" },
    { type: "subscribed", topic: 42 },
    { type: "toString" },
    { type: "__proto__" },
    [1, 2],
    "text",
    7,
    null,
  ]) {
    assert.deepEqual(classify(JSON.stringify(value)), { notification: value });
  }
});

test("text that is not JSON arrives as the string itself", () => {
  assert.deepEqual(classify("hello {"), { notification: "hello {" });
});

test("on a notifier.v1 connection envelopes are unwrapped and a resume's answer is recognised", () => {
  const envelope = { type: "notification", id: "m1", stream: "orders/42", seq: 7, message: { type: "pong" } };
  assert.deepEqual(classify(JSON.stringify(envelope), true), { notification: { type: "pong" }, meta: { id: "m1", stream: "orders/42", seq: 7 } });
  assert.deepEqual(classify(JSON.stringify({ type: "notification", id: "m2", message: 1 }), true), { notification: 1, meta: { id: "m2" } });
  const resumed = { type: "resumed", streams: { "orders/42": { last: 7, complete: true } } };
  assert.deepEqual(classify(JSON.stringify(resumed), true), { resumed: resumed.streams });
  assert.deepEqual(classify(JSON.stringify({ type: "pong" }), true), { control: { type: "pong" } });
});

test("without notifier.v1, or short of an id or a message, an envelope's shape is just a notification", () => {
  const envelope = { type: "notification", id: "m1", message: "hi" };
  assert.deepEqual(classify(JSON.stringify(envelope)), { notification: envelope });
  for (const value of [{ type: "notification", message: "hi" }, { type: "notification", id: "m1" }, { type: "resumed" }]) {
    assert.deepEqual(classify(JSON.stringify(value), true), { notification: value });
  }
});
