// jsonview.js: a JSON body, pretty-printed as elements, with the values at
// given JSON pointers (RFC 6901) highlighted and explained.
import { h } from "./dom.js";

const esc = (key) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");

// has reports whether pointer names a value in doc.
function has(doc, pointer) {
  if (pointer === "") return true;
  let v = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (v === null || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, key)) return false;
    v = v[key];
  }
  return true;
}

// nearest is pointer, or its closest ancestor that doc has: a missing
// required field is shown on the object that lacks it.
function nearest(doc, pointer) {
  let p = pointer;
  while (p !== "" && !has(doc, p)) p = p.slice(0, p.lastIndexOf("/"));
  return p;
}

function scalar(v) {
  const type = v === null ? "null" : typeof v;
  return h("span", { class: `j-${type}` }, JSON.stringify(v));
}

function build(v, ptr, pad, marks) {
  let node;
  if (Array.isArray(v) || (v !== null && typeof v === "object")) {
    const isArr = Array.isArray(v);
    const keys = isArr ? v.map((_, i) => i) : Object.keys(v);
    const parts = [isArr ? "[" : "{"];
    keys.forEach((k, i) => {
      const child = `${ptr}/${esc(k)}`;
      const member = h("span", { class: "j-member" },
        isArr ? null : [h("span", { class: "j-key" }, JSON.stringify(String(k))), ": "],
        build(v[k], child, pad + "  ", marks));
      mark(member, child, marks);
      parts.push("\n" + pad + "  ", member, i < keys.length - 1 ? "," : "");
    });
    parts.push(keys.length ? "\n" + pad : "", isArr ? "]" : "}");
    node = h("span", { class: "j-node" }, parts);
  } else {
    node = scalar(v);
  }
  return node;
}

function mark(el, ptr, marks) {
  const m = marks.get(ptr);
  if (!m) return;
  el.classList.add(m.kind);
  el.dataset.pointer = ptr;
  el.title = m.messages.join("\n");
}

// jsonView shows text, a body: as highlighted JSON when it parses, as is
// otherwise. marks are {pointer, message, kind} with kind "violation" or
// "unknown".
export function jsonView(text, marks) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return h("pre", { class: "body raw" }, text);
  }
  const byPtr = new Map();
  for (const m of marks || []) {
    const p = nearest(doc, m.pointer);
    const cur = byPtr.get(p) || { kind: m.kind, messages: [] };
    if (m.kind === "violation") cur.kind = "violation"; // the stronger colour wins
    cur.messages.push(p === m.pointer ? m.message : `${m.pointer}: ${m.message}`);
    byPtr.set(p, cur);
  }
  const pre = h("pre", { class: "body json" }, build(doc, "", "", byPtr));
  const root = byPtr.get("");
  if (root) {
    const wrap = h("span", null, pre.firstChild);
    mark(wrap, "", byPtr);
    pre.replaceChildren(wrap);
  }
  return pre;
}
