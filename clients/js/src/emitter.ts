type Listener<Args extends unknown[]> = (...args: Args) => void;

/** A minimal typed event emitter: one listener throwing does not keep the others from running. */
export class Emitter<Events extends { [name: string]: unknown[] }> {
  private readonly listeners: { [K in keyof Events]?: Set<Listener<Events[K]>> } = {};

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    (this.listeners[event] ??= new Set()).add(listener);
    return () => this.listeners[event]?.delete(listener);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const listener of [...(this.listeners[event] ?? [])]) {
      try {
        listener(...args);
      } catch (error) {
        // A bug in an application's listener must not break the connection loop; surface it asynchronously.
        setTimeout(() => {
          throw error;
        });
      }
    }
  }
}
