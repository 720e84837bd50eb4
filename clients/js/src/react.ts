import {
  createContext, createElement, useCallback, useContext, useEffect, useInsertionEffect, useRef, useSyncExternalStore, type ReactNode,
} from "react";
import type { NotifierClient } from "./notifierClient.js";
import type { ConnectionState } from "./options.js";

const NotifierContext = createContext<NotifierClient | null>(null);

/** Makes `client` the one {@link useNotifications} listens to below it. Connecting and closing stay the application's call. */
export function NotifierProvider(props: { client: NotifierClient; children?: ReactNode }): ReactNode {
  return createElement(NotifierContext.Provider, { value: props.client }, props.children);
}

/**
 * Calls `handler` with every notification the provider's client (or `client`) receives, and returns the
 * connection state so a component can show it. The latest `handler` is used without resubscribing.
 */
export function useNotifications(handler: (data: unknown) => void, client?: NotifierClient): ConnectionState {
  const fromContext = useContext(NotifierContext);
  const source = client ?? fromContext;
  if (!source) throw new Error("useNotifications needs a NotifierProvider above it or a client argument");
  const latest = useRef(handler);
  // Taken over when the render commits: a render React throws away (a suspended transition) keeps the old handler.
  useInsertionEffect(() => {
    latest.current = handler;
  });
  // The state is read from the client on every render, so switching clients never shows the previous one's.
  const subscribe = useCallback((changed: () => void) => source.on("state", changed), [source]);
  const state = useSyncExternalStore(subscribe, () => source.state, () => source.state);
  useEffect(() => source.on("message", (data) => latest.current(data)), [source]);
  return state;
}
