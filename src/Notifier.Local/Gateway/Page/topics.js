// The Topics & streams view: topics with their member counts, streams with their last seq, and a history browser
// that pages a stream with the history API (GET /users/{id}/messages or /topics/{topic}/messages, after and limit).
import { byId, element, count, duration, readJson } from "./dom.js";

const PAGE = 20;

export class Topics {
  constructor() {
    this.stream = null;
    this.after = 0;
    this.last = 0;
    byId("streams-list").addEventListener("click", (event) => {
      const row = event.target.closest("tr[data-stream]");
      if (row) this.browse(row.dataset.stream, Number(row.dataset.lastSeq));
    });
    byId("history-older").addEventListener("click", () => this.page(Math.max(0, this.after - PAGE)));
    byId("history-newer").addEventListener("click", () => this.page(Math.min(this.after + PAGE, Math.max(0, this.last - PAGE))));
  }

  async refresh() {
    try {
      const [topics, streams] = await Promise.all([getJson("/_local/topics"), getJson("/_local/streams")]);
      this.showTopics(topics);
      this.showStreams(streams);
      this.showError(null);
    } catch (error) {
      this.showError(`Could not list topics and streams: ${error.message}`);
    }
  }

  showTopics(topics) {
    byId("topics-empty").hidden = topics.length > 0;
    byId("topics-list").replaceChildren(...topics.map((t) => element("tr", { "data-topic": t.topic },
      element("td", {}, element("code", {}, t.topic)),
      element("td", { class: "num" }, count(t.members)))));
  }

  showStreams({ retentionSeconds, listing, streams }) {
    byId("streams-retention").textContent = duration(retentionSeconds ?? 0);
    byId("streams-empty").hidden = streams.length > 0;
    byId("streams-empty").textContent = listing === false ? "The history could not be read just now." : "No streams.";
    byId("streams-list").replaceChildren(...streams.map((s) => element("tr", {
      "data-stream": s.stream, "data-last-seq": s.lastSeq, class: "clickable", tabindex: 0, title: "Browse its history",
    },
    element("td", {}, element("code", {}, s.stream)),
    element("td", { class: "num" }, count(s.lastSeq)),
    element("td", { class: "num" }, count(s.stored)))));
  }

  /** Opens a stream's newest page. */
  browse(stream, lastSeq) {
    this.stream = stream;
    byId("history").hidden = false;
    byId("history-stream").textContent = stream;
    this.page(Math.max(0, lastSeq - PAGE));
  }

  async page(after) {
    const stream = this.stream;
    if (stream === null) return;
    let page;
    try {
      page = await getJson(`${historyPath(stream)}?after=${after}&limit=${PAGE}`);
    } catch (error) {
      showNote(`Could not read the history: ${error.message}`);
      return;
    }
    if (stream !== this.stream) return;
    this.after = after;
    this.last = page.last;
    const messages = page.messages ?? [];
    const first = messages.length ? messages[0].seq : after + 1;
    const lastShown = messages.length ? messages[messages.length - 1].seq : after;
    byId("history-range").textContent = messages.length ? `seq ${first}–${lastShown} of ${page.last}` : `nothing after seq ${after} (last ${page.last})`;
    byId("history-older").disabled = after <= 0;
    byId("history-newer").disabled = lastShown >= page.last;
    showNote(page.complete === false ? "Some messages in this range have expired." : null);
    byId("history-messages").replaceChildren(...messages.map((m) => element("li", { "data-seq": m.seq },
      element("div", { class: "history-head" }, element("strong", {}, `#${m.seq}`), " ", element("code", { class: "muted" }, m.id)),
      element("pre", { class: "output" }, JSON.stringify(m.message, null, 2)))));
  }

  showError(text) {
    const box = byId("topics-error");
    box.hidden = !text;
    box.textContent = text ?? "";
  }
}

/** The history API's path for a stream: "user:alice" is the user's stream, any other name a topic's. */
export function historyPath(stream) {
  if (stream.startsWith("user:")) return `/users/${encodeURIComponent(stream.slice(5))}/messages`;
  return `/topics/${stream.split("/").map(encodeURIComponent).join("/")}/messages`;
}

function showNote(text) {
  const note = byId("history-note");
  note.hidden = !text;
  note.textContent = text ?? "";
}

async function getJson(url) {
  const response = await fetch(url);
  const body = await readJson(response);
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  return body;
}
