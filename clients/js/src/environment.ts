/** The timer functions the client uses; tests hand in a manual clock so they never wait in real time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Whether the device has a network, and a way to hear when that changes. */
export interface NetworkStatus {
  readonly online: boolean;
  /** Calls `listener` on every change; returns a function that stops it. */
  watch(listener: (online: boolean) => void): () => void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The browser's `navigator.onLine` and its `online`/`offline` events; always online where there is no `window`. */
export const browserNetwork: NetworkStatus = {
  get online() {
    return typeof navigator === "undefined" || navigator.onLine !== false;
  },
  watch(listener) {
    if (typeof window === "undefined") return () => {};
    const online = () => listener(true);
    const offline = () => listener(false);
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
    };
  },
};
