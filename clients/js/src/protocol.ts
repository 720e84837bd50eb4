/** A frame the server sends in answer to one of the client's own requests. */
export type ControlFrame =
  | { type: "pong" }
  | { type: "whoami"; connectionId: string; userId: string }
  | { type: "subscribed" | "unsubscribed"; topic: string }
  | { type: "error"; message: string; action?: string; topic?: string };

/** What arrived on the socket: a control frame, or a notification (the published JSON, unchanged). */
export type Incoming = { control: ControlFrame } | { notification: unknown };

const controlKeys = new Map<unknown, string[]>([
  ["pong", []],
  ["whoami", ["connectionId", "userId"]],
  ["subscribed", ["topic"]],
  ["unsubscribed", ["topic"]],
  ["error", ["message"]],
]);

/**
 * Tells the server's replies from notifications. Notifications carry no envelope, so a frame counts
 * as a reply only when it has exactly the reply's shape: `type` naming a reply, the reply's string
 * fields, and (for errors) at most `action` and `topic` besides. Anything else, including text that is
 * not JSON (delivered as the string itself), is a notification.
 */
export function classify(text: string): Incoming {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { notification: text };
  }
  return isControl(value) ? { control: value } : { notification: value };
}

function isControl(value: unknown): value is ControlFrame {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const frame = value as { [key: string]: unknown };
  const required = controlKeys.get(frame.type);
  if (!required || !required.every((key) => typeof frame[key] === "string")) return false;
  const optional = frame.type === "error" ? ["action", "topic"] : [];
  return Object.keys(frame).every((key) => key === "type" || required.includes(key) || optional.includes(key));
}
