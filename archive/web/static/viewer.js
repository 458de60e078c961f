// The page viewer: pdf.js (served by the app from /static/pdfjs, never a CDN) draws one page
// and its text layer; the query's words are found in the text layer and marked. Previous and
// next are links that work without JavaScript; here they turn pages in place. Keys: ← → (or
// Page Up / Page Down) turn pages, + and − zoom.
import { GlobalWorkerOptions, TextLayer, getDocument } from "./pdfjs/pdf.min.mjs";

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

function fold(text) {
  // As the archive's search folds Latin accents ("lao dong" finds "lao động"), so does this.
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
}

export function queryWords(q) {
  const words = [];
  let skip = false;
  for (let token of q.split(/\s+/)) {
    if (!token) continue;
    if (token === "NOT") { skip = true; continue; }
    if (token === "AND" || token === "OR") continue;
    if (skip || token.startsWith("-")) { skip = false; continue; }
    token = token.replace(/^[a-z]+:/i, "").replace(/["()*]/g, "");
    const word = fold(token);
    if (word.length >= 2 || /[^\u0000-\u024f]/.test(word)) words.push(word);
  }
  return words;
}

function foldWithMap(text) {
  let folded = "";
  const map = [];
  for (let i = 0; i < text.length; i++) {
    for (const ch of fold(text[i])) { folded += ch; map.push(i); }
  }
  map.push(text.length);
  return [folded, map];
}

function rangesIn(text, words) {
  const [folded, map] = foldWithMap(text);
  const ranges = [];
  for (const word of words) {
    for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + word.length)) {
      const before = folded[at - 1];
      if (before && /[a-z0-9]/.test(before) && /^[a-z0-9]/.test(word)) continue; // inside a word
      ranges.push([map[at], map[at + word.length] ?? text.length]);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

function highlight(layer, words) {
  const marks = [];
  if (!words.length) return marks;
  for (const span of layer.querySelectorAll("span")) {
    if (span.children.length || !span.textContent) continue;
    const text = span.textContent;
    const ranges = rangesIn(text, words);
    if (!ranges.length) continue;
    const parts = document.createDocumentFragment();
    let done = 0;
    for (const [start, end] of ranges) {
      if (start < done) continue;
      parts.append(text.slice(done, start));
      const mark = document.createElement("mark");
      mark.className = "hit";
      mark.textContent = text.slice(start, end);
      parts.append(mark);
      marks.push(mark);
      done = end;
    }
    parts.append(text.slice(done));
    span.replaceChildren(parts);
  }
  return marks;
}

// The page's words in the reader's language: templates in the root's data-msg-* attributes
// (written by the server with gettext), with {name} holes; English when one is missing.
function say(root, key, fallback, values = {}) {
  const text = root.dataset[key] || fallback;
  return text.replace(/\{(\w+)\}/g, (hole, name) => (name in values ? String(values[name]) : hole));
}

class Viewer {
  constructor(root) {
    this.root = root;
    this.page = Number(root.dataset.page);
    this.pages = Number(root.dataset.pages);
    this.q = root.dataset.q || "";
    this.words = queryWords(this.q);
    this.ocr = new Set((root.dataset.ocrPages || "").split(" ").filter(Boolean).map(Number));
    this.zoom = 2; // index into ZOOMS: 100% = the page's width fitted to the screen
    this.drawing = Promise.resolve();
  }

  async open() {
    GlobalWorkerOptions.workerSrc = this.root.dataset.worker;
    try {
      this.pdf = await getDocument({ url: this.root.dataset.pdf, isEvalSupported: false }).promise;
    } catch (error) {
      this.say(say(this.root, "msgPdfFailed", "The PDF cannot be shown here ({error}); use “Open the PDF”.", { error: error.message }));
      return;
    }
    document.querySelector(".viewer-bar .zoom").hidden = false;
    this.wire();
    await this.go(this.page, { scroll: true });
  }

  wire() {
    const turn = (delta) => (event) => { event.preventDefault(); this.go(this.page + delta); };
    document.getElementById("prev-page").addEventListener("click", turn(-1));
    document.getElementById("next-page").addEventListener("click", turn(1));
    document.getElementById("zoom-in").addEventListener("click", () => this.setZoom(1));
    document.getElementById("zoom-out").addEventListener("click", () => this.setZoom(-1));
    document.querySelector(".viewer-bar .goto").addEventListener("submit", (event) => {
      event.preventDefault();
      this.go(Number(document.getElementById("page-number").value));
    });
    document.addEventListener("keydown", (event) => this.key(event));
    let width = this.root.clientWidth;
    window.addEventListener("resize", () => {
      if (Math.abs(this.root.clientWidth - width) > 40) { width = this.root.clientWidth; this.go(this.page); }
    });
  }

  key(event) {
    if (event.target.closest("input, textarea, select") || event.altKey || event.ctrlKey || event.metaKey) return;
    const actions = {
      ArrowLeft: () => this.go(this.page - 1), PageUp: () => this.go(this.page - 1),
      ArrowRight: () => this.go(this.page + 1), PageDown: () => this.go(this.page + 1),
      "+": () => this.setZoom(1), "=": () => this.setZoom(1), "-": () => this.setZoom(-1),
    };
    if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
  }

  setZoom(step) {
    this.zoom = Math.min(ZOOMS.length - 1, Math.max(0, this.zoom + step));
    document.getElementById("zoom-level").value = `${Math.round(ZOOMS[this.zoom] * 100)}%`;
    this.go(this.page);
  }

  go(number, { scroll = false } = {}) {
    if (!Number.isInteger(number) || number < 1 || number > this.pages) return this.drawing;
    this.page = number;
    this.drawing = this.drawing.then(() => this.draw(scroll)).catch((error) => {
      this.say(say(this.root, "msgPageFailed", "Page {n} cannot be drawn ({error}); use “Open the PDF”.", { n: number, error: error.message }));
    });
    return this.drawing;
  }

  async draw(scroll) {
    const number = this.page;
    const page = await this.pdf.getPage(number);
    const fit = (this.root.clientWidth - 20) / page.getViewport({ scale: 1 }).width;
    const scale = Math.max(0.1, fit * ZOOMS[this.zoom]);
    const viewport = page.getViewport({ scale });
    const ratio = window.devicePixelRatio || 1;
    const box = document.createElement("div");
    box.className = "page";
    box.style.setProperty("--scale-factor", String(scale));
    box.style.width = `${Math.floor(viewport.width)}px`;
    box.style.height = `${Math.floor(viewport.height)}px`;
    const canvas = document.createElement("canvas");
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = box.style.width;
    canvas.style.height = box.style.height;
    const layer = document.createElement("div");
    layer.className = "textLayer";
    box.append(canvas, layer);
    const transform = ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0];
    await page.render({ canvasContext: canvas.getContext("2d"), viewport, transform }).promise;
    await new TextLayer({ textContentSource: page.streamTextContent(), container: layer, viewport }).render();
    const marks = highlight(layer, this.words);
    this.root.replaceChildren(box);
    this.root.setAttribute("aria-label", say(this.root, "msgPage", "Page {n}", { n: number }));
    this.update(number, marks.length);
    if (marks.length && scroll) marks[0].scrollIntoView({ block: "center" });
  }

  update(number, found) {
    document.getElementById("page-number").value = String(number);
    const prev = document.getElementById("prev-page");
    const next = document.getElementById("next-page");
    const url = (n) => `${this.root.dataset.base}?page=${n}${this.q ? `&q=${encodeURIComponent(this.q)}` : ""}`;
    prev.href = number > 1 ? url(number - 1) : "#";
    next.href = number < this.pages ? url(number + 1) : "#";
    prev.toggleAttribute("aria-disabled", number <= 1);
    next.toggleAttribute("aria-disabled", number >= this.pages);
    if (number <= 1) prev.setAttribute("aria-disabled", "true");
    if (number >= this.pages) next.setAttribute("aria-disabled", "true");
    history.replaceState(null, "", url(number));
    document.getElementById("ocr-note").hidden = !this.ocr.has(number);
    const many = found === 1 ? ["msgMatchOne", "{found} match highlighted"] : ["msgMatchMany", "{found} matches highlighted"];
    const words = this.words.length ? ` · ${say(this.root, ...many, { found })}` : "";
    this.say(`${say(this.root, "msgStatus", "Page {n} of {count}", { n: number, count: this.pages })}${words}.`);
  }

  say(message) {
    const status = document.getElementById("viewer-status");
    const note = document.getElementById("ocr-note");
    status.replaceChildren(message, " ", note);
  }
}

const root = document.getElementById("viewer");
if (root) new Viewer(root).open();
