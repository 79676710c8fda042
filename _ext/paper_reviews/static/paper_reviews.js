/* Sortable paper overview. Clicking (or Enter/Space on) a column header sorts the rows of
 * every group by that column; a second click reverses. Numbers sort as numbers; papers
 * without a value (unrated, no venue) stay last in either direction, as in the built page.
 * Without this script the table reads in its default order. */
(() => {
  "use strict";

  const collator = new Intl.Collator(document.documentElement.lang || undefined, {
    numeric: true,
    sensitivity: "base",
  });

  function cellValue(row, column) {
    const cell = row.querySelector(`td[data-column="${column}"]`);
    if (!cell) return null;
    const raw = cell.hasAttribute("data-value") ? cell.dataset.value : cell.textContent.trim();
    return raw === "" ? null : raw;
  }

  function sortTable(root, column, direction) {
    const header = root.querySelector(`th[data-column="${column}"]`);
    const numeric = header !== null && header.dataset.type === "number";
    const sign = direction === "ascending" ? 1 : -1;
    for (const body of root.querySelectorAll("tbody")) {
      const present = [];
      const missing = [];
      for (const row of body.rows) {
        const value = cellValue(row, column);
        (value === null ? missing : present).push([value, row]);
      }
      present.sort(([a], [b]) =>
        sign * (numeric ? Number(a) - Number(b) : collator.compare(a, b)),
      );
      body.append(...present.map(([, row]) => row), ...missing.map(([, row]) => row));
    }
    for (const th of root.querySelectorAll("th[data-column]")) {
      th.setAttribute("aria-sort", th.dataset.column === column ? direction : "none");
    }
  }

  function init(root) {
    for (const th of root.querySelectorAll("th[data-column]")) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "paper-sort";
      button.append(...th.childNodes);
      th.append(button);
      button.addEventListener("click", () => {
        const next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortTable(root, th.dataset.column, next);
      });
    }
    root.classList.add("paper-table-sortable");
  }

  function start() {
    document.querySelectorAll(".paper-table").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
