// roles.js: the promoter roles of every app, with how many promoters each
// has.
import { get } from "../api.js";
import { h, table } from "../dom.js";

export default {
  title: "Roles",
  async render(root) {
    const st = await get("/state");
    const count = new Map();
    for (const p of st.promoters) count.set(`${p.appid}/${p.role_id}`, (count.get(`${p.appid}/${p.role_id}`) || 0) + 1);
    root.replaceChildren(table([
      ["App", (r) => h("code", null, r.appid)],
      ["Role ID", (r) => r.role_id],
      ["Name", (r) => r.name],
      ["Description", (r) => r.desc],
      ["Promoters", (r) => count.get(`${r.appid}/${r.role_id}`) || 0],
    ], st.roles, (r) => ({ "data-role": `${r.appid}/${r.role_id}` }), "No roles."));
  },
};
