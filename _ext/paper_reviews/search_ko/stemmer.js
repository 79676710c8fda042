/* The Korean search language's stemmer in the browser: Sphinx's search runs it on each query
 * word, which drops a Korean word's particle or ending (정규화한다 → 정규화, layer의 → layer)
 * and stems a word without Hangul as Sphinx's English search does, so that queries meet the
 * index halfway.
 *
 * language.py serves this file as Sphinx's js_stemmer_code, after Sphinx's base and English
 * stemmers, with the empty ENDINGS list below replaced by its own ENDINGS (the one list of
 * endings); in the page it sets window.Stemmer, which Sphinx's search uses. In Node (the unit
 * tests) it exports makeStemWord, the stemmer without Sphinx's parts. */
((root) => {
  "use strict";

  /* Particles and endings, longest first: written in by language.py. */
  const ENDINGS = /* ENDINGS */ [];

  const HANGUL = /[\uac00-\ud7a3]/;

  /* The stemmer of one word, given the endings (longest first) and an English stemmer
   * ({stemWord}) for words without Hangul. */
  function makeStemWord(endings, english) {
    return (word) => {
      if (!HANGUL.test(word)) return english.stemWord(word);
      for (const ending of endings) {
        /* A one-letter particle is dropped only when two letters remain (차이 stays). */
        const keep = ending.length === 1 ? 2 : 1;
        if (word.endsWith(ending) && word.length - ending.length >= keep) {
          return word.slice(0, word.length - ending.length);
        }
      }
      return word;
    };
  }

  /* The stemmer as Sphinx's search constructs it: `new Stemmer()`, then stemWord(word). */
  function KoreanStemmer() {
    /* EnglishStemmer is Sphinx's, defined by the code served before this. */
    this.stemWord = makeStemWord(ENDINGS, new EnglishStemmer());
  }

  if (typeof module === "object" && module && module.exports) {
    module.exports = { ENDINGS, makeStemWord, KoreanStemmer };
  } else {
    root.Stemmer = KoreanStemmer;
  }
})(typeof globalThis === "object" ? globalThis : this);
