// apps.js: the apps, their credentials and push settings, which can be
// changed here (POST /__wxmock/apps keeps the app's data).
import { get, post } from "../api.js";
import { h, table, section, unix, field, select, showError } from "../dom.js";

function pushForm(apps, reload) {
  const pick = select({ name: "appid" }, apps.map((a) => [a.appid, `${a.name} (${a.appid})`]));
  const url = h("input", { name: "url", type: "url", placeholder: "http://127.0.0.1:9000/wx" });
  const token = h("input", { name: "token", placeholder: "3 to 32 letters or digits" });
  const aes = h("input", { name: "aes_key", placeholder: "43 characters, for safe or compat" });
  const mode = select({ name: "mode" }, [["plain", "plain"], ["safe", "safe (encrypted)"], ["compat", "compat (both)"]]);
  const fill = () => {
    const a = apps.find((x) => x.appid === pick.value);
    if (!a) return;
    url.value = a.push.url; token.value = a.push.token; aes.value = a.push.aes_key; mode.value = a.push.mode || "plain";
  };
  pick.addEventListener("change", fill);
  fill();
  const form = h("form", { class: "inline", id: "push-form" },
    field("App", pick), field("Push URL", url), field("Token", token), field("EncodingAESKey", aes), field("Mode", mode),
    h("button", { type: "submit" }, "Save push settings"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const a = apps.find((x) => x.appid === pick.value);
    try {
      await post("/apps", { appid: a.appid, secret: a.secret, name: a.name, original_id: a.original_id,
        push: { url: url.value.trim(), token: token.value.trim(), aes_key: aes.value.trim(), mode: mode.value } });
      await reload();
    } catch (err) {
      showError(err.message);
    }
  });
  return form;
}

export default {
  title: "Apps",
  async render(root) {
    const load = async () => {
      const { apps } = await get("/apps");
      root.replaceChildren(
        section("Credentials and push settings", table([
          ["Name", (a) => a.name],
          ["AppID", (a) => h("code", null, a.appid)],
          ["Secret", (a) => h("code", null, a.secret)],
          ["Original ID", (a) => a.original_id],
          ["Created", (a) => unix(a.created_at)],
          ["Push URL", (a) => a.push.url || "—"],
          ["Token", (a) => a.push.token || "—"],
          ["AES key", (a) => a.push.aes_key || "—"],
          ["Mode", (a) => a.push.mode],
        ], apps, (a) => ({ "data-appid": a.appid }), "No apps.")),
        section("Change push settings", pushForm(apps, load)));
    };
    await load();
  },
};
