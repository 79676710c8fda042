"""The Sphinx extension: the ``paper`` domain and the catalog across pages (:mod:`.domain`),
reading each review (:mod:`.review`), the roles (:mod:`.roles`), the card under each
review's heading (:mod:`.card`), the overview table (:mod:`.overview`,
:mod:`.overview_html`), what both show (:mod:`.parts`, :mod:`.html`), warnings
(:mod:`.report`), citation styles (:mod:`.citations`), the PDF
(:mod:`.latex`, :mod:`.latex_fonts`), and the setup that joins them (:mod:`.extension`).
Importing the package loads none of them."""
