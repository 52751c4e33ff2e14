// app.js: the hash router. Each page renders into <main> and polls, if it
// does, until the next navigation aborts its signal.
import { get } from "./api.js";
import { h, showError } from "./dom.js";
import apps from "./pages/apps.js";
import promoters from "./pages/promoters.js";
import roles from "./pages/roles.js";
import store from "./pages/store.js";
import audits from "./pages/audits.js";
import pushes from "./pages/pushes.js";
import journal from "./pages/journal.js";
import faults from "./pages/faults.js";
import clock from "./pages/clock.js";

const pages = { apps, promoters, roles, store, audits, pushes, journal, faults, clock };

let current = null; // the AbortController of the page shown

// sleep waits ms, or less when signal aborts.
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const stop = () => { clearTimeout(t); resolve(); };
    const t = setTimeout(() => { signal.removeEventListener("abort", stop); resolve(); }, ms);
    signal.addEventListener("abort", stop, { once: true });
  });
}

async function show() {
  const name = (location.hash.replace(/^#\/?/, "").split("?")[0]) || "apps";
  const page = pages[name] || apps;
  if (current) current.abort();
  current = new AbortController();
  const signal = current.signal;
  for (const a of document.querySelectorAll("#nav a")) {
    if (a.getAttribute("href") === `#/${name}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.title = `${page.title} · wxmock`;
  const view = document.getElementById("view");
  const body = h("div", { class: "page", "data-page": name });
  view.replaceChildren(h("h1", null, page.title), body);
  showError("");
  try {
    await page.render(body, { signal, sleep: (ms) => sleep(ms, signal) });
  } catch (err) {
    if (!signal.aborted) showError(err.message);
  }
}

async function clockBadge() {
  const badge = document.getElementById("clock-badge");
  for (;;) {
    try {
      const c = await get("/clock");
      badge.textContent = `${c.time.replace("T", " ")}${c.frozen ? " · frozen" : ""}`;
    } catch (err) {
      badge.textContent = "clock: " + err.message;
    }
    await new Promise((r) => setTimeout(r, 3000));
  }
}

window.addEventListener("hashchange", show);
show();
clockBadge();
