import type { MessageMeta } from "./options.js";

/** A frame the server sends in answer to one of the client's own requests. */
export type ControlFrame =
  | { type: "pong" }
  | { type: "whoami"; connectionId: string; userId: string }
  | { type: "subscribed" | "unsubscribed"; topic: string }
  | ErrorFrame;

export interface ErrorFrame {
  type: "error";
  message: string;
  action?: string;
  topic?: string;
}

/** How far each stream a resume asked for goes (`last`), and whether nothing after the number asked from has expired. */
export interface ResumedStreams {
  [stream: string]: { last?: unknown; complete?: unknown } | undefined;
}

/** What arrived on the socket: a control frame, the answer to a resume, or a notification (the message as published). */
export type Incoming = { control: ControlFrame } | { resumed: ResumedStreams } | { notification: unknown; meta?: MessageMeta };

const controlKeys = new Map<unknown, string[]>([
  ["pong", []],
  ["whoami", ["connectionId", "userId"]],
  ["subscribed", ["topic"]],
  ["unsubscribed", ["topic"]],
  ["error", ["message"]],
]);

type Fields = { [key: string]: unknown };

const isObject = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Tells the server's replies from notifications. Without envelopes (`enveloped` false) notifications are
 * the bare messages, so a frame counts as a reply only when it has exactly the reply's shape: `type`
 * naming a reply, the reply's string fields, and (for errors) at most `action` and `topic` besides.
 * Anything else, including text that is not JSON (delivered as the string itself), is a notification.
 *
 * On a `notifier.v1` connection a notification comes as `{"type":"notification","id",...,"message"}`,
 * which is unwrapped, and a resume is answered by `{"type":"resumed","streams":{...}}`.
 */
export function classify(text: string, enveloped = false): Incoming {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { notification: text };
  }
  if (enveloped && isObject(value)) {
    const { type, id, stream, seq, message, streams } = value;
    if (type === "notification" && typeof id === "string" && "message" in value) {
      return { notification: message, meta: typeof stream === "string" && typeof seq === "number" ? { id, stream, seq } : { id } };
    }
    if (type === "resumed" && isObject(streams)) return { resumed: streams as ResumedStreams };
    // Messages come only in envelopes here, so any error frame is the server's, whatever else it names (a resume's names the stream).
    if (type === "error" && typeof message === "string") {
      const error: ErrorFrame = { type, message };
      const topic = value.topic ?? stream;
      if (typeof value.action === "string") error.action = value.action;
      if (typeof topic === "string") error.topic = topic;
      return { control: error };
    }
  }
  return isControl(value) ? { control: value } : { notification: value };
}

function isControl(value: unknown): value is ControlFrame {
  if (!isObject(value)) return false;
  const required = controlKeys.get(value.type);
  if (!required || !required.every((key) => typeof value[key] === "string")) return false;
  const optional = value.type === "error" ? ["action", "topic"] : [];
  return Object.keys(value).every((key) => key === "type" || required.includes(key) || optional.includes(key));
}
