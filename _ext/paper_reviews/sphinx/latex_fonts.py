"""The PDF's fonts and preamble, for ``latex_elements`` in ``conf.py`` (plain strings: the
command line runs ``conf.py`` too, without loading Sphinx)."""

#: The PDF's fonts (``latex_elements["fontpkg"]``), for xelatex: Noto Serif, Sans and Sans
#: Mono for Latin, Greek and Cyrillic; Hangul, CJK and the symbols those fonts lack in Noto
#: CJK KR, switched by character class (also in math and in URLs, which url.sty sets as math).
#: (Not xeCJK: it is not in Debian's texlive-xetex, and it sets Korean as Chinese, dropping
#: the spaces between Hangul words and breaking lines between any two syllables.)
FONTPKG = r"""
\setmainfont{Noto Serif}
\setsansfont{Noto Sans}
\setmonofont{Noto Sans Mono}
\newfontfamily\reviewscjkrm{Noto Serif CJK KR}[NFSSFamily=reviewscjkrm]
\newfontfamily\reviewscjksf{Noto Sans CJK KR}[NFSSFamily=reviewscjksf]
\newfontfamily\reviewscjktt{Noto Sans Mono CJK KR}[NFSSFamily=reviewscjktt]
\makeatletter
\newXeTeXintercharclass\reviews@cjk % always in the CJK font
\newXeTeXintercharclass\reviews@sym % in the current font if it has the glyph, else the CJK font
\DeclareSymbolFont{reviewscjk}{TU}{reviewscjkrm}{m}{n}
\SetSymbolFont{reviewscjk}{bold}{TU}{reviewscjkrm}{\bfdefault}{n}
\def\reviews@class#1#2#3{% class, first and last code point
  \count@=#2\relax
  \loop
    \XeTeXcharclass\count@=#1\relax
    \Umathcode\count@=0 \symreviewscjk\count@
  \ifnum\count@<#3\relax\advance\count@\@ne\repeat}
\reviews@class\reviews@cjk{"1100}{"11FF}% Hangul Jamo
\reviews@class\reviews@sym{"2150}{"2BFF}% number forms, arrows, math operators, symbols, shapes
\reviews@class\reviews@cjk{"2E80}{"33FF}% CJK radicals and punctuation, kana, Hangul Jamo
\reviews@class\reviews@cjk{"3400}{"4DBF}% CJK ideographs
\reviews@class\reviews@cjk{"4E00}{"9FFF}%
\reviews@class\reviews@cjk{"A960}{"A97F}% Hangul Jamo
\reviews@class\reviews@cjk{"AC00}{"D7FF}% Hangul syllables and Jamo
\reviews@class\reviews@cjk{"F900}{"FAFF}% CJK ideographs
\reviews@class\reviews@cjk{"FE10}{"FE1F}% vertical forms
\reviews@class\reviews@cjk{"FE30}{"FE6F}% CJK compatibility and small forms
\reviews@class\reviews@cjk{"FF00}{"FFEF}% full-width and half-width forms
\reviews@class\reviews@sym{"1F100}{"1F1FF}% enclosed letters and digits
\reviews@class\reviews@cjk{"1F200}{"1F2FF}% enclosed ideographs
\reviews@class\reviews@cjk{"20000}{"3134F}% CJK ideographs
% Entering a run of CJK characters (from Latin text, or after a space, a command or a brace)
% switches to the CJK font; leaving it returns to the font it was entered from.
\newif\ifreviews@incjk
\def\reviews@cjkfamily{%
  \ifx\f@family\sfdefault reviewscjksf\else\ifx\f@family\ttdefault reviewscjktt\else
  reviewscjkrm\fi\fi}
% The CJK font of the current family, series, shape and size; LaTeX's font state is kept.
\def\reviews@usecjk{%
  \let\reviews@fontname\font@name
  \begingroup\fontfamily{\reviews@cjkfamily}\selectfont\expandafter\endgroup\the\font
  \global\let\font@name\reviews@fontname}
\def\reviews@tocjk{%
  \ifreviews@incjk\else\reviews@incjktrue\edef\reviews@latin{\the\font}\reviews@usecjk\fi}
\def\reviews@fromcjk{\ifreviews@incjk\reviews@incjkfalse\reviews@latin\fi}
% A symbol, taken as #1 and set with the character classes off (else its own tokens recur).
\def\reviews@symbol#1{{\XeTeXinterchartokenstate\z@
  \iffontchar\font`#1 \else\reviews@usecjk\fi#1}}
\XeTeXinterchartoks 0 \reviews@cjk {\reviews@tocjk}
\XeTeXinterchartoks \e@alloc@intercharclass@top \reviews@cjk {\reviews@tocjk}
\XeTeXinterchartoks \reviews@sym \reviews@cjk {\reviews@tocjk}
\XeTeXinterchartoks \reviews@cjk 0 {\reviews@fromcjk}
\XeTeXinterchartoks \reviews@cjk \e@alloc@intercharclass@top {\reviews@fromcjk}
\XeTeXinterchartoks \reviews@sym 0 {\reviews@fromcjk}
\XeTeXinterchartoks \reviews@sym \e@alloc@intercharclass@top {\reviews@fromcjk}
\XeTeXinterchartoks \e@alloc@intercharclass@top 0 {\reviews@fromcjk}
\XeTeXinterchartoks 0 \reviews@sym {\reviews@symbol}
\XeTeXinterchartoks \e@alloc@intercharclass@top \reviews@sym {\reviews@symbol}
\XeTeXinterchartoks \reviews@cjk \reviews@sym {\reviews@symbol}
\XeTeXinterchartoks \reviews@sym \reviews@sym {\reviews@symbol}
\XeTeXinterchartokenstate=1
\makeatother
"""

#: One space after a full stop, as in Korean and in the HTML pages; a glyph missing from
#: every font stops the build ("Missing character: There is no … in font …") instead of
#: leaving a blank in the PDF.
PREAMBLE = r"""
\frenchspacing
\tracinglostchars=3
"""
