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
  const CHUNK = 60;
  const NO_VALUE = { venue: "No venue", year: "No year" };

  const fold = (text) => text.normalize("NFC").toLocaleLowerCase();

  function slug(text) {
    const words = fold(text).match(/[\p{L}\p{N}_]+/gu);
    return words ? words.join("-") : "group";
  }

  /* The sort keys of a `?sort=` value, only those of known columns: the value comes from a
   * URL anyone can write (`?sort=a"]` once stopped the script). */
  const SORT_COLUMNS = new Set(["title", "venue", "year", "rating", "tags", "summary", "source", "bibkey"]);
  function parseSort(text) {
    return text
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => ({ column: item.replace(/^[-+]/, ""), descending: item.startsWith("-") }))
      .filter((key) => SORT_COLUMNS.has(key.column));
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
      this.chips = [...root.querySelectorAll(".paper-chips [data-tag]")];
      this.noMatch = root.querySelector(".paper-no-match");
      this.defaults = { q: "", tag: "", sort: root.dataset.sort, group: root.dataset.groupBy };
      this.urlTimer = null; /* a URL waiting to be written to the history */
      this.pendingPush = false;
      this.shownGroup = this.defaults.group;
      this.head = root.querySelector("thead tr").cloneNode(true);
      this.papers = new Map();
      this.ranks = new Map();
      this.keys = new WeakMap(); /* row -> bibkey: reading data-* attributes is slow */
      this.tagAnchors = new Map();
      for (const section of root.querySelectorAll(".paper-group")) {
        if (this.defaults.group === "tag") this.tagAnchors.set(section.dataset.group, section.id);
      }
      for (const row of root.querySelectorAll("tbody tr[data-bibkey]")) {
        if (this.papers.has(row.dataset.bibkey)) continue;
        const text = ["title", "venue", "tags", "summary"]
          .map((column) => row.querySelector(`td[data-column="${column}"]`)?.textContent ?? "")
          .join(" ");
        const values = {};
        for (const cell of row.cells) {
          const raw = cell.hasAttribute("data-value") ? cell.dataset.value : cell.textContent.trim();
          values[cell.dataset.column] = raw === "" ? null : raw;
        }
        this.papers.set(row.dataset.bibkey, {
          template: row.cloneNode(true),
          tags: JSON.parse(row.dataset.tags || "[]"),
          venue: row.dataset.venue || "",
          year: row.dataset.year || "",
          text: fold(text),
          values,
        });
      }
      this.state = { ...this.defaults };
    }

    // -- state and URL ------------------------------------------------------------------------

    key(name) {
      /* The filter text is `filter` in the URL: Sphinx's search script takes `q` on every
       * page that loads it and fails where there are no search results to show. */
      const base = name === "q" ? "filter" : name;
      return this.index === 0 ? base : `${base}${this.index + 1}`;
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
      /* A change that makes a history entry keeps the one before it: a URL still waiting is
       * written first, so quick clicks never merge into one entry. Only search keystrokes,
       * which replace the entry, wait together. */
      if (this.urlTimer !== null && (push || this.pendingPush)) this.flushURL();
      Object.assign(this.state, update);
      this.render();
      /* The URL follows a moment later: history updates are slow on large pages and the
       * reader should see the table change first. */
      this.pendingPush = this.pendingPush || push;
      clearTimeout(this.urlTimer);
      this.urlTimer = setTimeout(() => this.flushURL(), push ? 0 : 250);
    }

    flushURL() {
      clearTimeout(this.urlTimer);
      this.urlTimer = null;
      this.writeURL(this.pendingPush);
      this.pendingPush = false;
    }

    type() {
      /* The first keystroke of a search makes a history entry; the rest update it. */
      const first = !this.typing;
      this.typing = true;
      this.change({ q: this.search.value }, first);
    }

    // -- rendering -----------------------------------------------------------------------------

    render() {
      const regrouped = this.state.group !== this.shownGroup;
      if (regrouped) this.regroup(this.state.group);
      /* Only the work the change needs: a sort does not filter again, and back again. */
      const sortKey = `${this.state.group}|${this.state.sort}`;
      if (regrouped || sortKey !== this.sorted) this.sort(parseSort(this.state.sort || this.defaults.sort));
      this.sorted = sortKey;
      const filterKey = `${this.state.group}|${this.state.q}|${this.state.tag}`;
      if (regrouped || filterKey !== this.filtered) this.filter();
      this.filtered = filterKey;
      this.search.value = this.state.q;
      this.groupBy.value = this.state.group;
      for (const chip of this.chips) {
        const pressed = String(chip.dataset.tag === this.state.tag);
        if (chip.getAttribute("aria-pressed") !== pressed) chip.setAttribute("aria-pressed", pressed);
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
      this.findParts();
      this.attachHeaders();
      this.shownGroup = group;
    }

    findParts() {
      /* The groups' rows and header cells, found once: searching the whole table for them
       * on every keystroke would visit every row. */
      this.sections = [...this.box.children].filter((el) => el.classList.contains("paper-group"));
      this.headers = this.sections.flatMap((section) => [...section.querySelectorAll("th[data-column]")]);
      this.counts = this.sections.map((section) => section.querySelector(".paper-group-count"));
      this.rows = this.sections.map((section) => [...section.querySelector("tbody").rows]);
      this.observer?.disconnect();
      this.near = new Set(); /* chunk tables on or near the screen */
      this.stale = new Set(); /* chunk tables whose rows are not yet in the current order */
      this.seen = new WeakSet(); /* chunk tables the observer has reported on */
      this.where = new WeakMap(); /* chunk table body -> [group, chunk] */
      this.observer = new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            const body = entry.target.querySelector("tbody");
            this.seen.add(body);
            if (entry.isIntersecting) {
              this.near.add(body);
              if (this.stale.has(body)) this.fill(...this.where.get(body));
            } else {
              this.near.delete(body);
            }
          }
        },
        { rootMargin: "100% 0px" },
      );
      this.chunks = this.sections.map((section, i) => this.chunk(section, this.rows[i].length));
      this.chunks.forEach((bodies, i) =>
        bodies.forEach((body, j) => {
          this.where.set(body, [i, j]);
          this.observer.observe(body.closest("table"));
        }),
      );
      this.rows.forEach((rows, i) => this.place(i, rows));
    }

    chunk(section, count) {
      /* A long group is cut into tables of CHUNK rows, each of which the browser lays out
       * only when it scrolls into view (content-visibility): sorting or filtering thousands
       * of rows then costs the layout of one screen, not of the whole group. The tables
       * share fixed column widths, so they read as one. */
      const scroll = section.querySelector(".paper-grid-scroll");
      const first = scroll.querySelector("table");
      if (!first.querySelector("colgroup")) first.prepend(this.columns());
      const bodies = [first.tBodies[0]];
      for (let n = CHUNK; n < count; n += CHUNK) {
        const table = document.createElement("table");
        table.className = "paper-grid paper-grid-more";
        table.append(this.columns(), document.createElement("tbody"));
        const box = document.createElement("div");
        box.className = "paper-chunk";
        box.append(table);
        scroll.append(box);
        bodies.push(table.tBodies[0]);
      }
      return bodies;
    }

    columns() {
      const group = document.createElement("colgroup");
      for (const th of this.head.cells) {
        const col = document.createElement("col");
        col.dataset.column = th.dataset.column;
        group.append(col);
      }
      return group;
    }

    place(i, rows, lazy = false) {
      /* Put a group's rows in order. With lazy, only the tables on or near the screen are
       * filled now; the others follow right after, once the reader sees the new order. */
      this.rows[i] = rows;
      this.chunks[i].forEach((body, j) => {
        if (!lazy || this.near.has(body) || !this.seen.has(body)) this.fill(i, j);
        else this.stale.add(body);
      });
      if (this.stale.size && !this.flushing) {
        this.flushing = true;
        /* After the next frame: the reader sees the visible rows sorted first. */
        requestAnimationFrame(() =>
          setTimeout(() => {
            this.flushing = false;
            for (const body of [...this.stale]) this.fill(...this.where.get(body));
          }, 0),
        );
      }
    }

    fill(i, j) {
      const body = this.chunks[i][j];
      this.stale.delete(body);
      const part = this.rows[i].slice(j * CHUNK, (j + 1) * CHUNK);
      const current = body.rows;
      if (part.length !== current.length || part.some((row, k) => row !== current[k])) {
        body.append(...part);
      }
    }

    rank(column) {
      /* Each paper's place in one column's order, computed once: sorting thousands of rows
       * then compares numbers, not strings. Papers without a value get no rank. */
      if (!this.ranks.has(column)) {
        const numeric = this.head.querySelector(`th[data-column="${CSS.escape(column)}"]`)?.dataset.type === "number";
        const present = [...this.papers].filter(([, paper]) => paper.values[column] !== null);
        present.sort(([, a], [, b]) =>
          numeric
            ? Number(a.values[column]) - Number(b.values[column])
            : collator.compare(a.values[column], b.values[column]),
        );
        const ranks = new Map();
        let rank = 0;
        present.forEach(([key, paper], i) => {
          const previous = i > 0 ? present[i - 1][1].values[column] : undefined;
          if (i > 0 && (numeric ? Number(previous) !== Number(paper.values[column]) : collator.compare(previous, paper.values[column]) !== 0)) rank = i;
          ranks.set(key, rank);
        });
        this.ranks.set(column, ranks);
      }
      return this.ranks.get(column);
    }

    sort(keys) {
      const ranks = keys.map(({ column, descending }) => ({ ranks: this.rank(column), descending }));
      const missing = Number.MAX_SAFE_INTEGER; /* missing values last, either way */
      const compare = (a, b) => {
        for (let k = 0; k < ranks.length; k += 1) {
          const x = a.key[k];
          const y = b.key[k];
          if (x !== y) return x - y;
        }
        return 0;
      };
      this.rows.forEach((rows, i) => {
        const items = rows.map((row) => {
          const bibkey = this.bibkey(row);
          const key = ranks.map(({ ranks: order, descending }) => {
            const rank = order.get(bibkey);
            return rank === undefined ? missing : descending ? -rank : rank;
          });
          return { row, key };
        });
        items.sort(compare);
        if (items.some((item, k) => item.row !== rows[k])) {
          this.place(i, items.map((item) => item.row), true);
        }
      });
      const [first] = keys;
      for (const th of this.headers) {
        const sorted = first && th.dataset.column === first.column;
        const value = sorted ? (first.descending ? "descending" : "ascending") : "none";
        if (th.getAttribute("aria-sort") !== value) th.setAttribute("aria-sort", value);
      }
    }

    bibkey(row) {
      let key = this.keys.get(row);
      if (key === undefined) {
        key = row.dataset.bibkey;
        this.keys.set(row, key);
      }
      return key;
    }

    filter() {
      const terms = fold(this.state.q).split(/\s+/).filter(Boolean);
      const tag = this.state.tag;
      const shown = new Set();
      this.sections.forEach((section, i) => {
        let visible = 0;
        for (const row of this.rows[i]) {
          const paper = this.papers.get(this.bibkey(row));
          const match =
            (!tag || paper.tags.includes(tag)) && terms.every((term) => paper.text.includes(term));
          if (row.hidden === match) row.hidden = !match;
          if (match) {
            visible += 1;
            shown.add(this.bibkey(row));
          }
        }
        if (section.hidden !== (visible === 0)) section.hidden = visible === 0;
        const count = this.counts[i];
        if (count && count.textContent !== String(visible)) count.textContent = String(visible);
      });
      this.count.textContent = `${shown.size} of ${this.papers.size} papers`;
      this.noMatch.hidden = shown.size > 0;
    }

    // -- controls ------------------------------------------------------------------------------

    attachHeaders() {
      for (const th of this.headers) {
        if (th.querySelector("button")) continue;
        const button = document.createElement("button");
        button.type = "button";
        button.className = "paper-sort";
        button.append(...th.childNodes);
        th.append(button);
      }
    }

    start() {
      this.findParts();
      this.attachHeaders();
      /* Clicks and keys on the overview's own controls are handled here, on the window,
       * before they reach the document: the theme's libraries search the whole page on
       * every click and key there, which on a page of thousands of rows costs more than
       * the sort or filter itself. Links in the table are left to the browser. */
      window.addEventListener(
        "click",
        (event) => {
          const target = event.target instanceof Element ? event.target : null;
          const button = target?.closest("th[data-column] button.paper-sort");
          const chip = target?.closest(".paper-chips [data-tag]");
          if (button && this.box.contains(button)) {
            event.stopPropagation();
            const column = button.parentElement.dataset.column;
            const [first] = parseSort(this.state.sort);
            const ascending = !(first && first.column === column && !first.descending);
            this.typing = false;
            this.change({ sort: `${ascending ? "" : "-"}${column}` });
          } else if (chip && this.root.contains(chip)) {
            event.stopPropagation();
            this.typing = false;
            this.change({ tag: this.state.tag === chip.dataset.tag ? "" : chip.dataset.tag });
          }
        },
        true,
      );
      for (const type of ["keydown", "keyup", "keypress"]) {
        window.addEventListener(
          type,
          (event) => {
            if (event.target === this.search && !event.ctrlKey && !event.metaKey) event.stopPropagation();
          },
          true,
        );
      }
      this.search.addEventListener("input", () => this.type());
      this.search.addEventListener("blur", () => {
        this.typing = false;
      });
      this.groupBy.addEventListener("change", () => {
        this.typing = false;
        this.change({ group: this.groupBy.value });
      });
      window.addEventListener("popstate", () => {
        this.typing = false;
        clearTimeout(this.urlTimer);
        this.urlTimer = null;
        this.pendingPush = false;
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
