"""``python -m paper_reviews.cli``: the ``paper-reviews`` command."""

from paper_reviews.cli.commands import main

raise SystemExit(main())
