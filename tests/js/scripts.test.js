/* The browser scripts loaded as a page loads them, classic scripts in order: the rules
 * attach to one namespace, and a page without an overview is left alone. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { STATIC, runAsPage } = require("./helpers");

const RULES = ["overview-url.js", "overview-order.js", "overview-filter.js"].map((name) =>
  path.join(STATIC, name),
);
const PAGE_SCRIPT = path.join(STATIC, "paper_reviews.js");

/* A document with no overview, counting what the script asks of it. */
function emptyDocument() {
  const asked = [];
  return {
    asked,
    readyState: "complete",
    documentElement: { lang: "ko" },
    querySelectorAll(selector) {
      asked.push(selector);
      return [];
    },
    addEventListener(type) {
      asked.push(`on ${type}`);
    },
  };
}

test("the rules attach to window.PaperReviews, nothing else", () => {
  const page = runAsPage(RULES);
  assert.deepEqual(Object.keys(page), ["PaperReviews"]);
  assert.deepEqual(Object.keys(page.PaperReviews), ["url", "order", "filter"]);
  assert.equal(typeof page.PaperReviews.order.arrange, "function");
});

test("on a page without an overview the script looks for one and stops", () => {
  const document = emptyDocument();
  const page = runAsPage([...RULES, PAGE_SCRIPT], { document });
  assert.deepEqual(document.asked, [".paper-table"]);
  assert.deepEqual(Object.keys(page), ["document", "PaperReviews"]);
});

test("while the page loads, the script waits for it", () => {
  const document = { ...emptyDocument(), readyState: "loading" };
  document.asked = [];
  document.addEventListener = (type) => document.asked.push(`on ${type}`);
  runAsPage([...RULES, PAGE_SCRIPT], { document });
  assert.deepEqual(document.asked, ["on DOMContentLoaded"]);
});

test("without its rules, or without a document, the script does nothing", () => {
  const document = emptyDocument();
  runAsPage([PAGE_SCRIPT], { document });
  assert.deepEqual(document.asked, []);
  assert.doesNotThrow(() => runAsPage([...RULES, PAGE_SCRIPT]));
});
