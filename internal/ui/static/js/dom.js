// dom.js: building elements. Data only ever goes in as text (textContent,
// attribute values), never as markup: bodies carry what clients sent.

// h makes an element: attrs sets attributes (on* keys add listeners, a
// false or null value skips it), children are nodes or strings (as text).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// table makes a horizontally scrolling table: columns are [title, cell]
// with cell(row) a node or text; rowAttrs(row) gives each tr's attributes.
export function table(columns, rows, rowAttrs, empty) {
  if (rows.length === 0) return h("p", { class: "empty" }, empty || "Nothing yet.");
  return h("div", { class: "scroll" },
    h("table", null,
      h("thead", null, h("tr", null, columns.map(([title]) => h("th", { scope: "col" }, title)))),
      h("tbody", null, rows.map((row) =>
        h("tr", rowAttrs ? rowAttrs(row) : null, columns.map(([, cell]) => h("td", null, cell(row))))))));
}

// section is a titled part of a page.
export function section(title, ...children) {
  return h("section", null, h("h2", null, title), ...children);
}

// badge shows a status word in a colour: kind is ok, warn, bad or idle.
export function badge(text, kind) {
  return h("span", { class: `status ${kind || "idle"}` }, text);
}

// unix formats unix seconds of the virtual clock, in UTC.
export function unix(sec) {
  if (!sec) return "";
  return new Date(sec * 1000).toISOString().replace("T", " ").replace(".000Z", "Z");
}

// showError puts a message in the error bar (or hides it with "").
export function showError(msg) {
  const bar = document.getElementById("error");
  bar.textContent = msg || "";
  bar.hidden = !msg;
}

// field is a labelled form control.
export function field(label, control) {
  return h("label", { class: "field" }, h("span", null, label), control);
}

// select makes a <select> of [value, text] options.
export function select(attrs, options, chosen) {
  return h("select", attrs, options.map(([v, t]) => h("option", { value: v, selected: String(v) === String(chosen) }, t)));
}
