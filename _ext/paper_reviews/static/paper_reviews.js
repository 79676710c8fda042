/* The paper overview in the browser: sort by any column, filter as you type, filter by a
 * tag chip, regroup by tag, venue, year or none, and keep the view in the URL
 * (?q=…&tag=…&sort=…&group=…) so that links, reloads and the back button show it again.
 *
 * Papers without a value (unrated, no venue) stay last whichever way a column is sorted,
 * as in the built page. Without this script the page is the full table in its default
 * order and the controls stay hidden. No library, no network: works from file:// too. */
(() => {
  "use strict";

  const collator = new Intl.Collator(document.documentElement.lang || undefined, {
    numeric: true,
    sensitivity: "base",
  });
  const PARAMS = ["q", "tag", "sort", "group"];
  const NO_VALUE = { venue: "No venue", year: "No year" };

  const fold = (text) => text.normalize("NFC").toLocaleLowerCase();

  function slug(text) {
    const words = fold(text).match(/[\p{L}\p{N}_]+/gu);
    return words ? words.join("-") : "group";
  }

  function parseSort(text) {
    return text
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => ({ column: item.replace(/^[-+]/, ""), descending: item.startsWith("-") }));
  }

  class Overview {
    constructor(root, index) {
      this.root = root;
      this.index = index;
      this.box = root.querySelector(".paper-groups");
      this.toolbar = root.querySelector(".paper-toolbar");
      this.search = root.querySelector("input.paper-search");
      this.groupBy = root.querySelector("select.paper-group-by");
      this.count = root.querySelector(".paper-count");
      this.noMatch = root.querySelector(".paper-no-match");
      this.defaults = { q: "", tag: "", sort: root.dataset.sort, group: root.dataset.groupBy };
      this.shownGroup = this.defaults.group;
      this.head = root.querySelector("thead tr").cloneNode(true);
      this.papers = new Map();
      this.values = new WeakMap();
      this.tagAnchors = new Map();
      for (const section of root.querySelectorAll(".paper-group")) {
        if (this.defaults.group === "tag") this.tagAnchors.set(section.dataset.group, section.id);
      }
      for (const row of root.querySelectorAll("tbody tr[data-bibkey]")) {
        if (this.papers.has(row.dataset.bibkey)) continue;
        const text = ["title", "venue", "tags", "summary"]
          .map((column) => row.querySelector(`td[data-column="${column}"]`)?.textContent ?? "")
          .join(" ");
        this.papers.set(row.dataset.bibkey, {
          template: row.cloneNode(true),
          tags: JSON.parse(row.dataset.tags || "[]"),
          venue: row.dataset.venue || "",
          year: row.dataset.year || "",
          text: fold(text),
        });
      }
      this.state = { ...this.defaults };
    }

    // -- state and URL ------------------------------------------------------------------------

    key(name) {
      return this.index === 0 ? name : `${name}${this.index + 1}`;
    }

    readURL() {
      const params = new URLSearchParams(window.location.search);
      const state = { ...this.defaults };
      for (const name of PARAMS) {
        const value = params.get(this.key(name));
        if (value !== null) state[name] = value;
      }
      if (!["tag", "venue", "year", "none"].includes(state.group)) state.group = this.defaults.group;
      return state;
    }

    writeURL(push) {
      const params = new URLSearchParams(window.location.search);
      for (const name of PARAMS) {
        const value = this.state[name];
        if (value && value !== this.defaults[name]) params.set(this.key(name), value);
        else params.delete(this.key(name));
      }
      const query = params.toString();
      const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
      if (url === `${window.location.pathname}${window.location.search}${window.location.hash}`) return;
      try {
        window.history[push ? "pushState" : "replaceState"](null, "", url);
      } catch {
        /* Some browsers refuse history changes on file:// pages; the view still works. */
      }
    }

    change(update, push = true) {
      Object.assign(this.state, update);
      this.render();
      this.writeURL(push);
    }

    type() {
      /* The first keystroke of a search makes a history entry; the rest update it. */
      const first = !this.typing;
      this.typing = true;
      this.change({ q: this.search.value }, first);
    }

    // -- rendering -----------------------------------------------------------------------------

    render() {
      if (this.state.group !== this.shownGroup) this.regroup(this.state.group);
      this.sort(parseSort(this.state.sort || this.defaults.sort));
      this.filter();
      this.search.value = this.state.q;
      this.groupBy.value = this.state.group;
      for (const chip of this.root.querySelectorAll("[data-tag]")) {
        chip.setAttribute("aria-pressed", String(chip.dataset.tag === this.state.tag));
      }
    }

    groupKeys(paper, group) {
      if (group === "tag") return paper.tags;
      if (group === "venue") return [paper.venue];
      if (group === "year") return [paper.year];
      return [""];
    }

    regroup(group) {
      const members = new Map();
      for (const paper of this.papers.values()) {
        for (const key of this.groupKeys(paper, group)) {
          if (!members.has(key)) members.set(key, []);
          members.get(key).push(paper);
        }
      }
      const keys = [...members.keys()].sort((a, b) => {
        if ((a === "") !== (b === "")) return a === "" ? 1 : -1;
        return group === "year" ? Number(b) - Number(a) : collator.compare(a, b);
      });
      const used = new Set();
      const sections = keys.map((key) => {
        const section = document.createElement("section");
        section.className = "paper-group";
        section.dataset.group = key;
        let anchor = group === "tag" ? this.tagAnchors.get(key) : null;
        if (!anchor) {
          const base = group === "none" ? "papers" : `${group}-${slug(key)}`;
          anchor = base;
          for (let n = 2; used.has(anchor); n += 1) anchor = `${base}-${n}`;
        }
        used.add(anchor);
        section.id = anchor;
        if (group !== "none") {
          const title = document.createElement("h2");
          title.className = "paper-group-title";
          const count = document.createElement("span");
          count.className = "paper-group-count";
          title.append(`${key || NO_VALUE[group] || ""} `, count);
          section.append(title);
        }
        const table = document.createElement("table");
        table.className = "paper-grid";
        const thead = document.createElement("thead");
        thead.append(this.head.cloneNode(true));
        const tbody = document.createElement("tbody");
        tbody.append(...members.get(key).map((paper) => paper.template.cloneNode(true)));
        table.append(thead, tbody);
        const scroll = document.createElement("div");
        scroll.className = "paper-grid-scroll";
        scroll.append(table);
        section.append(scroll);
        return section;
      });
      this.box.replaceChildren(...sections);
      this.attachHeaders();
      this.shownGroup = group;
    }

    value(row, column) {
      let cache = this.values.get(row);
      if (!cache) {
        cache = {};
        this.values.set(row, cache);
      }
      if (!(column in cache)) {
        const cell = row.querySelector(`td[data-column="${column}"]`);
        const raw = cell ? (cell.hasAttribute("data-value") ? cell.dataset.value : cell.textContent.trim()) : "";
        cache[column] = raw === "" ? null : raw;
      }
      return cache[column];
    }

    sort(keys) {
      const numeric = new Set(
        [...this.head.querySelectorAll('th[data-type="number"]')].map((th) => th.dataset.column),
      );
      const compare = (a, b) => {
        for (const { column, descending } of keys) {
          const x = this.value(a, column);
          const y = this.value(b, column);
          if (x === null || y === null) {
            if (x !== y) return x === null ? 1 : -1; /* missing values last, either way */
            continue;
          }
          const order = numeric.has(column) ? Number(x) - Number(y) : collator.compare(x, y);
          if (order !== 0) return descending ? -order : order;
        }
        return 0;
      };
      for (const body of this.box.querySelectorAll("tbody")) {
        const rows = [...body.rows].sort(compare);
        if (rows.some((row, i) => row !== body.rows[i])) body.append(...rows);
      }
      const [first] = keys;
      for (const th of this.box.querySelectorAll("th[data-column]")) {
        const sorted = first && th.dataset.column === first.column;
        th.setAttribute("aria-sort", sorted ? (first.descending ? "descending" : "ascending") : "none");
      }
    }

    filter() {
      const terms = fold(this.state.q).split(/\s+/).filter(Boolean);
      const tag = this.state.tag;
      const shown = new Set();
      for (const section of this.box.querySelectorAll(".paper-group")) {
        let visible = 0;
        for (const row of section.querySelectorAll("tbody tr[data-bibkey]")) {
          const paper = this.papers.get(row.dataset.bibkey);
          const match =
            (!tag || paper.tags.includes(tag)) && terms.every((term) => paper.text.includes(term));
          if (row.hidden === match) row.hidden = !match;
          if (match) {
            visible += 1;
            shown.add(row.dataset.bibkey);
          }
        }
        section.hidden = visible === 0;
        const count = section.querySelector(".paper-group-count");
        if (count) count.textContent = String(visible);
      }
      this.count.textContent = `${shown.size} of ${this.papers.size} papers`;
      this.noMatch.hidden = shown.size > 0;
    }

    // -- controls ------------------------------------------------------------------------------

    attachHeaders() {
      for (const th of this.box.querySelectorAll("th[data-column]")) {
        if (th.querySelector("button")) continue;
        const button = document.createElement("button");
        button.type = "button";
        button.className = "paper-sort";
        button.append(...th.childNodes);
        th.append(button);
      }
    }

    start() {
      this.attachHeaders();
      this.box.addEventListener("click", (event) => {
        const button = event.target.closest("th[data-column] button.paper-sort");
        if (!button) return;
        const column = button.parentElement.dataset.column;
        const [first] = parseSort(this.state.sort);
        const ascending = !(first && first.column === column && !first.descending);
        this.typing = false;
        this.change({ sort: `${ascending ? "" : "-"}${column}` });
      });
      this.search.addEventListener("input", () => this.type());
      this.search.addEventListener("blur", () => {
        this.typing = false;
      });
      this.groupBy.addEventListener("change", () => {
        this.typing = false;
        this.change({ group: this.groupBy.value });
      });
      this.root.querySelector(".paper-chips").addEventListener("click", (event) => {
        const chip = event.target.closest("[data-tag]");
        if (!chip) return;
        this.typing = false;
        this.change({ tag: this.state.tag === chip.dataset.tag ? "" : chip.dataset.tag });
      });
      window.addEventListener("popstate", () => {
        this.typing = false;
        this.state = this.readURL();
        this.render();
      });
      this.state = this.readURL();
      this.render();
      this.toolbar.hidden = false;
      this.root.classList.add("paper-table-live");
    }
  }

  function start() {
    document.querySelectorAll(".paper-table").forEach((root, index) => {
      if (root.querySelector(".paper-groups")) new Overview(root, index).start();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
