import {
  createContext, createElement, useCallback, useContext, useEffect, useInsertionEffect, useRef, useSyncExternalStore, type ReactNode,
} from "react";
import type { NotifierClient } from "./notifierClient.js";
import type { ConnectionState, MessageMeta, NotifierEvents } from "./options.js";

const NotifierContext = createContext<NotifierClient | null>(null);

/** Makes `client` the one {@link useNotifications} listens to below it. Connecting and closing stay the application's call. */
export function NotifierProvider(props: { client: NotifierClient; children?: ReactNode }): ReactNode {
  return createElement(NotifierContext.Provider, { value: props.client }, props.children);
}

function useClient(client: NotifierClient | undefined): NotifierClient {
  const fromContext = useContext(NotifierContext);
  const source = client ?? fromContext;
  if (!source) throw new Error("the Notifier hooks need a NotifierProvider above them or a client argument");
  return source;
}

/**
 * Calls the latest `listener` with every `event` of the provider's client (or `client`), e.g. `gap`,
 * from the commit on, without subscribing again when the listener changes.
 */
export function useNotifierEvent<K extends keyof NotifierEvents>(
  event: K,
  listener: (...args: NotifierEvents[K]) => void,
  client?: NotifierClient,
): void {
  const source = useClient(client);
  const latest = useRef(listener);
  // Taken over when the render commits: a render React throws away (a suspended transition) keeps the old listener.
  useInsertionEffect(() => {
    latest.current = listener;
  });
  useEffect(() => source.on(event, (...args) => latest.current(...args)), [source, event]);
}

/**
 * Calls `handler` with every notification the provider's client (or `client`) receives, and where it comes
 * from, and returns the connection state so a component can show it. The latest `handler` is used without
 * resubscribing.
 */
export function useNotifications(handler: (data: unknown, meta: MessageMeta) => void, client?: NotifierClient): ConnectionState {
  const source = useClient(client);
  // The state is read from the client on every render, so switching clients never shows the previous one's.
  const subscribe = useCallback((changed: () => void) => source.on("state", changed), [source]);
  const state = useSyncExternalStore(subscribe, () => source.state, () => source.state);
  useNotifierEvent("message", handler, source);
  return state;
}
