// The Connections view: every open connection, with a Disconnect button that calls the management API as a backend would.
import { byId, element, duration, ago, count, stage, readJson } from "./dom.js";

export class Connections {
  /** @param {(n: number) => void} onCount the number of open connections, for the header */
  constructor(onCount) {
    this.onCount = onCount;
    this.body = byId("connections");
    this.body.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-disconnect]");
      if (button) this.disconnect(button);
    });
  }

  async refresh() {
    let list;
    try {
      const response = await fetch("/_local/connections");
      list = await readJson(response);
      if (!response.ok) throw new Error(list.message ?? `HTTP ${response.status}`);
    } catch (error) {
      this.showError(`Could not list the connections: ${error.message}`);
      return;
    }
    this.showError(null);
    this.onCount(list.length);
    byId("connections-empty").hidden = list.length > 0;
    this.body.replaceChildren(...list.map((c) => element("tr", { "data-connection-id": c.connectionId, "data-testid": "connection-row" },
      element("td", {}, c.userId),
      element("td", {}, element("code", {}, c.connectionId)),
      element("td", {}, duration(c.connectedForSeconds)),
      element("td", {}, c.lastActiveAt ? ago(c.lastActiveAt) : ""),
      element("td", { class: "subscriptions" }, (c.subscriptions ?? []).join(", ")),
      element("td", { class: "num" }, count(c.messagesIn)),
      element("td", { class: "num" }, count(c.messagesOut)),
      element("td", {}, element("button", {
        type: "button", class: "danger", "data-disconnect": c.connectionId, "data-testid": "disconnect-button",
        title: `DELETE /${stage()}/@connections/${c.connectionId}`,
      }, "Disconnect")))));
  }

  async disconnect(button) {
    const id = button.dataset.disconnect;
    button.disabled = true;
    try {
      const response = await fetch(`/${encodeURIComponent(stage())}/@connections/${encodeURIComponent(id)}`, { method: "DELETE" });
      if (!response.ok && response.status !== 410) {
        const body = await readJson(response);
        this.showError(`DELETE ${id}: ${response.status} ${body.message ?? ""}`);
      }
    } catch (error) {
      this.showError(`DELETE ${id}: ${error.message}`);
    }
    await this.refresh();
  }

  showError(text) {
    const box = byId("connections-error");
    box.hidden = !text;
    box.textContent = text ?? "";
  }
}
