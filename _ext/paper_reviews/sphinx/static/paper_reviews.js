/* The paper overview in the browser, its page side: reads the table the build wrote and the
 * build's decisions in its `data-config` (sortable columns, numeric columns, each grouping's
 * groups in order with anchors and labels), renders sorts, filters, tag chips and regroupings
 * into the page, and wires the controls, the history and the URL to them. The rules live in
 * overview-url.js, overview-order.js and overview-filter.js (PaperReviews.url, .order,
 * .filter), loaded before this script.
 *
 * Without this script, or on a page without an overview, the page is left as built: the full
 * table in its default order, with the controls hidden. No library, no network: works from
 * file:// too. */
(() => {
  "use strict";

  const parts = typeof globalThis === "object" ? globalThis.PaperReviews : undefined;
  if (typeof document === "undefined" || !parts || !parts.url || !parts.order || !parts.filter) {
    return;
  }
  const { url, order, filter } = parts;
  const CHUNK = 60;

  /* The build's decisions for one overview, or null when they cannot be read: the table is
   * then left as built. */
  function readConfig(root) {
    try {
      const config = JSON.parse(root.dataset.config || "null");
      const ok =
        config &&
        Array.isArray(config.sortColumns) &&
        Array.isArray(config.numeric) &&
        config.groups &&
        typeof config.groups === "object" &&
        Object.values(config.groups).every(Array.isArray);
      return ok ? config : null;
    } catch {
      return null;
    }
  }

  class Overview {
    constructor(root, index, config) {
      this.root = root;
      this.index = index;
      this.config = config;
      this.columns = config.sortColumns;
      this.numeric = new Set(config.numeric);
      this.groupings = Object.keys(config.groups);
      this.words = config.words || {}; /* in the site's language */
      this.collator = order.collator(document.documentElement.lang);
      this.box = root.querySelector(".paper-groups");
      this.toolbar = root.querySelector(".paper-toolbar");
      this.search = root.querySelector("input.paper-search");
      this.groupBy = root.querySelector("select.paper-group-by");
      this.status = root.querySelector("select.paper-status"); /* only when there are drafts */
      this.count = root.querySelector(".paper-count");
      this.chips = [...root.querySelectorAll(".paper-chips [data-tag]")];
      this.noMatch = root.querySelector(".paper-no-match");
      this.defaults = {
        q: "",
        tag: "",
        status: "",
        sort: root.dataset.sort,
        group: root.dataset.groupBy,
      };
      this.urlTimer = null; /* a URL waiting to be written to the history */
      this.pendingPush = false;
      this.shownGroup = this.defaults.group;
      this.head = root.querySelector("thead tr").cloneNode(true);
      this.papers = new Map();
      this.ranks = new Map();
      this.keys = new WeakMap(); /* row -> bibkey: reading data-* attributes is slow */
      for (const row of root.querySelectorAll("tbody tr[data-bibkey]")) {
        if (this.papers.has(row.dataset.bibkey)) continue;
        const texts = filter.TEXT_COLUMNS.map(
          (column) => row.querySelector(`td[data-column="${column}"]`)?.textContent ?? "",
        );
        /* What each sortable field sorts by: a cell's data-value or text; the year and the
         * key, which have no column, from the row. "" is no value. */
        const values = { year: row.dataset.year || null, bibkey: row.dataset.bibkey || null };
        for (const cell of row.cells) {
          const raw = cell.hasAttribute("data-value") ? cell.dataset.value : cell.textContent.trim();
          values[cell.dataset.column] = raw === "" ? null : raw;
        }
        this.papers.set(row.dataset.bibkey, {
          template: row.cloneNode(true),
          tags: JSON.parse(row.dataset.tags || "[]"),
          venue: row.dataset.venue || "",
          year: row.dataset.year || "",
          draft: row.dataset.draft === "true",
          text: filter.searchText(texts),
          values,
        });
      }
      this.state = { ...this.defaults };
    }

    // -- state and URL ------------------------------------------------------------------------

    readURL() {
      return url.readState(window.location.search, this.defaults, this.index, this.groupings);
    }

    writeURL(push) {
      const next = url.stateURL(window.location, this.state, this.defaults, this.index);
      if (next === null) return;
      try {
        window.history[push ? "pushState" : "replaceState"](null, "", next);
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
      if (regrouped || sortKey !== this.sorted) {
        this.sort(order.parseSort(this.state.sort || this.defaults.sort, this.columns));
      }
      this.sorted = sortKey;
      const filterKey = `${this.state.group}|${this.state.q}|${this.state.tag}|${this.state.status}`;
      if (regrouped || filterKey !== this.filtered) this.filter();
      this.filtered = filterKey;
      this.search.value = this.state.q;
      this.groupBy.value = this.state.group;
      if (this.status) this.status.value = this.state.status;
      for (const chip of this.chips) {
        const pressed = String(chip.dataset.tag === this.state.tag);
        if (chip.getAttribute("aria-pressed") !== pressed) chip.setAttribute("aria-pressed", pressed);
      }
    }

    regroup(group) {
      /* The groups, their order, anchors and labels are the build's (data-config). */
      const groups = order.members(this.config.groups[group], this.papers.values(), group);
      const sections = groups.map(({ key, id, label, papers }) => {
        const section = document.createElement("section");
        section.className = "paper-group";
        section.dataset.group = key;
        section.id = id;
        if (group !== "none") {
          const title = document.createElement("h2");
          title.className = "paper-group-title";
          const count = document.createElement("span");
          count.className = "paper-group-count";
          title.append(`${label} `, count);
          section.append(title);
        }
        const table = document.createElement("table");
        table.className = "paper-grid";
        const thead = document.createElement("thead");
        thead.append(this.head.cloneNode(true));
        const tbody = document.createElement("tbody");
        tbody.append(...papers.map((paper) => paper.template.cloneNode(true)));
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
      if (!first.querySelector("colgroup")) first.prepend(this.colgroup());
      const bodies = [first.tBodies[0]];
      for (let n = CHUNK; n < count; n += CHUNK) {
        const table = document.createElement("table");
        table.className = "paper-grid paper-grid-more";
        table.append(this.colgroup(), document.createElement("tbody"));
        const box = document.createElement("div");
        box.className = "paper-chunk";
        box.append(table);
        scroll.append(box);
        bodies.push(table.tBodies[0]);
      }
      return bodies;
    }

    colgroup() {
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
      /* Each paper's place in one column's order, computed once per column. */
      if (!this.ranks.has(column)) {
        const entries = [...this.papers].map(([key, paper]) => [key, paper.values[column]]);
        const numeric = this.numeric.has(column);
        this.ranks.set(column, order.rank(entries, numeric, this.collator.compare));
      }
      return this.ranks.get(column);
    }

    sort(keys) {
      const rankings = keys.map(({ column, descending }) => ({
        ranks: this.rank(column),
        descending,
      }));
      this.rows.forEach((rows, i) => {
        const sorted = order.arrange(rows, (row) => this.bibkey(row), rankings);
        if (sorted.some((row, k) => row !== rows[k])) this.place(i, sorted, true);
      });
      for (const th of this.headers) {
        const value = order.ariaSort(keys, th.dataset.column);
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
      const words = filter.terms(this.state.q);
      const tag = this.state.tag;
      /* Without drafts there is no Show control: a bookmarked ?status=draft shows all. */
      const status =
        this.status && filter.STATUSES.includes(this.state.status) ? this.state.status : "";
      const shown = new Set();
      this.sections.forEach((section, i) => {
        let visible = 0;
        for (const row of this.rows[i]) {
          const paper = this.papers.get(this.bibkey(row));
          const match = filter.matches(paper, words, tag, status);
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
      this.count.textContent = filter.countText(this.words.count, shown.size, this.papers.size);
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
          /* The whole header cell sorts: its button fills it (the CSS), and a click on the
           * cell's edge, outside the button, counts too. */
          const header = target?.closest("th[data-column]");
          const chip = target?.closest(".paper-chips [data-tag]");
          if (header?.querySelector("button.paper-sort") && this.box.contains(header)) {
            event.stopPropagation();
            const column = header.dataset.column;
            this.typing = false;
            this.change({ sort: order.nextSort(this.state.sort, column, this.columns) });
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
        /* Only the groupings the build wrote groups for (data-config). */
        if (this.groupings.includes(this.groupBy.value)) this.change({ group: this.groupBy.value });
      });
      this.status?.addEventListener("change", () => {
        this.typing = false;
        this.change({ status: this.status.value });
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
      if (!root.querySelector(".paper-groups")) return;
      const config = readConfig(root);
      if (config) new Overview(root, index, config).start();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
