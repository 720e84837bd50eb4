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
