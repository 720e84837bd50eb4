import assert from "node:assert/strict";
import { test } from "node:test";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import type { NotifierClient } from "../src/notifierClient.js";
import { NotifierProvider, useNotifications } from "../src/react.js";
import { connected, harness } from "./fakes.js";

function StateLabel(props: { client?: NotifierClient }) {
  const state = useNotifications(() => {}, props.client);
  return createElement("span", null, state);
}

test("useNotifications takes the provider's client and returns its state", async () => {
  const h = await connected();
  const html = renderToString(createElement(NotifierProvider, { client: h.client }, createElement(StateLabel)));
  assert.equal(html, "<span>open</span>");
});

test("a client passed to the hook wins over the provider's", async () => {
  const open = await connected();
  const idle = harness();
  const html = renderToString(createElement(NotifierProvider, { client: open.client }, createElement(StateLabel, { client: idle.client })));
  assert.equal(html, "<span>closed</span>");
});

test("without a provider or a client the hook says what is missing", () => {
  assert.throws(() => renderToString(createElement(StateLabel)), /NotifierProvider/);
});
