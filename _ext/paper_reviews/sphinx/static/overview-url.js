/* The overview's view in the URL: the state (filter text, tag, drafts, sort, grouping) read
 * from a query string and written back to one, so that links, reloads and the back button
 * show the same view. Parameters are `filter`, `tag`, `status`, `sort` and `group`; a page's second table uses
 * `filter2`, `tag2`, … Values equal to the page's defaults are left out. No DOM: in the
 * browser this is PaperReviews.url, in Node the module's exports. */
((root, factory) => {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module && module.exports) module.exports = api;
  else (root.PaperReviews = root.PaperReviews || {}).url = api;
})(typeof globalThis === "object" ? globalThis : this, () => {
  "use strict";

  /** The parts of the state kept in the URL (`q` is the filter text). */
  const PARAMS = ["q", "tag", "status", "sort", "group"];

  /* A state part's URL parameter for the page's table at `index` (0 for the first). The
   * filter text is `filter`: Sphinx's search script takes `q` on every page that loads it
   * and fails where there are no search results to show. */
  function paramName(name, index = 0) {
    const base = name === "q" ? "filter" : name;
    return index === 0 ? base : `${base}${index + 1}`;
  }

  /* The state a query string asks for: the defaults, with each part the URL gives instead.
   * A grouping not among `groupings` (the ways the build can group the table) falls back to
   * the default; the other values are kept as written and checked where they are used. */
  function readState(search, defaults, index = 0, groupings = []) {
    const params = new URLSearchParams(search);
    const state = { ...defaults };
    for (const name of PARAMS) {
      const value = params.get(paramName(name, index));
      if (value !== null) state[name] = value;
    }
    if (!groupings.includes(state.group)) state.group = defaults.group;
    return state;
  }

  /* The query string ("?…", or "" for none) showing `state`: the parameters of other tables
   * and pages are kept, this table's are set, or removed where they hold the default. */
  function writeSearch(search, state, defaults, index = 0) {
    const params = new URLSearchParams(search);
    for (const name of PARAMS) {
      const value = state[name];
      if (value && value !== defaults[name]) params.set(paramName(name, index), value);
      else params.delete(paramName(name, index));
    }
    const query = params.toString();
    return query ? `?${query}` : "";
  }

  /* The URL (path, query and fragment) of `location` showing `state`, or null when that is
   * the URL already. */
  function stateURL(location, state, defaults, index = 0) {
    const { pathname, search, hash } = location;
    const url = `${pathname}${writeSearch(search, state, defaults, index)}${hash}`;
    return url === `${pathname}${search}${hash}` ? null : url;
  }

  return { PARAMS, paramName, readState, writeSearch, stateURL };
});
