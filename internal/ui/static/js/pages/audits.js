// audits.js: the audits, and buttons that resolve a pending one now
// (POST /__wxmock/audits/{id}/resolve); its push follows.
import { get, post } from "../api.js";
import { h, table, badge, unix, field, select, showError } from "../dom.js";

let state = "pending";

function buttons(a, reload) {
  if (a.state !== "pending") return badge(a.result, a.result === "pass" ? "ok" : "bad");
  const reason = h("input", { class: "reason", placeholder: "reason (for fail or reject)", "aria-label": "Reason" });
  const resolve = (outcome) => async () => {
    try {
      await post(`/audits/${a.audit_id}/resolve`, { outcome, reason: reason.value });
      await reload();
    } catch (err) {
      showError(err.message);
    }
  };
  const outcomes = ["pass", "fail"];
  if (a.kind === "apply_merchant_audit_info") outcomes.push("reject"); // only a merchant's administrator refuses
  return h("div", { class: "actions" }, reason,
    outcomes.map((o) => h("button", { type: "button", class: `outcome ${o}`, "data-outcome": o, onclick: resolve(o) }, o)));
}

export default {
  title: "Audits",
  async render(root) {
    const list = h("div");
    const load = async () => {
      const { audits } = await get(`/audits${state ? `?state=${encodeURIComponent(state)}` : ""}`);
      list.replaceChildren(table([
        ["Audit ID", (a) => a.audit_id],
        ["Kind", (a) => a.kind],
        ["State", (a) => badge(a.state, a.state === "pending" ? "warn" : "idle")],
        ["Result", (a) => buttons(a, load)],
        ["App", (a) => h("code", null, a.appid)],
        ["Subject", (a) => a.subject],
        ["Created", (a) => unix(a.created_at)],
        ["Due", (a) => unix(a.due_at)],
        ["Planned", (a) => a.planned],
        ["Resolved", (a) => unix(a.resolved_at)],
        ["Reason", (a) => a.reason],
      ], audits, (a) => ({ "data-audit-id": a.audit_id, "data-state": a.state }), "No audits."));
    };
    root.replaceChildren(
      h("form", { class: "inline filters", onsubmit: (ev) => ev.preventDefault() },
        field("State", select({ name: "state", onchange: (ev) => { state = ev.target.value; load().catch((e) => showError(e.message)); } },
          [["pending", "pending"], ["resolved", "resolved"], ["", "all"]], state)),
        h("button", { type: "button", onclick: () => load().catch((e) => showError(e.message)) }, "Refresh")),
      list);
    await load();
  },
};
