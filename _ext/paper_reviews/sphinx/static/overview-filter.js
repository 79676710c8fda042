/* The overview's filter: text folded for comparison (Unicode NFC, lower case), the words of
 * a filter, and whether a paper shows under those words and a chosen tag. No DOM: in the
 * browser this is PaperReviews.filter, in Node the module's exports. */
((root, factory) => {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module && module.exports) module.exports = api;
  else (root.PaperReviews = root.PaperReviews || {}).filter = api;
})(typeof globalThis === "object" ? globalThis : this, () => {
  "use strict";

  /** The columns whose text the filter searches. */
  const TEXT_COLUMNS = ["title", "venue", "tags", "summary"];

  /* Text as the filter compares it: composed Hangul and accents (NFC), whatever the input
   * method typed, and lower case. */
  const fold = (text) => String(text).normalize("NFC").toLocaleLowerCase();

  /* A paper's searchable text, from the text of its TEXT_COLUMNS cells. */
  const searchText = (texts) => fold(texts.join(" "));

  /* The words of a filter, folded: a paper must contain every one. */
  const terms = (query) => fold(query ?? "").split(/\s+/).filter(Boolean);

  /* Whether a paper ({text: its searchText, tags}) shows: it has `tag` ("" for any) and
   * its text contains every word of `words` (from `terms`). */
  const matches = (paper, words, tag) =>
    (!tag || paper.tags.includes(tag)) && words.every((word) => paper.text.includes(word));

  return { TEXT_COLUMNS, fold, searchText, terms, matches };
});
