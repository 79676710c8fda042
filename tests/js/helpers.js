/* Where the tests find the browser scripts, and how they load one as a page would: as a
 * classic script in a context of its own, without Node's `module`. */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.join(__dirname, "..", "..");
const STATIC = path.join(ROOT, "_ext", "paper_reviews", "sphinx", "static");
const SEARCH_KO = path.join(ROOT, "_ext", "paper_reviews", "search_ko");

/* Run browser scripts, in order, in one fresh context (its global object is returned). */
function runAsPage(files, globals = {}) {
  const context = vm.createContext({ ...globals });
  for (const file of files) {
    vm.runInContext(fs.readFileSync(file, "utf-8"), context, { filename: file });
  }
  return context;
}

module.exports = { ROOT, STATIC, SEARCH_KO, runAsPage };
