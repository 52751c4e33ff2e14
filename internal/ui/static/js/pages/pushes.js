// pushes.js: every push with every delivery attempt, and its plain and
// sent XML; refreshed every two seconds while shown.
import { get } from "../api.js";
import { h, table, badge } from "../dom.js";

const STATE = { delivered: "ok", pending: "warn", failed: "bad" };

function attempts(p) {
  return table([
    ["#", (a) => a.n],
    ["Status", (a) => badge(a.status ? String(a.status) : "no answer", a.error ? "bad" : "ok")],
    ["Error", (a) => a.error || ""],
    ["Duration", (a) => `${a.duration_ms} ms`],
    ["At (wall clock)", (a) => a.at],
  ], p.attempts || [], (a) => ({ class: "attempt", "data-status": a.status }), "Not tried yet.");
}

function card(p, open) {
  const xml = (title, key, text) => h("details", { "data-key": `${p.id}/${key}`, open: open.has(`${p.id}/${key}`) },
    h("summary", null, title), h("pre", { class: "xml" }, text));
  return h("article", { class: "card", "data-push-id": p.id, "data-state": p.state },
    h("header", null,
      h("strong", null, `#${p.id} ${p.event}`), " ",
      badge(p.state, STATE[p.state]), " ",
      h("code", null, p.appid), " ", h("span", { class: "mode" }, p.mode)),
    h("p", { class: "url" }, h("code", null, p.url)),
    p.error ? h("p", { class: "bad-text" }, p.error) : null,
    attempts(p),
    xml("Plain XML", "plain", p.plain),
    p.body !== p.plain ? xml("Sent body", "body", p.body) : h("p", { class: "hint" }, "Sent as is (plain mode)."));
}

export default {
  title: "Pushes",
  async render(root, { signal, sleep }) {
    let last = "";
    while (!signal.aborted) {
      const data = await get("/pushes");
      const text = JSON.stringify(data);
      if (text !== last && !signal.aborted) {
        last = text;
        const open = new Set([...root.querySelectorAll("details[open]")].map((d) => d.dataset.key));
        const list = [...data.pushes].reverse(); // newest first
        root.replaceChildren(list.length ? h("div", { class: "cards" }, list.map((p) => card(p, open)))
          : h("p", { class: "empty" }, "No pushes yet: resolve an audit of an app with a push URL."));
      }
      await sleep(2000);
    }
  },
};
