/* The overview's order (overview-order.js): sort keys, ranks, rows in order with papers
 * without a value last either way, and the papers under the build's groups. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { STATIC } = require("./helpers");
const order = require(path.join(STATIC, "overview-order.js"));

const COLUMNS = ["title", "venue", "year", "rating", "tags", "summary", "source", "bibkey"];
const en = order.collator("en");
const ko = order.collator("ko");

/* The ids of `values` ({id: value}) sorted by one column. */
function sortBy(values, { numeric = false, descending = false, collator = en } = {}) {
  const ranks = order.rank(Object.entries(values), numeric, collator.compare);
  return order.arrange(Object.keys(values), (id) => id, [{ ranks, descending }]);
}

test("sort keys: direction, spaces, and only known columns", () => {
  assert.deepEqual(order.parseSort("-rating, title", COLUMNS), [
    { column: "rating", descending: true },
    { column: "title", descending: false },
  ]);
  assert.deepEqual(order.parseSort("+venue", COLUMNS), [{ column: "venue", descending: false }]);
  assert.deepEqual(order.parseSort('a"],-rating', COLUMNS), [
    { column: "rating", descending: true },
  ]);
  const unknown = ['a"]', "", ",,,", "-", "Title", "rating desc", "__proto__", null, undefined];
  for (const text of unknown) {
    assert.deepEqual(order.parseSort(text, COLUMNS), [], String(text));
  }
  assert.deepEqual(order.parseSort("title", []), []);
});

test("a huge sort value is read without trouble", () => {
  const keys = order.parseSort(`${"x,".repeat(100000)}-year`, COLUMNS);
  assert.deepEqual(keys, [{ column: "year", descending: true }]);
  assert.deepEqual(order.parseSort("t".repeat(1000000), COLUMNS), []);
});

test("a header click sorts ascending, then descending, then ascending", () => {
  assert.equal(order.nextSort("-rating,title", "title", COLUMNS), "title");
  assert.equal(order.nextSort("title", "title", COLUMNS), "-title");
  assert.equal(order.nextSort("-title", "title", COLUMNS), "title");
  assert.equal(order.nextSort("title,-rating", "rating", COLUMNS), "rating");
  assert.equal(order.nextSort('a"]', "venue", COLUMNS), "venue");
});

test("only the first sort key is announced", () => {
  const keys = order.parseSort("-rating,title", COLUMNS);
  assert.equal(order.ariaSort(keys, "rating"), "descending");
  assert.equal(order.ariaSort(keys, "title"), "none");
  assert.equal(order.ariaSort(order.parseSort("title", COLUMNS), "title"), "ascending");
  assert.equal(order.ariaSort([], "title"), "none");
});

test("numbers sort as numbers, text as text", () => {
  const values = { a: "2.5", b: "2.10", c: "10", d: "9" };
  assert.deepEqual(sortBy(values, { numeric: true }), ["b", "a", "d", "c"]);
  /* As text, digits are read as numbers one run at a time: 2.5 before 2.10. */
  assert.deepEqual(sortBy(values), ["a", "b", "d", "c"]);
});

test("descending reverses the values, not the missing ones", () => {
  const values = { a: "3", none1: null, b: "4.5", none2: null, c: "1" };
  assert.deepEqual(sortBy(values, { numeric: true }), ["c", "a", "b", "none1", "none2"]);
  assert.deepEqual(sortBy(values, { numeric: true, descending: true }), [
    "b",
    "a",
    "c",
    "none1",
    "none2",
  ]);
  const text = { x: "Nature", y: null, z: "ICLR", w: undefined };
  assert.deepEqual(sortBy(text), ["z", "x", "y", "w"]);
  assert.deepEqual(sortBy(text, { descending: true }), ["x", "z", "y", "w"]);
});

test("equal values share a rank and keep the order they had", () => {
  const ranks = order.rank(
    Object.entries({ a: "Apple", b: "apple", c: "Banana", d: "ápple" }),
    false,
    en.compare,
  );
  assert.deepEqual([...ranks], [["a", 0], ["b", 0], ["d", 0], ["c", 3]]);
  const numbers = order.rank(Object.entries({ a: "4", b: "4.0", c: "1" }), true, en.compare);
  assert.deepEqual(Object.fromEntries(numbers), { c: 0, a: 1, b: 1 });
  assert.deepEqual(sortBy({ b: "x", a: "X", c: "w" }, { descending: true }), ["b", "a", "c"]);
});

