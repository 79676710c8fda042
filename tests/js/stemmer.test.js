/* The Korean stemmer Sphinx's search runs on query words (search_ko/stemmer.js): on its
 * own, and as language.py serves it, with Sphinx's English stemmer and the Python endings. */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const vm = require("node:vm");
const { ROOT, SEARCH_KO } = require("./helpers");

const FILE = path.join(SEARCH_KO, "stemmer.js");
const { ENDINGS, makeStemWord } = require(FILE);

/* Some of language.py's endings, longest first as there. */
const SOME = ["에서는", "에서", "하여", "한다", "으로", "의", "은", "는", "이", "를", "을", "로"];
const english = { stemWord: (word) => `en:${word}` };
const stem = makeStemWord(SOME, english);

test("the file leaves the endings to language.py, in one place", () => {
  assert.deepEqual(ENDINGS, []);
  const code = fs.readFileSync(FILE, "utf-8");
  assert.equal(code.split("/* ENDINGS */ []").length, 2);
});

test("particles and endings are dropped from Korean words", () => {
  assert.equal(stem("정규화한다"), "정규화");
  assert.equal(stem("기반하여"), "기반");
  assert.equal(stem("네트워크에서는"), "네트워크"); /* the longest ending first */
  assert.equal(stem("모델을"), "모델");
  assert.equal(stem("layer의"), "layer");
  assert.equal(stem("학습"), "학습");
});

test("a one-letter particle goes only when two letters remain", () => {
  assert.equal(stem("차이"), "차이");
  assert.equal(stem("모델이"), "모델");
  assert.equal(stem("은"), "은");
  /* A longer ending may leave one letter. */
  assert.equal(stem("집에서"), "집");
  assert.equal(stem("에서"), "에서");
});

test("words without Hangul go to the English stemmer", () => {
  assert.equal(stem("running"), "en:running");
  assert.equal(stem("ICLR'21"), "en:ICLR'21");
});

/* The Python with the package installed: PAPER_REVIEWS_PYTHON (the Makefile passes the
 * virtual environment's) or .venv/bin/python. */
function served() {
  const python = process.env.PAPER_REVIEWS_PYTHON || path.join(ROOT, ".venv", "bin", "python");
  const code =
    "import sys\n" +
    "from paper_reviews.search_ko.language import SearchKorean\n" +
    "sys.stdout.write(SearchKorean({}).js_stemmer_code)\n";
  const run = spawnSync(python, ["-c", code], { encoding: "utf-8", cwd: ROOT });
  if (run.error || run.status !== 0) return { skip: `no ${python} with paper_reviews: run make` };
  return { code: run.stdout };
}

test("as served: Sphinx's English stemmer and the endings from Python", (t) => {
  const { code, skip } = served();
  if (skip) {
    t.skip(skip);
    return;
  }
  const page = vm.createContext({});
  vm.runInContext(code, page, { filename: "language_data.js" });
  assert.equal(typeof page.Stemmer, "function");
  const stemmer = new page.Stemmer();
  const cases = {
    정규화한다: "정규화",
    기반하여: "기반",
    "layer의": "layer",
    차이: "차이",
    네트워크에서는: "네트워크",
    학습되었다: "학습",
    이미지들을: "이미지",
    running: "run",
    networks: "network",
  };
  for (const [word, expected] of Object.entries(cases)) {
    assert.equal(stemmer.stemWord(word), expected, word);
  }
});
