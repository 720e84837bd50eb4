import "./dom.js";
import assert from "node:assert/strict";
import { test } from "node:test";
import { act, createElement, startTransition, StrictMode, Suspense, use, useLayoutEffect, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import type { NotifierClient } from "../src/notifierClient.js";
import type { MessageMeta, StreamGap } from "../src/options.js";
import { NotifierProvider, useNotifications, useNotifierEvent } from "../src/react.js";
import { connected, envelope, harness, trackListeners } from "./fakes.js";

/** Shows the hook's state; `renders` records the state of every render. */
function Live(props: { onMessage?: (data: unknown, meta: MessageMeta) => void; client?: NotifierClient; renders?: string[] }) {
  const state = useNotifications(props.onMessage ?? (() => {}), props.client);
  props.renders?.push(state);
  return createElement("output", null, state);
}

const live = (props: Parameters<typeof Live>[0] = {}) => createElement(Live, props);
const provided = (client: NotifierClient, ...children: ReactNode[]) => createElement(NotifierProvider, { client }, ...children);

/** How many message and state listeners are on a tracked client. */
const onBoth = (listeners: ReturnType<typeof trackListeners>) => [listeners.live("message"), listeners.live("state")];

/** Mounts `element` in a detached DOM node; every change goes through `act`, so effects have run when it returns. */
async function mount(element: ReactNode) {
  const container = document.createElement("div");
  const root = createRoot(container);
  await act(async () => root.render(element));
  return {
    text: () => container.textContent,
    render: (next: ReactNode) => act(async () => root.render(next)),
    renderInTransition: (next: ReactNode) => act(async () => startTransition(() => root.render(next))),
    unmount: () => act(async () => root.unmount()),
  };
}

test("a mounted component gets the notifications its provider's client receives", async () => {
  const h = await connected();
  const seen: unknown[] = [];
  await mount(provided(h.client, live({ onMessage: (data) => seen.push(data) })));
  h.last.receive({ type: "order.shipped", orderId: 42 });
  h.last.receive({ type: "pong" });
  h.last.receive("plain text");
  assert.deepEqual(seen, [{ type: "order.shipped", orderId: 42 }, "plain text"]);
});

test("the handler gets each stream's messages once and in order, with where they come from; useNotifierEvent hears gaps", async () => {
  const h = await connected();
  const seen: [unknown, MessageMeta][] = [];
  const gaps: StreamGap[] = [];
  function Gaps() {
    useNotifierEvent("gap", (gap) => gaps.push(gap));
    return null;
  }
  const view = await mount(provided(h.client, live({ onMessage: (data, meta) => seen.push([data, meta]) }), createElement(Gaps)));
  h.last.receive(envelope(2));
  h.last.receive(envelope(4));
  h.last.receive(envelope(3));
  h.last.receive(envelope(3));
  assert.deepEqual(seen, [2, 3, 4].map((seq) => [{ n: seq }, { id: `user:alice#${seq}`, stream: "user:alice", seq }]));
  h.last.receive({ type: "resumed", streams: { "user:alice": { last: 9, complete: false } } });
  assert.deepEqual(gaps, [{ stream: "user:alice", after: 4, last: 9 }]);
  await view.unmount();
});

test("the returned state follows the client: closed, connecting, open, reconnecting, open, closed", async () => {
  const h = harness();
  const view = await mount(provided(h.client, live()));
  const shown = [view.text()];
  await act(async () => h.client.connect());
  shown.push(view.text());
  await act(async () => h.last.open());
  shown.push(view.text());
  await act(async () => h.last.drop());
  shown.push(view.text());
  await act(() => h.clock.advance(1_000));
  await act(async () => h.last.open());
  shown.push(view.text());
  await act(async () => h.client.close());
  shown.push(view.text());
  assert.deepEqual(shown, ["closed", "connecting", "open", "reconnecting", "open", "closed"]);
  assert.equal(h.sockets.length, 2);
});

test("a state change between the render and the subscription is not missed", async () => {
  const h = harness();
  // A layout effect runs after the render but before the hook's subscription: connecting there is the race.
  function ConnectOnMount() {
    useLayoutEffect(() => h.client.connect(), []);
    return null;
  }
  const view = await mount(provided(h.client, live(), createElement(ConnectOnMount)));
  assert.equal(view.text(), "connecting");
});

test("a new handler on a re-render gets the later notifications, without subscribing again", async () => {
  const h = await connected();
  const listeners = trackListeners(h.client);
  const first: unknown[] = [];
  const second: unknown[] = [];
  const view = await mount(provided(h.client, live({ onMessage: (data) => first.push(data) })));
  h.last.receive({ n: 1 });
  await view.render(provided(h.client, live({ onMessage: (data) => second.push(data) })));
  h.last.receive({ n: 2 });
  assert.deepEqual(first, [{ n: 1 }]);
  assert.deepEqual(second, [{ n: 2 }]);
  assert.equal(listeners.added, 2, "one message and one state listener, kept across renders");
});

test("a handler from a render React throws away never gets a notification", async () => {
  const h = await connected();
  const committed: unknown[] = [];
  const discarded: unknown[] = [];
  const never = new Promise<never>(() => {});
  function Pending(props: { suspend: boolean }) {
    if (props.suspend) use(never);
    return null;
  }
  const app = (onMessage: (data: unknown) => void, suspend: boolean) =>
    createElement(Suspense, { fallback: "loading" }, live({ onMessage, client: h.client }), createElement(Pending, { suspend }));
  const view = await mount(app((data) => committed.push(data), false));
  // A transition that suspends keeps the committed UI: the handler of its render must not take over.
  await view.renderInTransition(app((data) => discarded.push(data), true));
  h.last.receive({ n: 1 });
  assert.equal(view.text(), "open");
  assert.deepEqual(committed, [{ n: 1 }]);
  assert.deepEqual(discarded, []);
});

test("unmounting removes the listeners: a later notification calls nothing", async () => {
  const h = await connected();
  const listeners = trackListeners(h.client);
  const seen: unknown[] = [];
  const view = await mount(provided(h.client, live({ onMessage: (data) => seen.push(data) })));
  assert.deepEqual(onBoth(listeners), [1, 1]);
  await view.unmount();
  assert.deepEqual(onBoth(listeners), [0, 0]);
  h.last.receive({ n: 1 });
  await act(async () => h.last.drop());
  assert.deepEqual(seen, []);
  assert.deepEqual(h.messages, [{ n: 1 }], "the client itself still delivers");
});

test("under StrictMode's double effects there is one subscription and one call per notification", async () => {
  const h = await connected();
  const listeners = trackListeners(h.client);
  const seen: unknown[] = [];
  const view = await mount(createElement(StrictMode, null, provided(h.client, live({ onMessage: (data) => seen.push(data) }))));
  h.last.receive({ n: 1 });
  assert.deepEqual(seen, [{ n: 1 }]);
  assert.deepEqual(onBoth(listeners), [1, 1]);
  await view.unmount();
  assert.deepEqual(onBoth(listeners), [0, 0]);
});

test("a client passed to the hook wins over the provider's", async () => {
  const open = await connected();
  const idle = harness();
  const seen: unknown[] = [];
  const view = await mount(provided(open.client, live({ onMessage: (data) => seen.push(data), client: idle.client })));
  assert.equal(view.text(), "closed");
  open.last.receive({ from: "provider" });
  assert.deepEqual(seen, []);
  await act(async () => idle.client.connect());
  assert.equal(view.text(), "connecting");
});

test("switching to another client moves the listeners and never shows the old client's state", async () => {
  const a = await connected();
  const b = harness();
  const onA = trackListeners(a.client);
  const onB = trackListeners(b.client);
  const seen: unknown[] = [];
  const onMessage = (data: unknown) => seen.push(data);
  const view = await mount(provided(a.client, live({ onMessage })));
  const renders: string[] = [];
  await view.render(provided(b.client, live({ onMessage, renders })));
  assert.deepEqual(renders, ["closed"]);
  assert.deepEqual([onBoth(onA), onBoth(onB)], [[0, 0], [1, 1]]);
  a.last.receive({ from: "a" });
  await act(async () => a.client.close());
  assert.deepEqual(seen, []);
  await act(async () => b.client.connect());
  assert.equal(view.text(), "connecting");
});

test("without a provider or a client the hook says what is missing", async () => {
  await assert.rejects(mount(live()), /NotifierProvider/);
});

test("on the server the hook renders the client's state and subscribes to nothing", async () => {
  const h = await connected();
  const listeners = trackListeners(h.client);
  const html = renderToString(provided(h.client, live()));
  assert.equal(html, "<output>open</output>");
  assert.equal(listeners.added, 0);
});
