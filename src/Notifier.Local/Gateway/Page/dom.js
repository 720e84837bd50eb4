// Small DOM helpers. Text from the gateway always goes in through textContent, never as markup.

/** The element with this id. */
export const byId = (id) => document.getElementById(id);

/**
 * Creates an element: `attributes` are set as attributes (data-*, class, title...), `children` are nodes or strings
 * (strings become text nodes).
 */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** "14:03:07.123" in local time. */
export function clockTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n, width = 2) => String(n).padStart(width, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** "42 s", "3 min 5 s", "2 h 4 min". */
export function duration(seconds) {
  seconds = Math.max(0, Math.floor(seconds));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** How long ago an ISO time was, as `duration` says it. */
export const ago = (iso) => `${duration((Date.now() - new Date(iso).getTime()) / 1000)} ago`;

/** A number with thousands separators. */
export const count = (n) => (typeof n === "number" ? n.toLocaleString("en-US") : "0");

/** The stage this gateway serves, from the page's meta tag. */
export const stage = () => document.querySelector("meta[name=notifier-stage]").content;

/** Reads a JSON answer; a body that is not JSON becomes {message: text}. */
export async function readJson(response) {
  const text = await response.text();
  try { return JSON.parse(text); } catch { return { message: text }; }
}
