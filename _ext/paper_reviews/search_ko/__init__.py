"""Korean search: Sphinx's search language for ``ko`` (:mod:`.language`) with Kiwi's
morphemes, analysed in a process of its own (:mod:`.morphology`)."""
