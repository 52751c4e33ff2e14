// promoters.js: the promoters of GET /__wxmock/state, filtered by app,
// role, authorization, declaration and openid, a page at a time.
import { get } from "../api.js";
import { h, table, unix, field, select, badge } from "../dom.js";

const PAGE = 20;
const AUTH = { 0: ["not yet authorized", "warn"], 1: ["authorized", "ok"], 2: ["cancelled", "bad"] };
const DECL = { 1: ["declared", "ok"], 2: ["cancelled", "bad"] };

// The filters survive a refresh and a visit to another page.
const filter = { appid: "", role: "", auth: "", decl: "", openid: "", page: 0 };

function matches(p) {
  return (!filter.appid || p.appid === filter.appid) &&
    (filter.role === "" || String(p.role_id) === filter.role) &&
    (filter.auth === "" || String(p.auth_status) === filter.auth) &&
    (filter.decl === "" || String(p.decl_status) === filter.decl) &&
    (!filter.openid || p.openid.toLowerCase().includes(filter.openid.toLowerCase()));
}

export default {
  title: "Promoters",
  async render(root) {
    const st = await get("/state");
    const roleName = new Map(st.roles.map((r) => [`${r.appid}/${r.role_id}`, r.name]));
    const list = h("div", { id: "promoter-list" });
    const draw = () => {
      const rows = st.promoters.filter(matches);
      const pages = Math.max(1, Math.ceil(rows.length / PAGE));
      filter.page = Math.min(filter.page, pages - 1);
      const shown = rows.slice(filter.page * PAGE, (filter.page + 1) * PAGE);
      const go = (d) => () => { filter.page += d; draw(); };
      list.replaceChildren(
        h("p", { class: "count" }, `${rows.length} of ${st.promoters.length} promoters`),
        table([
          ["ID", (p) => p.id],
          ["OpenID", (p) => h("code", null, p.openid)],
          ["Name", (p) => p.name],
          ["Phone", (p) => p.phone],
          ["Role", (p) => `${p.role_id} ${roleName.get(`${p.appid}/${p.role_id}`) || ""}`],
          ["Authorization", (p) => badge(...(AUTH[p.auth_status] || [String(p.auth_status)]))],
          ["Declaration", (p) => badge(...(DECL[p.decl_status] || [String(p.decl_status)]))],
          ["Retail ID", (p) => p.retail_id],
          ["Extra", (p) => p.extra_info],
          ["App", (p) => h("code", null, p.appid)],
          ["Updated", (p) => unix(p.update_time)],
        ], shown, (p) => ({ "data-openid": p.openid }), "No promoter matches."),
        h("div", { class: "pager" },
          h("button", { type: "button", disabled: filter.page === 0, onclick: go(-1) }, "‹ Previous"),
          h("span", null, `Page ${filter.page + 1} of ${pages}`),
          h("button", { type: "button", disabled: filter.page >= pages - 1, onclick: go(1) }, "Next ›")));
    };
    const on = (key) => (ev) => { filter[key] = ev.target.value; filter.page = 0; draw(); };
    const roles = [...new Map(st.roles.map((r) => [String(r.role_id), `${r.role_id} ${r.name}`])).entries()];
    root.replaceChildren(
      h("form", { class: "inline filters", id: "promoter-filters", onsubmit: (ev) => ev.preventDefault() },
        field("App", select({ name: "appid", onchange: on("appid") }, [["", "all"], ...st.apps.map((a) => [a.appid, a.name])], filter.appid)),
        field("Role", select({ name: "role", onchange: on("role") }, [["", "all"], ...roles], filter.role)),
        field("Authorization", select({ name: "auth", onchange: on("auth") }, [["", "all"], ...Object.entries(AUTH).map(([k, [t]]) => [k, `${k} ${t}`])], filter.auth)),
        field("Declaration", select({ name: "decl", onchange: on("decl") }, [["", "all"], ...Object.entries(DECL).map(([k, [t]]) => [k, `${k} ${t}`])], filter.decl)),
        field("OpenID", h("input", { name: "openid", type: "search", value: filter.openid, placeholder: "part of an openid", oninput: on("openid") }))),
      list);
    draw();
  },
};
