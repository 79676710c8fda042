/* The overview's filter (overview-filter.js): folded text, the words of a filter, matches. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { STATIC } = require("./helpers");
const filter = require(path.join(STATIC, "overview-filter.js"));

const paper = (texts, tags = []) => ({ text: filter.searchText(texts), tags });
const shows = (p, query, tag = "") => filter.matches(p, filter.terms(query), tag);

test("folding: one form of composed text, lower case", () => {
  const decomposed = "정규화".normalize("NFD");
  assert.notEqual(decomposed, "정규화");
  assert.equal(filter.fold(decomposed), "정규화");
  assert.equal(filter.fold("Cafe\u0301"), "café");
  assert.equal(filter.fold("NORMALIZATION Layer"), "normalization layer");
  assert.equal(filter.fold("ÀÉÎ"), "àéî");
});

test("the words of a filter: any whitespace between, none when blank", () => {
  assert.deepEqual(filter.terms("  Batch\t정규화\u3000Layer\n"), ["batch", "정규화", "layer"]);
  assert.deepEqual(filter.terms(""), []);
  assert.deepEqual(filter.terms("   "), []);
  assert.deepEqual(filter.terms(undefined), []);
});

test("a paper shows when its text holds every word, whatever their case and form", () => {
  const p = paper(["Batch Normalization", "ICML'15", "정규화 Model Architecture", "기반하여 빠르게"]);
  assert.equal(shows(p, "normalization"), true);
  assert.equal(shows(p, "NORMALIZATION icml"), true);
  assert.equal(shows(p, "ICML'15"), true);
  assert.equal(shows(p, "정규화".normalize("NFD")), true);
  assert.equal(shows(p, "기반하여"), true);
  assert.equal(shows(p, "batch nature"), false);
  assert.equal(shows(p, ""), true);
  /* Words are found inside others, across the columns' texts. */
  assert.equal(shows(p, "norm arch"), true);
});

test("a tag narrows the papers to those with it", () => {
  const p = paper(["Title"], ["정규화", "Survey"]);
  assert.equal(shows(p, "", "Survey"), true);
  assert.equal(shows(p, "", "survey"), false);
  assert.equal(shows(p, "title", "Other"), false);
  assert.equal(shows(p, "title", ""), true);
});

test("the columns searched", () => {
  assert.deepEqual(filter.TEXT_COLUMNS, ["title", "venue", "tags", "summary"]);
});

test("drafts: all reviews, drafts only, or finished reviews only", () => {
  const draft = { ...paper(["A draft"], ["GAN"]), draft: true };
  const done = paper(["A finished review"], ["GAN"]);
  const pick = (status) =>
    [draft, done].filter((p) => filter.matches(p, filter.terms(""), "", status));
  assert.deepEqual(pick(""), [draft, done]);
  assert.deepEqual(pick("draft"), [draft]);
  assert.deepEqual(pick("done"), [done]);
  assert.deepEqual(filter.STATUSES, ["", "draft", "done"]);
  /* With a tag and words too. */
  assert.equal(filter.matches(draft, filter.terms("draft"), "GAN", "draft"), true);
  assert.equal(filter.matches(draft, filter.terms("draft"), "CNN", "draft"), false);
});

test("the count line in the site's words, the numbers filled in", () => {
  assert.equal(filter.countText("{shown} of {total} papers", 3, 10), "3 of 10 papers");
  assert.equal(filter.countText("논문 {total}편 중 {shown}편", 3, 10), "논문 10편 중 3편");
  /* Each placeholder as often as the words name it; other braces are text. */
  assert.equal(filter.countText("{shown}/{total} {x} {shown}", 1, 2), "1/2 {x} 1");
  /* Words that look like a replacement pattern are not one. */
  assert.equal(filter.countText("$& {shown} $1", 1, 2), "$& 1 $1");
  assert.equal(filter.countText(undefined, 1, 2), "1 of 2 papers");
});
