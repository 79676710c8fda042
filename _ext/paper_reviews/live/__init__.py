"""``make live``: the writing loop. One long-lived process keeps Sphinx's application (its
environment, the extension's catalog, the imports) and the Korean analyser warm between
builds (:mod:`.builder`); a server watches the site, rebuilds what a save changed and
reloads the open page when it was written again, with the build's warnings shown on the
page until a good save clears them (:mod:`.server`)."""
