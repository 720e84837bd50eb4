import { createContext, createElement, useContext, useEffect, useRef, useState, type ReactNode } from "react";
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
  latest.current = handler;
  const [state, setState] = useState(source.state);
  useEffect(() => {
    setState(source.state);
    const stopMessages = source.on("message", (data) => latest.current(data));
    const stopState = source.on("state", (next) => setState(next));
    return () => {
      stopMessages();
      stopState();
    };
  }, [source]);
  return state;
}
