"""Check, before a PDF build, that xelatex, latexmk and the fonts are installed.

``make latexpdf`` runs ``python -m paper_reviews.cli.pdfcheck`` first, so a machine without
TeX gets one clear message naming what to install, instead of a LaTeX error log.
No Sphinx build is started; the site's ``conf.py`` is read for its LaTeX settings.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: Debian packages a PDF build needs (xindy too, unless ``latex_use_xindy = False``).
PACKAGES = (
    "latexmk",
    "texlive-xetex",
    "texlive-latex-recommended",
    "texlive-latex-extra",
    "texlive-fonts-recommended",
    "fonts-noto-core",
    "fonts-noto-mono",
    "fonts-noto-cjk",
)
#: LaTeX packages Sphinx's xelatex output loads, found with kpsewhich.
STYLES = ("fontspec.sty", "polyglossia.sty", "fncychap.sty", "tabulary.sty", "varwidth.sty")
DEFAULT_FONTS = (
    "Noto Serif",
    "Noto Sans",
    "Noto Sans Mono",
    "Noto Serif CJK KR",
    "Noto Sans CJK KR",
    "Noto Sans Mono CJK KR",
)
#: The fonts ``fontpkg`` names: ``\setmainfont{…}`` and the like, and ``\newfontfamily\cs{…}``.
FONT_COMMAND = re.compile(
    r"\\(?:set(?:main|sans|mono)font|newfontfamily\s*\\[A-Za-z@]+)\s*(?:\[[^]]*\])?\{([^}]+)\}"
)


@dataclass(frozen=True)
class Settings:
    use_xindy: bool
    fonts: tuple[str, ...]


def read_settings(confdir: Path) -> Settings:
    """The LaTeX settings of the site in ``confdir`` (its conf.py, evaluated by Sphinx)."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    namespace = eval_config_file((confdir / "conf.py").resolve(), Tags())
    fontpkg = (namespace.get("latex_elements") or {}).get("fontpkg", "")
    fonts = tuple(dict.fromkeys(FONT_COMMAND.findall(fontpkg)))
    use_xindy = namespace.get("latex_use_xindy")
    if use_xindy is None:  # Sphinx's default: xindy with xelatex and lualatex
        use_xindy = namespace.get("latex_engine", "pdflatex") in ("xelatex", "lualatex")
    return Settings(use_xindy=bool(use_xindy), fonts=fonts or DEFAULT_FONTS)


def missing(settings: Settings) -> list[str]:
    """What is not installed, in words a reader recognises."""
    found: list[str] = []
    for tool in ("xelatex", "latexmk"):
        if shutil.which(tool) is None:
            found.append(tool)
    if settings.use_xindy and shutil.which("xindy") is None:
        found.append("xindy")
    if shutil.which("kpsewhich") is not None:
        for style in STYLES:
            result = subprocess.run(["kpsewhich", style], capture_output=True, text=True)
            if not result.stdout.strip():
                found.append(f"the LaTeX package {style.removesuffix('.sty')}")
    for font in settings.fonts:
        if not has_font(font):
            found.append(f"the font {font}")
    return found


def has_font(name: str) -> bool:
    if shutil.which("fc-list") is None:
        return False
    result = subprocess.run(["fc-list", name, "family"], capture_output=True, text=True)
    return bool(result.stdout.strip())


def message(absent: list[str], settings: Settings) -> str:
    packages = list(PACKAGES) + (["xindy"] if settings.use_xindy else [])
    return (
        f"Cannot build the PDF: {', '.join(absent)} "
        f"{'is' if len(absent) == 1 else 'are'} not installed.\n"
        f"Install them (as root) with:\n  apt-get install {' '.join(packages)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m paper_reviews.cli.pdfcheck", description=__doc__
    )
    parser.add_argument("confdir", nargs="?", default=".", type=Path, help="folder of conf.py")
    args = parser.parse_args(argv)
    settings = read_settings(args.confdir)
    absent = missing(settings)
    if absent:
        print(message(absent, settings), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
