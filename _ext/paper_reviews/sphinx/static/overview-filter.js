/* The overview's filter: text folded for comparison (Unicode NFC, lower case), the words of
 * a filter, and whether a paper shows under those words, a chosen tag and a chosen state
 * (drafts or finished reviews), and the count line. No DOM: in the browser this is PaperReviews.filter, in Node the module's exports. */
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

  /** The review states the filter can choose: any, drafts only, finished reviews only. */
  const STATUSES = ["", "draft", "done"];

  /* Whether a paper ({text: its searchText, tags, draft}) shows: it has `tag` ("" for
   * any), its state is `status` (one of STATUSES; "" or an unknown one for any), and its
   * text contains every word of `words` (from `terms`). */
  const matches = (paper, words, tag, status = "") =>
    (!tag || paper.tags.includes(tag)) &&
    (status !== "draft" || Boolean(paper.draft)) &&
    (status !== "done" || !paper.draft) &&
    words.every((word) => paper.text.includes(word));

  /* The count line: the build's words for it, in the site's language ("{shown} of {total}
   * papers", "{total}편 중 {shown}편"), with the numbers filled in. Without them (a page
   * built before the words were passed), English. */
  const countText = (template, shown, total) =>
    String(template || "{shown} of {total} papers").replace(/\{(shown|total)\}/g, (_, name) =>
      String(name === "shown" ? shown : total),
    );

  return { TEXT_COLUMNS, STATUSES, fold, searchText, terms, matches, countText };
});
