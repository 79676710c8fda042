/* The overview's order: the sort keys of a `sort` value, each paper's rank in a column
 * (numbers as numbers, text by the page language's collation), rows ordered by several
 * keys with papers without a value last whichever way a column is sorted, and the papers
 * under each group in the order the build lists the groups. No DOM: in the browser this is
 * PaperReviews.order, in Node the module's exports. */
((root, factory) => {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module && module.exports) module.exports = api;
  else (root.PaperReviews = root.PaperReviews || {}).order = api;
})(typeof globalThis === "object" ? globalThis : this, () => {
  "use strict";

  /* Text compared as a reader of `lang` expects: digits as numbers ("2" before "10"), case
   * and accents aside. An unknown language falls back to the browser's own. */
  function collator(lang) {
    const options = { numeric: true, sensitivity: "base" };
    try {
      return new Intl.Collator(lang || undefined, options);
    } catch {
      return new Intl.Collator(undefined, options);
    }
  }

  /* The sort keys of a `sort` value ("-rating,title"), only those of `columns`: the value
   * comes from a URL anyone can write (`?sort=a"]` once stopped the script). */
  function parseSort(text, columns) {
    const known = new Set(columns);
    return String(text ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean)
      .map((item) => ({ column: item.replace(/^[-+]/, ""), descending: item.startsWith("-") }))
      .filter((key) => known.has(key.column));
  }

  /* The `sort` value after a click on a column's header: ascending, or descending when the
   * table is sorted ascending by that column already. */
  function nextSort(current, column, columns) {
    const [first] = parseSort(current, columns);
    const ascending = !(first && first.column === column && !first.descending);
    return `${ascending ? "" : "-"}${column}`;
  }

  /* A column header's aria-sort under the sort `keys`: only the first key is announced. */
  function ariaSort(keys, column) {
    const [first] = keys;
    if (!first || first.column !== column) return "none";
    return first.descending ? "descending" : "ascending";
  }

  /* Each paper's place in one column's order, from [id, value] pairs: equal values share a
   * place, and papers without a value (null or undefined) get none. Computed once a column,
   * it lets a sort of thousands of rows compare numbers, not strings. */
  function rank(entries, numeric, compareText) {
    const present = [...entries].filter(([, value]) => value !== null && value !== undefined);
    const compare = numeric ? (a, b) => Number(a) - Number(b) : compareText;
    const same = numeric ? (a, b) => Number(a) === Number(b) : (a, b) => compareText(a, b) === 0;
    present.sort(([, a], [, b]) => compare(a, b));
    const ranks = new Map();
    let place = 0;
    present.forEach(([id, value], i) => {
      if (i > 0 && !same(present[i - 1][1], value)) place = i;
      ranks.set(id, place);
    });
    return ranks;
  }

  /* Papers without a value sort after every rank, ascending or descending. */
  const MISSING = Number.MAX_SAFE_INTEGER;

  /* An item's key under `rankings` ([{ranks, descending}], one per sort key). */
  function sortKey(id, rankings) {
    return rankings.map(({ ranks, descending }) => {
      const place = ranks.get(id);
      if (place === undefined) return MISSING;
      return descending ? -place : place;
    });
  }

  function compareKeys(a, b) {
    for (let k = 0; k < a.length; k += 1) {
      if (a[k] !== b[k]) return a[k] - b[k];
    }
    return 0;
  }

  /* `items` (a new array) in the order of `rankings`, `idOf` naming each item's paper: by
   * the first key, ties by the next and so on; ties left keep the order they had. */
  function arrange(items, idOf, rankings) {
    return items
      .map((item) => ({ item, key: sortKey(idOf(item), rankings) }))
      .sort((a, b) => compareKeys(a.key, b.key))
      .map(({ item }) => item);
  }

  /* The keys a paper ({tags, venue, year}) is grouped under in one grouping; "" for none
   * (a draft without tags yet). */
  function groupKeys(paper, groupBy) {
    if (groupBy === "tag") return paper.tags.length ? paper.tags : [""];
    if (groupBy === "venue") return [paper.venue];
    if (groupBy === "year") return [paper.year];
    return [""];
  }

  /* The groups of one grouping with their papers: `groups` are the build's ([{key, id,
   * label}], in the order shown), each given the `papers` under its key; a paper is under
   * every group it has a key of, and a group without papers is left out. */
  function members(groups, papers, groupBy) {
    const byKey = new Map(groups.map((group) => [group.key, []]));
    for (const paper of papers) {
      for (const key of groupKeys(paper, groupBy)) byKey.get(key)?.push(paper);
    }
    return groups
      .map((group) => ({ ...group, papers: byKey.get(group.key) }))
      .filter((group) => group.papers.length > 0);
  }

  return {
    collator,
    parseSort,
    nextSort,
    ariaSort,
    rank,
    MISSING,
    sortKey,
    arrange,
    groupKeys,
    members,
  };
});
