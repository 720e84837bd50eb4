// The Send view: publishes the message to a user, several users, a topic or everyone (POST /notifications) and shows
// the report readably: counts first, the id lists folded.
import { byId, element, count, readJson } from "./dom.js";

const TARGET_LABELS = { user: "User id", users: "User ids (comma-separated)", topic: "Topic", broadcast: "Everyone" };

export class Send {
  constructor() {
    this.form = byId("send");
    this.form.addEventListener("change", () => this.kindChanged());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const target = this.target();
      if (target) this.publish(target);
    });
    this.kindChanged();
  }

  kind() {
    return this.form.querySelector("input[name=send-kind]:checked").value;
  }

  kindChanged() {
    const kind = this.kind();
    byId("user-label").textContent = TARGET_LABELS[kind];
    const input = byId("user");
    input.disabled = kind === "broadcast";
    input.required = kind !== "broadcast";
  }

  /** The recipient part of the request, from the form; null (with the reason shown) when it is incomplete. */
  target() {
    const value = byId("user").value.trim();
    switch (this.kind()) {
      case "user": return { userId: value };
      case "users": {
        const userIds = value.split(",").map((id) => id.trim()).filter((id) => id);
        if (userIds.length === 0) { this.showProblem("Give at least one user id."); return null; }
        return { userIds };
      }
      case "topic": return { topic: value };
      default: return { broadcast: true };
    }
  }

  /** Publishes the message in the box to `recipient` ({userId}, {userIds}, {topic} or {broadcast}) and shows the report. */
  async publish(recipient) {
    let message;
    try { message = JSON.parse(byId("message").value); } catch (error) { this.showProblem(`The message is not JSON: ${error.message}`); return; }
    let response;
    let body;
    try {
      response = await fetch("/notifications", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ...recipient, message }),
      });
      body = await readJson(response);
    } catch (error) {
      this.showProblem(`The gateway did not answer: ${error.message}`);
      return;
    }
    if (response.status === 202 && body.messageId) {
      this.showAccepted(body);
      this.follow(body.messageId);
    } else if (response.ok) {
      this.showReport(response.status, body);
    } else {
      this.showProblem(`${response.status}: ${body.message ?? JSON.stringify(body)}`);
    }
  }

  showProblem(text) {
    byId("result").replaceChildren(element("p", { class: "error", id: "result-error" }, text));
  }

  showReport(status, report) {
    const counts = report.counts ?? {};
    byId("result").replaceChildren(...[
      element("p", { class: "report-status" }, `${status} · sent`, report.id ? " · message id " : "", report.id ? element("code", {}, report.id) : null),
      numbers([
        ["recipients", report.recipients],
        ["delivered", counts.delivered],
        ["after throttling", counts.deliveredAfterThrottling],
        ["gone", counts.gone],
        ["throttled", counts.throttled],
        ["failed", counts.failed],
      ]),
      report.truncated ? element("p", { class: "muted" }, "The id lists are cut at 1,000 each; the counts are exact.") : null,
      ids("Delivered", report.delivered),
      ids("Delivered after throttling", report.deliveredAfterThrottling),
      ids("Gone (pruned)", report.gone),
      ids("Failed", (report.failed ?? []).map((f) => `${f.connectionId}: ${f.status} ${f.reason}`)),
      report.streams ? ids("Streams (last seq)", Object.entries(report.streams).map(([stream, seq]) => `${stream}: ${seq}`)) : null,
      element("details", {}, element("summary", {}, "Report as JSON"), element("pre", { class: "output" }, JSON.stringify(report, null, 2))),
    ].filter((node) => node !== null));
  }

  showAccepted(accepted) {
    byId("result").replaceChildren(
      element("p", { class: "report-status" }, `202 · accepted in ${accepted.shards} shards · message id `, element("code", {}, accepted.messageId)),
      element("div", { id: "result-progress" }, "waiting for the shards…"));
  }

  /** Follows a sharded send's summed report (GET /notifications/{id}) until every shard has finished, for up to a minute. */
  async follow(messageId) {
    for (let i = 0; i < 120; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const progress = byId("result-progress");
      if (!progress) return; // another send replaced the report
      let summary;
      try {
        const response = await fetch(`/notifications/${encodeURIComponent(messageId)}`);
        if (!response.ok) continue;
        summary = await readJson(response);
      } catch { continue; }
      const shards = summary.shards ?? {};
      progress.replaceChildren(
        element("p", {}, summary.complete ? "Every shard has finished." : `Shards finished: ${count(shards.finished ?? shards.done ?? 0)} of ${count(shards.total ?? 0)}`),
        numbers([
          ["recipients", summary.recipients], ["delivered", summary.delivered], ["gone", summary.gone],
          ["throttled", summary.throttled], ["failed", summary.failed],
        ]));
      if (summary.complete) return;
    }
  }
}

/** The counts as a row of figures, each with a stable id (result-recipients, result-delivered...). */
function numbers(pairs) {
  return element("dl", { class: "numbers-row" }, ...pairs.flatMap(([label, value]) => [
    element("div", { class: "figure" },
      element("dt", {}, label),
      element("dd", { id: `result-${label.replaceAll(" ", "-")}` }, count(value ?? 0))),
  ]));
}

/** A folded list of ids: its count in the summary, the ids inside. */
function ids(title, list) {
  if (!list || list.length === 0) return null;
  return element("details", { class: "ids" },
    element("summary", {}, `${title} (${count(list.length)} listed)`),
    element("ul", {}, ...list.map((id) => element("li", {}, element("code", {}, id)))));
}
