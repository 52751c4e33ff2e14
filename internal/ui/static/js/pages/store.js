// store.js: the store mini program's merchant, map places (POIs), stores
// and old-manager stores, with their statuses.
import { get } from "../api.js";
import { h, table, section, badge, unix } from "../dom.js";

const MERCHANT = { 0: ["none", "idle"], 1: ["approved", "ok"], 2: ["in audit", "warn"], 3: ["failed", "bad"], 4: ["rejected", "bad"] };
const POI = { 0: ["in audit", "warn"], 1: ["approved", "ok"], 2: ["refused", "bad"] };
const STORE = { 1: ["approved", "ok"], 2: ["in audit", "warn"], 3: ["failed", "bad"] };
const UPGRADE = { 0: ["to migrate", "idle"], 1: ["failed", "bad"], 2: ["migrating", "warn"], 3: ["migrated", "ok"], 4: ["not allowed", "bad"] };

const status = (names, n) => badge(`${n} ${(names[n] || ["?"])[0]}`, (names[n] || [, "idle"])[1]);

export default {
  title: "Store",
  async render(root) {
    const st = await get("/state");
    root.replaceChildren(
      section("Merchants", table([
        ["App", (m) => h("code", null, m.appid)],
        ["Nickname", (m) => m.nickname],
        ["Intro", (m) => m.intro],
        ["Categories", (m) => `${m.first_catid} / ${m.second_catid}`],
        ["Status", (m) => status(MERCHANT, m.status)],
        ["Audit", (m) => m.audit_id || ""],
        ["Reason", (m) => m.reason],
        ["Modified", (m) => `${m.modify_count}${m.modify_month ? ` in ${m.modify_month}` : ""}`],
      ], st.merchants, (m) => ({ "data-merchant": m.appid }), "No merchant has applied.")),
      section("Places (map POIs)", table([
        ["App", (p) => h("code", null, p.appid)],
        ["Name", (p) => p.name],
        ["Address", (p) => [p.province, p.city, p.district, p.address].filter(Boolean).join(" ")],
        ["Position", (p) => `${p.latitude}, ${p.longitude}`],
        ["Category", (p) => p.category],
        ["Status", (p) => status(POI, p.status)],
        ["Base ID", (p) => p.base_id],
        ["Map POI ID", (p) => p.map_poi_id],
        ["Remark", (p) => p.sh_remark],
      ], st.map_pois, (p) => ({ "data-base-id": p.base_id }), "No place created.")),
      section("Stores", table([
        ["App", (s) => h("code", null, s.appid)],
        ["POI ID", (s) => s.poi_id],
        ["Map POI ID", (s) => s.map_poi_id],
        ["Company", (s) => s.company_name],
        ["Hours", (s) => s.hour],
        ["Phone", (s) => s.contract_phone],
        ["Status", (s) => status(STORE, s.status)],
        ["Audit", (s) => s.audit_id || ""],
        ["Pictures", (s) => `${(s.pictures || []).length}${s.pending_pictures ? ` (+${s.pending_pictures.length} in audit)` : ""}`],
        ["Reason", (s) => s.reason],
        ["Created", (s) => unix(s.created_at)],
      ], st.stores, (s) => ({ "data-poi-id": s.poi_id }), "No store added.")),
      section("Stores of the old manager", table([
        ["App", (s) => h("code", null, s.appid)],
        ["POI ID", (s) => s.poi_id],
        ["Map ID", (s) => s.mapid],
        ["Name", (s) => (s.base_info && (s.base_info.business_name || s.base_info.name)) || ""],
        ["Migration", (s) => status(UPGRADE, s.upgrade_status)],
        ["Comment", (s) => s.upgrade_comment],
      ], st.legacy_stores, null, "None.")));
  },
};
