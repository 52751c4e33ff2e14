// clock.js: the virtual clock (freeze, unfreeze, advance by a duration),
// and the server's reset.
import { get, post } from "../api.js";
import { h, field, section, showError } from "../dom.js";

const UNITS = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

// seconds reads a duration such as "90s", "1h30m" or "2d" (a bare number is
// seconds); NaN when it is not one.
export function seconds(text) {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0, m, end = 0;
  while ((m = re.exec(t))) { total += Number(m[1]) * UNITS[m[2]]; end = re.lastIndex; }
  return end === t.length && end > 0 ? total : NaN;
}

export default {
  title: "Clock",
  async render(root) {
    const now = h("p", { class: "now", id: "clock-now" });
    const draw = (c) => {
      now.replaceChildren(h("strong", null, c.time), ` (unix ${c.now}) · `, c.frozen ? "frozen" : "running");
      freeze.textContent = c.frozen ? "Unfreeze" : "Freeze";
      freeze.dataset.frozen = c.frozen;
    };
    const act = async (fn) => {
      try { draw(await fn()); showError(""); } catch (err) { showError(err.message); }
    };
    const freeze = h("button", { type: "button", id: "freeze", onclick: () => act(() => post("/clock", { frozen: freeze.dataset.frozen !== "true" })) });
    const by = h("input", { name: "by", id: "advance-by", value: "5s", placeholder: "90s, 1h30m, 2d", required: true });
    const advance = h("form", { class: "inline", id: "advance-form" }, field("Advance by", by), h("button", { type: "submit" }, "Advance"));
    advance.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const n = seconds(by.value);
      if (!(n > 0)) { showError(`“${by.value}” is not a duration: write 90s, 1h30m or 2d`); return; }
      act(() => post("/clock/advance", { seconds: n }));
    });
    const reset = h("button", { type: "button", class: "delete", onclick: async () => {
      if (!window.confirm("Reset wxmock to its initial state? The journal and faults go too.")) return;
      try { await post("/reset"); draw(await get("/clock")); } catch (err) { showError(err.message); }
    } }, "Reset the state");
    root.replaceChildren(
      section("Virtual clock", now, h("div", { class: "toolbar" }, freeze), advance,
        h("p", { class: "hint" }, "Advancing resolves the audits that come due; their pushes follow.")),
      section("Server", h("p", null, "Reset restores the state wxmock started with."), reset));
    draw(await get("/clock"));
  },
};
