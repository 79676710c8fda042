/* The overview's state in the URL (overview-url.js): read, written, and read back again,
 * whatever a URL holds. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { STATIC } = require("./helpers");
const url = require(path.join(STATIC, "overview-url.js"));

const DEFAULTS = { q: "", tag: "", status: "", sort: "-rating,title", group: "tag" };
const GROUPINGS = ["tag", "venue", "year", "none"];

const read = (search, index = 0) => url.readState(search, DEFAULTS, index, GROUPINGS);
const write = (state, search = "", index = 0) => url.writeSearch(search, state, DEFAULTS, index);

test("the parameters: filter, tag, status, sort and group; a later table's carry its number", () => {
  assert.deepEqual(
    url.PARAMS.map((name) => url.paramName(name)),
    ["filter", "tag", "status", "sort", "group"],
  );
  assert.equal(url.paramName("q", 1), "filter2");
  assert.equal(url.paramName("group", 2), "group3");
});

test("no parameters: the page's defaults", () => {
  assert.deepEqual(read(""), DEFAULTS);
  assert.equal(write(DEFAULTS), "");
});

test("a view is written and read back", () => {
  const state = { q: "batch 정규화", tag: "정규화", status: "draft", sort: "title", group: "year" };
  const search = write(state);
  const korean = encodeURIComponent("정규화");
  assert.equal(
    search,
    `?filter=batch+${korean}&tag=${korean}&status=draft&sort=title&group=year`,
  );
  assert.deepEqual(read(search), state);
});

test("values equal to the defaults are left out of the URL", () => {
  assert.equal(write({ ...DEFAULTS, sort: "-rating,title", group: "tag", q: "x" }), "?filter=x");
  assert.equal(write({ ...DEFAULTS, q: "x" }, "?filter=old&group=year"), "?filter=x");
});

test("other parameters and the other tables' are kept", () => {
  const search = write({ ...DEFAULTS, tag: "Survey" }, "?highlight=norm&tag2=Other&filter2=y");
  const params = new URLSearchParams(search);
  assert.equal(params.get("highlight"), "norm");
  assert.equal(params.get("tag2"), "Other");
  assert.equal(params.get("filter2"), "y");
  assert.equal(params.get("tag"), "Survey");
  assert.deepEqual(read(search, 1), { ...DEFAULTS, q: "y", tag: "Other" });
});

test("a grouping the build does not know falls back to the default", () => {
  for (const group of ["<img>", "constructor", "__proto__", "toString", "TAG", "", "tag "]) {
    const search = `?group=${encodeURIComponent(group)}`;
    assert.equal(read(search).group, "tag", group);
  }
  assert.equal(read("?group=none").group, "none");
});

test("hostile values are kept as text, never run, and survive a round trip", () => {
  const values = [
    'a"]',
    'a"],-rating',
    "</script><script>alert(1)</script>",
    "%E0%A4%A",
    "&filter=x#y",
    "a+b c",
    "\u0000\uffff\ud83d\ude00",
    "x".repeat(100000),
  ];
  for (const value of values) {
    const state = { ...DEFAULTS, q: value, tag: value, sort: value };
    assert.deepEqual(read(write(state)), state, value.slice(0, 40));
  }
});

test("a malformed query string does not throw", () => {
  for (const search of ["?%", "?&&&", "?=x", "?sort", "?sort=%ZZ", `?${"a=b&".repeat(10000)}`]) {
    const state = read(search);
    assert.equal(typeof state.sort, "string");
    assert.equal(state.group, "tag");
  }
});

test("round trips of many views", () => {
  const pick = (list, n) => list[n % list.length];
  const texts = ["", "batch", "정규화 layer", "a&b=c", "100%", "ICLR'21", "é e\u0301"];
  for (let n = 0; n < 400; n += 1) {
    const state = {
      q: pick(texts, n),
      tag: pick(texts, Math.floor(n / 7)),
      sort: pick(["-rating,title", "title", "-venue", 'a"]', ""], Math.floor(n / 49)),
      group: pick(GROUPINGS, Math.floor(n / 5)),
    };
    const back = read(write(state, "?other=1"));
    /* An empty value is no parameter: the default comes back. */
    for (const name of url.PARAMS) if (!state[name]) state[name] = DEFAULTS[name];
    assert.deepEqual(back, state);
  }
});

test("the URL of a view keeps the path and fragment, and is null when unchanged", () => {
  const location = { pathname: "/site/index.html", search: "?group=year", hash: "#tag-survey" };
  assert.equal(url.stateURL(location, { ...DEFAULTS, group: "year" }, DEFAULTS), null);
  assert.equal(
    url.stateURL(location, { ...DEFAULTS, group: "venue" }, DEFAULTS),
    "/site/index.html?group=venue#tag-survey",
  );
  assert.equal(url.stateURL(location, DEFAULTS, DEFAULTS), "/site/index.html#tag-survey");
});

test("the drafts filter in the URL: status=draft, left out when it is the default", () => {
  assert.deepEqual(read("?status=draft"), { ...DEFAULTS, status: "draft" });
  assert.equal(write({ ...DEFAULTS, status: "done" }), "?status=done");
  assert.equal(write({ ...DEFAULTS, status: "" }), "");
});
