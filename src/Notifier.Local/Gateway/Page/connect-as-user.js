// The "Connect as a user" view: runs the browser client (the same code as clients/js) as a user and shows what it receives.
import { NotifierClient } from "/_local/notifier-client.js";
import { byId, stage } from "./dom.js";

export class ConnectAsUser {
  /** @param {import("./send.js").Send} send publishes the Send view's message to the topic */
  constructor(send) {
    this.client = null;
    this.wsUrl = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/${stage()}`;
    byId("connect").addEventListener("submit", (event) => { event.preventDefault(); this.connect(); });
    byId("disconnect-button").addEventListener("click", () => this.client?.close());
    byId("whoami-button").addEventListener("click", async () => {
      try { this.log(`whoami: ${JSON.stringify(await this.client.whoami())}`); } catch (error) { this.log(`whoami failed: ${error.message}`); }
    });
    byId("topics").addEventListener("submit", (event) => { event.preventDefault(); this.topicRequest("subscribe"); });
    byId("unsubscribe-button").addEventListener("click", () => this.topicRequest("unsubscribe"));
    byId("topic-send-button").addEventListener("click", () => send.publish({ topic: byId("topic").value.trim() }));
    this.send = send;
  }

  log(text) {
    const box = byId("client-log");
    box.textContent = `${new Date().toLocaleTimeString()} ${text}\n${box.textContent}`;
  }

  connect() {
    this.client?.close();
    const userId = byId("connect-user").value;
    const client = new NotifierClient({ url: this.wsUrl, getToken: () => tokenFor(userId) });
    this.client = client;
    client.on("state", (state) => {
      byId("client-state").textContent = state;
      for (const id of ["disconnect-button", "whoami-button", "subscribe-button", "unsubscribe-button"]) byId(id).disabled = state === "closed";
      this.log(`state: ${state}`);
    });
    client.on("message", (data) => this.log(`notification: ${JSON.stringify(data)}`));
    client.on("error", (error) => {
      this.log(`error (${error.kind}): ${error.message}${error.cause ? `: ${error.cause.message}` : ""}`);
      this.showTopics();
    });
    // The Send view then addresses this user.
    byId("user").value = userId;
    this.showTopics();
    client.connect();
  }

  // The client keeps its topics and subscribes to them again after every reconnect.
  showTopics() {
    byId("client-topics").textContent = this.client?.topics.size ? [...this.client.topics].join(", ") : "none";
  }

  async topicRequest(action) {
    const topic = byId("topic").value.trim();
    try { await this.client[action](topic); this.log(`${action}d: ${topic}`); } catch (error) { this.log(`${action} ${topic} failed: ${error.message}`); }
    this.showTopics();
  }
}

async function tokenFor(userId) {
  const pasted = byId("connect-token").value.trim();
  if (pasted) return pasted;
  const topics = byId("connect-topics").value.split(",").map((t) => t.trim()).filter((t) => t);
  const response = await fetch("/_local/token", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ userId, topics }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message);
  return body.token;
}
