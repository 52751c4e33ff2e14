// faults.js: the scripted failures in force; add one with the form, delete
// one or all.
import { get, post, del } from "../api.js";
import { h, table, field, select, showError } from "../dom.js";

function effect(f) {
  const parts = [];
  if (f.errcode !== undefined) parts.push(`errcode ${f.errcode}${f.errmsg ? ` “${f.errmsg}”` : ""}`);
  if (f.drop) parts.push("drop the connection");
  if (f.malformed) parts.push("malformed JSON");
  if (f.html) parts.push("an HTML error page");
  if (f.latency_ms) parts.push(`${f.latency_ms} ms late`);
  return parts.join(", ") || "none";
}

function schedule(f) {
  const parts = [];
  if (f.every) parts.push(`every ${f.every}th call`);
  if (f.probability !== undefined) parts.push(`probability ${f.probability} (seed ${f.seed})`);
  if (f.times) parts.push(`at most ${f.times} times`);
  return parts.join(", ") || "every call";
}

// spec reads the form into a POST /__wxmock/faults body.
function spec(form) {
  const v = (name) => form.elements[name].value.trim();
  const num = (name) => (v(name) === "" ? undefined : Number(v(name)));
  const s = { path: v("path") || "*" };
  if (v("appid")) s.appid = v("appid");
  const kind = v("kind");
  if (kind === "errcode") {
    s.errcode = num("errcode");
    if (v("errmsg")) s.errmsg = v("errmsg");
  } else if (kind) {
    s[kind] = true;
  }
  for (const k of ["latency_ms", "times", "every", "probability", "seed"]) if (num(k) !== undefined) s[k] = num(k);
  return s;
}

export default {
  title: "Faults",
  async render(root) {
    const list = h("div", { id: "fault-list" });
    const load = async () => {
      const { faults } = await get("/faults");
      list.replaceChildren(table([
        ["ID", (f) => f.id],
        ["Path", (f) => h("code", null, f.path)],
        ["App", (f) => f.appid || "any"],
        ["Effect", effect],
        ["Schedule", schedule],
        ["Calls", (f) => f.calls],
        ["Hits", (f) => f.hits],
        ["", (f) => f.spent ? "spent" : ""],
        ["", (f) => h("button", { type: "button", class: "delete", onclick: () => act(() => del(`/faults/${f.id}`)) }, "Delete")],
      ], faults, (f) => ({ "data-fault-id": f.id }), "No faults in force."));
    };
    const act = async (fn) => {
      try { await fn(); showError(""); await load(); } catch (err) { showError(err.message); }
    };
    const { apps } = await get("/apps");
    const form = h("form", { class: "inline", id: "fault-form" },
      field("Path", h("input", { name: "path", placeholder: "/promoter/getpromoter, /wxa/* or *", required: true })),
      field("App", select({ name: "appid" }, [["", "any"], ...apps.map((a) => [a.appid, a.name])])),
      field("Effect", select({ name: "kind" }, [["errcode", "errcode"], ["drop", "drop the connection"], ["malformed", "malformed JSON"], ["html", "HTML error page"], ["", "only latency"]])),
      field("errcode", h("input", { name: "errcode", type: "number", value: "45009" })),
      field("errmsg", h("input", { name: "errmsg", placeholder: "from the catalogue" })),
      field("Latency (ms)", h("input", { name: "latency_ms", type: "number", min: "0", max: "60000" })),
      field("Times", h("input", { name: "times", type: "number", min: "1" })),
      field("Every Nth", h("input", { name: "every", type: "number", min: "1" })),
      field("Probability", h("input", { name: "probability", type: "number", min: "0", max: "1", step: "any" })),
      field("Seed", h("input", { name: "seed", type: "number" })),
      h("button", { type: "submit" }, "Add fault"));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      act(async () => { await post("/faults", spec(form)); form.elements.path.value = ""; });
    });
    root.replaceChildren(
      list,
      h("div", { class: "toolbar" }, h("button", { type: "button", class: "delete", onclick: () => act(() => del("/faults")) }, "Delete all")),
      h("section", null, h("h2", null, "Add a fault"), form));
    await load();
  },
};
