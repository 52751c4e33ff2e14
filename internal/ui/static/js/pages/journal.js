// journal.js: the requests clients sent, newest first, live (polling
// GET /__wxmock/journal?since=), with schema violations and unknown fields
// highlighted in the body at their JSON pointer.
import { get, del } from "../api.js";
import { h, badge, unix, field, table, showError } from "../dom.js";
import { jsonView } from "../jsonview.js";

const KEEP = 200; // entries shown at most
const opts = { path: "", appid: "", onlyBad: false, paused: false };

// unknownFields reads the pointers of the "unknown field /a/b" notes.
function unknownFields(notes) {
  const out = [];
  for (const n of notes || []) {
    const m = /^unknown field (\/[^;\s]*)/.exec(n);
    if (m) out.push({ pointer: m[1], message: n, kind: "unknown" });
  }
  return out;
}

function violationTable(vs, title) {
  return h("div", null, h("h4", null, title), table([
    ["Pointer", (v) => h("code", null, v.pointer || "(the body)")],
    ["Keyword", (v) => v.keyword],
    ["Message", (v) => v.message],
    ["errcode", (v) => v.errcode || ""],
  ], vs));
}

function entry(e) {
  const bad = (e.violations || []).length + (e.response_violations || []).length;
  const req = [...(e.violations || []).map((v) => ({ pointer: v.pointer, message: `${v.keyword}: ${v.message}`, kind: "violation" })), ...unknownFields(e.notes)];
  const resp = (e.response_violations || []).map((v) => ({ pointer: v.pointer, message: `${v.keyword}: ${v.message}`, kind: "violation" }));
  const ok = e.status < 400 && e.errcode === 0;
  return h("details", { class: "entry", "data-seq": e.seq, open: bad > 0 || req.length > 0 },
    h("summary", null,
      h("span", { class: "seq" }, `#${e.seq}`), " ",
      h("span", { class: "time" }, unix(e.time)), " ",
      h("strong", null, `${e.method} ${e.path}`), " ",
      badge(e.errcode ? `${e.status} · ${e.errcode}` : String(e.status), ok ? "ok" : "bad"), " ",
      e.violation_count ? badge(`${e.violation_count} violation${e.violation_count > 1 ? "s" : ""}`, "bad") : null, " ",
      h("span", { class: "dur" }, `${(e.duration_us / 1000).toFixed(1)} ms`)),
    h("div", { class: "entry-body" },
      e.errmsg ? h("p", null, "errmsg: ", h("code", null, e.errmsg)) : null,
      e.appid ? h("p", null, "app: ", h("code", null, e.appid), e.endpoint ? ` · endpoint ${e.endpoint}` : "") : null,
      e.query ? h("p", null, "query: ", h("code", null, e.query)) : null,
      h("div", { class: "bodies" },
        h("div", null, h("h4", null, "Request"), e.request ? jsonView(e.request, req) : h("p", { class: "hint" }, "(no body)")),
        h("div", null, h("h4", null, "Response"), e.response ? jsonView(e.response, resp) : h("p", { class: "hint" }, "(no body)"))),
      (e.violations || []).length ? violationTable(e.violations, "Schema violations (what the client sent wrong)") : null,
      (e.response_violations || []).length ? violationTable(e.response_violations, "Response violations (a wxmock bug)") : null,
      (e.notes || []).length ? h("ul", { class: "notes" }, e.notes.map((n) => h("li", null, n))) : null));
}

function shown(e) {
  const bad = (e.violations || []).length + (e.response_violations || []).length + unknownFields(e.notes).length;
  return !opts.onlyBad || bad > 0;
}

export default {
  title: "Journal",
  async render(root, { signal, sleep }) {
    const list = h("div", { class: "entries", id: "journal-entries" });
    const status = h("span", { class: "hint" });
    let since = 0;
    let gen = 0; // bumped by a filter change, so a poll in flight is dropped
    const query = (extra) => {
      const q = new URLSearchParams(extra);
      if (opts.path) q.set("path", opts.path);
      if (opts.appid) q.set("appid", opts.appid);
      return `/journal?${q}`;
    };
    const restart = () => { since = 0; gen++; list.replaceChildren(); };
    const on = (key) => (ev) => { opts[key] = ev.target.type === "checkbox" ? ev.target.checked : ev.target.value.trim(); restart(); };
    root.replaceChildren(
      h("form", { class: "inline filters", onsubmit: (ev) => ev.preventDefault() },
        field("Path", h("input", { name: "path", value: opts.path, placeholder: "/wxa/* or an exact path", onchange: on("path") })),
        field("AppID", h("input", { name: "appid", value: opts.appid, onchange: on("appid") })),
        h("label", { class: "check" }, h("input", { type: "checkbox", checked: opts.onlyBad, onchange: on("onlyBad") }), " only with violations or unknown fields"),
        h("label", { class: "check" }, h("input", { type: "checkbox", checked: opts.paused, onchange: (ev) => { opts.paused = ev.target.checked; } }), " pause"),
        h("button", { type: "button", onclick: async () => {
          try { await del("/journal"); restart(); } catch (err) { showError(err.message); }
        } }, "Clear the journal"),
        status),
      list);
    while (!signal.aborted) {
      if (!opts.paused) {
        const first = since === 0;
        const mine = gen;
        const { entries } = await get(query(first ? { limit: "100" } : { since: String(since) }));
        if (signal.aborted) break;
        if (mine !== gen) continue;
        for (const e of entries) {
          since = Math.max(since, e.seq);
          if (shown(e)) list.prepend(entry(e));
        }
        while (list.childElementCount > KEEP) list.lastElementChild.remove();
        if (!list.childElementCount) list.replaceChildren(h("p", { class: "empty" }, "No requests yet."));
        else list.querySelector(":scope > p.empty")?.remove();
        status.textContent = `live · last #${since}`;
      } else {
        status.textContent = "paused";
      }
      await sleep(1000);
    }
  },
};
