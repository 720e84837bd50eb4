// The publish detail panel: a publish's message JSON and its outcome per connection (GET /_local/publishes/{id}).
import { byId, element, clockTime, count, readJson } from "./dom.js";
import { targetText } from "./feed.js";

export class PublishDetail {
  constructor() {
    this.panel = byId("publish-detail");
    this.current = null;
    byId("publish-detail-close").addEventListener("click", () => this.close());
    document.addEventListener("keydown", (event) => { if (event.key === "Escape") this.close(); });
  }

  async open(publishId) {
    this.current = publishId;
    this.panel.hidden = false;
    byId("publish-detail-id").textContent = publishId;
    byId("publish-detail-summary").textContent = "Loading…";
    byId("publish-detail-message").textContent = "";
    byId("publish-detail-outcomes").replaceChildren();
    byId("publish-detail-truncated").hidden = true;
    this.showError(null);
    let response;
    let detail;
    try {
      response = await fetch(`/_local/publishes/${encodeURIComponent(publishId)}`);
      detail = await readJson(response);
    } catch (error) {
      this.showError(`The gateway did not answer: ${error.message}`);
      return;
    }
    if (this.current !== publishId) return;
    if (!response.ok) {
      byId("publish-detail-summary").textContent = "";
      this.showError(response.status === 404 ? "The gateway no longer keeps this publish (it keeps the last 100)." : `${response.status}: ${detail.message ?? ""}`);
      return;
    }
    const outcomes = detail.outcomes ?? [];
    const tally = {};
    for (const o of outcomes) tally[o.outcome] = (tally[o.outcome] ?? 0) + 1;
    byId("publish-detail-summary").textContent = `${clockTime(detail.time)} · to ${targetText(detail.target)}`
      + ` · status ${detail.status} · ${Object.entries(tally).map(([name, n]) => `${count(n)} ${name}`).join(", ") || "no recipients"}`;
    byId("publish-detail-message").textContent = JSON.stringify(detail.message, null, 2);
    byId("publish-detail-outcomes").replaceChildren(...outcomes.map((o) => element("tr", { "data-connection-id": o.connectionId, "data-outcome": o.outcome },
      element("td", {}, element("code", {}, o.connectionId)),
      element("td", {}, o.userId ?? ""),
      element("td", { class: `outcome ${o.outcome}` }, o.outcome))));
    byId("publish-detail-truncated").hidden = !detail.outcomesTruncated;
  }

  close() {
    this.current = null;
    this.panel.hidden = true;
  }

  showError(text) {
    const box = byId("publish-detail-error");
    box.hidden = !text;
    box.textContent = text ?? "";
  }
}