test("Korean and English by the page's language", () => {
  const values = { n: "나무", a: "apple", g: "가방", b: "Banana" };
  assert.deepEqual(sortBy(values, { collator: en }), ["a", "b", "g", "n"]);
  assert.deepEqual(sortBy(values, { collator: ko }), ["g", "n", "a", "b"]);
  /* Composed and decomposed Hangul are the same text. */
  assert.equal(ko.compare("정규화", "정규화".normalize("NFD")), 0);
});

test("an unknown page language falls back to the browser's", () => {
  for (const lang of ["", undefined, "xx-!!", "not a language"]) {
    assert.equal(order.collator(lang).compare("a", "B") < 0, true, String(lang));
  }
});

test("several keys: the second breaks the first's ties, missing values last for each", () => {
  const papers = {
    p1: { rating: "4", title: "Zebra" },
    p2: { rating: null, title: "Alpha" },
    p3: { rating: "4", title: "Apple" },
    p4: { rating: "5", title: null },
    p5: { rating: null, title: "Beta" },
  };
  const rankings = (keys) =>
    order.parseSort(keys, COLUMNS).map(({ column, descending }) => ({
      ranks: order.rank(
        Object.entries(papers).map(([id, p]) => [id, p[column]]),
        column === "rating",
        en.compare,
      ),
      descending,
    }));
  const ids = Object.keys(papers);
  assert.deepEqual(order.arrange(ids, (id) => id, rankings("-rating,title")), [
    "p4",
    "p3",
    "p1",
    "p2",
    "p5",
  ]);
  assert.deepEqual(order.arrange(ids, (id) => id, rankings("rating,-title")), [
    "p1",
    "p3",
    "p4",
    "p5",
    "p2",
  ]);
  /* No keys: the order stays. */
  assert.deepEqual(order.arrange(ids, (id) => id, []), ids);
});

test("arrange leaves its input alone", () => {
  const ids = ["b", "a"];
  const ranks = order.rank([["a", "1"], ["b", "2"]], true, en.compare);
  assert.deepEqual(order.arrange(ids, (id) => id, [{ ranks, descending: false }]), ["a", "b"]);
  assert.deepEqual(ids, ["b", "a"]);
});

test("papers under the build's groups, in the build's order", () => {
  const papers = [
    { id: "a", tags: ["정규화", "Survey"], venue: "ICML", year: "2015" },
    { id: "b", tags: ["Survey"], venue: "", year: "" },
    { id: "c", tags: ["Not shown"], venue: "Nature", year: "2015" },
  ];
  const groups = {
    tag: [
      { key: "Survey", id: "tag-survey", label: "Survey" },
      { key: "정규화", id: "tag-정규화", label: "정규화" },
      { key: "Empty", id: "tag-empty", label: "Empty" },
    ],
    venue: [
      { key: "ICML", id: "venue-icml", label: "ICML" },
      { key: "Nature", id: "venue-nature", label: "Nature" },
      { key: "", id: "venue-group", label: "No venue" },
    ],
    year: [
      { key: "2015", id: "t2-year-2015", label: "2015" },
      { key: "", id: "t2-year-group", label: "No year" },
    ],
    none: [{ key: "", id: "papers", label: "" }],
  };
  const shown = (groupBy) =>
    order
      .members(groups[groupBy], papers, groupBy)
      .map(({ id, label, papers: members }) => [id, label, members.map((p) => p.id)]);
  assert.deepEqual(shown("tag"), [
    ["tag-survey", "Survey", ["a", "b"]],
    ["tag-정규화", "정규화", ["a"]],
  ]);
  assert.deepEqual(shown("venue"), [
    ["venue-icml", "ICML", ["a"]],
    ["venue-nature", "Nature", ["c"]],
    ["venue-group", "No venue", ["b"]],
  ]);
  assert.deepEqual(shown("year"), [
    ["t2-year-2015", "2015", ["a", "c"]],
    ["t2-year-group", "No year", ["b"]],
  ]);
  assert.deepEqual(shown("none"), [["papers", "", ["a", "b", "c"]]]);
});
