"""``refs.bib`` outside a Sphinx build: reading it with its problems, making bibkeys, and
appending new entries without ever rewriting the existing ones.

No Sphinx imports.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyDataError, Entry, Person
from pybtex.database.input.bibtex import Parser, UndefinedMacro
from pybtex.scanner import PybtexSyntaxError

from paper_reviews.core import bibinfo, bibsource, complete, markdown
from paper_reviews.core.latextext import latex_to_text

#: Title words that do not make a bibkey: the first other word does.
STOPWORDS = frozenset(
    """a an the on of in for to and or with without from by at as is are be can do does we
    you your our how what why when which who via toward towards into its it not no""".split()
)
#: Characters with a meaning in LaTeX, escaped when plain text goes into a BibTeX field.
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass(frozen=True)
class BibProblem:
    line: int
    message: str
    #: The file, when a bibliography is read from several.
    path: Path | None = None


@dataclass
class Bibliography:
    """The entries of BibTeX files, by key (case-insensitive), with what is wrong in them."""

    path: Path
    entries: Mapping[str, Entry] = field(default_factory=dict)
    problems: list[BibProblem] = field(default_factory=list)


def read(path: Path, *more: Path) -> Bibliography:
    """Parse ``path`` (and ``more`` files after it, as sphinxcontrib-bibtex reads
    ``bibtex_bibfiles``: ``@string`` macros of one file hold in the next); every problem is
    reported with its file and line, never raised. Entries with a ``crossref`` have
    inherited what they lack from their parent (:mod:`.complete`)."""
    parser = Parser()
    read_files: list[tuple[Path, str, list[Exception]]] = []
    problems: list[BibProblem] = []
    for each in (path, *more):
        if not each.exists():
            problems.append(BibProblem(1, f"{each.name} does not exist", each))
            continue
        data = each.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            # Read as the build reads it: the bad bytes replaced, and reported.
            line = data[: err.start].count(b"\n") + 1
            message = (
                f"the file is not valid UTF-8 (byte 0x{data[err.start]:02x}); save it as UTF-8"
            )
            problems.append(BibProblem(line, message, each))
            text = data.decode("utf-8-sig", errors="replace")
        # pybtex reports what it can read past (captured here) and raises on the rest.
        with pybtex.errors.capture() as captured:
            try:
                parser.parse_string(text)
            except PybtexSyntaxError as err:
                problems.append(BibProblem(err.lineno or 1, message_of(err), each))
                continue
            except Exception as err:
                captured.append(err)
        read_files.append((each, text, list(captured)))
    entries = parser.data.entries
    problems += problems_in(read_files, entries)
    return Bibliography(path, entries=entries, problems=problems)


def problems_in(
    files: Sequence[tuple[Path, str, Iterable[Exception]]], entries: Mapping[str, Entry]
) -> list[BibProblem]:
    """What is wrong in BibTeX files read in this order (each as its path, its text and
    pybtex's errors while reading it), each at its file and line: pybtex's errors, keys used
    twice (in one file or two), and ``crossref`` names of entries that do not exist.
    ``entries`` are those read from all of them. The build and ``paper-reviews check`` both
    report these."""
    problems = []
    first: dict[str, tuple[Path, bibsource.SourceEntry]] = {}
    orphans = {key.lower() for key in complete.inherit(entries)}
    for path, text, errors in files:
        for error in errors:
            if _is_repeat(error):
                continue  # reported below, at each line that repeats the key
            line: int | None = getattr(error, "lineno", None)
            if not line:
                quoted = re.search(r'"([^"]+)"', str(error))
                line = _line_of(text, quoted.group(1)) if quoted else 1
            problems.append(BibProblem(line, message_of(error), path))
        for entry in bibsource.scan(text):
            known = first.setdefault(entry.key.lower(), (path, entry))
            if known[1] is not entry:
                where = (
                    f"line {known[1].line}"
                    if known[0] == path
                    else (f"{known[0].name}:{known[1].line}")
                )
                problems.append(
                    BibProblem(
                        entry.line,
                        f"the key '{entry.key}' is also used at {where}; "
                        "the entry there is used and this one is left out",
                        path,
                    )
                )
            elif _bad_url(entries.get(entry.key)):
                url = entries[entry.key].fields.get("url", "")
                problems.append(
                    BibProblem(
                        entry.line,
                        f"'{entry.key}' has url = {{{url[:80]}}}, which is not an http(s) URL, so "
                        "nothing links to it",
                        path,
                    )
                )
            if known[1] is entry and entry.key.lower() in orphans:
                parent = entries[entry.key].fields.get("crossref", "")
                problems.append(
                    BibProblem(
                        entry.line,
                        f"'{entry.key}' has crossref = {{{parent}}}, which no entry has as its key",
                        path,
                    )
                )
    order = {path: i for i, (path, _, _) in enumerate(files)}
    return sorted(problems, key=lambda p: (order.get(p.path, 0) if p.path else 0, p.line))


def _bad_url(entry: Entry | None) -> bool:
    url = entry.fields.get("url", "").strip() if entry is not None else ""
    return bool(url) and not bibinfo.is_http_url(bibinfo.clean_url(url))


def message_of(error: Exception) -> str:
    if isinstance(error, UndefinedMacro):
        return f"{error}: the field is left empty; define it with @string"
    if isinstance(error, PybtexSyntaxError):
        return f"{error}: fix the BibTeX syntax (what pybtex read before the error is used)"
    return str(error)


def _is_repeat(error: Exception) -> bool:
    return isinstance(error, BibliographyDataError) and str(error).startswith("repeated")


def _line_of(text: str, quoted: str) -> int:
    """The line of the entry whose key pybtex's message quotes, else of the quoted text (a
    name it could not read)."""
    matches = list(re.finditer(r"@\w+\s*[{(]\s*" + re.escape(quoted) + r"\s*,", text, re.I))
    at = matches[-1].start() if matches else text.find(quoted)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


# -- keys -----------------------------------------------------------------------------------------


#: Letters that do not decompose into an ASCII letter and an accent, as people spell them
#: in ASCII (Bergsträßer: bergstrasser).
_ASCII_SPELLING = str.maketrans(
    {"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
     "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ı": "i"}
)  # fmt: skip


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (accents dropped, ß as ss)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII_SPELLING))
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def title_words(title: str) -> list[str]:
    """The significant words of a title, in order."""
    words = [ascii_word(w) for w in re.split(r"[\s\-:/,.?!()]+", title)]
    return [w for w in words if w and w not in STOPWORDS]


def surname(author: str) -> str:
    """The last name of "First Last" or "Last, First" (as pybtex reads names)."""
    person = Person(author)
    return ascii_word("".join(person.last_names)) or ascii_word(author.split()[-1])


def make_key(
    title: str,
    year: int | None,
    authors: Sequence[str] = (),
    taken: Iterable[str] = (),
) -> str:
    """ioffe2015batch: first author's surname, year, first significant title word; without
    authors, the first two significant title words around the year (batch2015normalization).
    A key already taken gets 2, 3, … appended."""
    # Each part at most 20 characters: a key is also a file name.
    words = [word[:20] for word in title_words(title)] or ["paper"]
    year_text = str(year) if year is not None else ""
    if authors:
        base = f"{surname(authors[0])[:20] or 'anon'}{year_text}{words[0]}"
    else:
        base = f"{words[0]}{year_text}{words[1] if len(words) > 1 else ''}"
    used = {k.lower() for k in taken}
    key, n = base, 1
    while key.lower() in used:
        n += 1
        key = f"{base}{n}"
    return key


# -- writing --------------------------------------------------------------------------------------


def latex_escape(text: str) -> str:
    """Plain text as BibTeX field content that reads back as the same text: LaTeX's special
    characters escaped (``&`` as ``\\&``, ``%`` as ``\\%``, braces as ``\\textbraceleft{}``
    so that every brace BibTeX counts is one this function wrote, in pairs), except inside
    math written as ``$…$`` with math in it (``$\\ell_1$``, as arXiv titles have), which is
    kept. Control characters are dropped."""
    text = _CONTROL.sub("", text)
    parts = markdown.MATH.split(text)
    return "".join(
        part if i % 2 and _is_math(part) else _latex_escaped(part) for i, part in enumerate(parts)
    )


def _latex_escaped(part: str) -> str:
    escaped = "".join(_LATEX_SPECIALS.get(ch, ch) for ch in part)
    # Pairs LaTeX reads as one character (-- as a dash, '' as a quote): kept apart.
    return _LIGATURE.sub(lambda m: m.group(1) + "{}", escaped)


_LIGATURE = re.compile(r"(-(?=-)|'(?=')|`(?=`)|,(?=,)|!(?=`)|\?(?=`))")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _is_math(span: str) -> bool:
    inner = span[1:-1]
    if "%" in inner or not markdown.is_safe_math(span):
        return False
    return bool(re.search(r"[\\^_{}=]", inner) or re.fullmatch(r"[A-Za-z]", inner))


#: Fields written as identifiers, not text: read back exactly as given.
IDENTIFIER_FIELDS = frozenset({"year", "eprint", "archiveprefix", "primaryclass", "doi", "url"})
_IDENTIFIER = re.compile(r"[^\s{}\\\"]+")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.\-]*")


def clean_text(text: str) -> str:
    """Text from outside as refs.bib keeps it: control characters dropped, white space
    runs made one space."""
    return " ".join(_CONTROL.sub("", text).split())


class EntryError(ValueError):
    """A value that cannot be written into refs.bib so that it reads back the same."""


def format_entry(
    entry_type: str,
    key: str,
    fields: Sequence[tuple[str, str]],
    authors: Sequence[str] = (),
) -> str:
    """One BibTeX entry in the layout of the site's refs.bib, from plain values: text is
    escaped (:func:`latex_escape`), identifiers (``year``, ``eprint``, ``doi``, ``url``, …)
    are written as they are. The entry is read back, and must hold exactly these fields with
    exactly these values, or :class:`EntryError` says which one cannot be written: nothing
    from outside can close a brace, add a field or add an entry."""
    if not _KEY.fullmatch(key) or not re.fullmatch(r"[A-Za-z]+", entry_type):
        raise EntryError(f"{entry_type!r}, {key!r} cannot be an entry's type and key")
    rows = [(name, field_value(name, value)) for name, value in fields]
    if authors:
        rows.insert(1, ("author", authors_value(authors)))
    width = max((len(name) for name, _ in rows), default=0)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in rows)
    text = f"@{entry_type}{{{key},\n{body}\n}}\n"
    _check(text, key, fields, authors)
    return text


def field_value(name: str, value: str) -> str:
    """A plain value from outside as the BibTeX text between a field's braces: text escaped
    (:func:`latex_escape`), an identifier (``year``, ``doi``, …) as it is, if it can be."""
    value = clean_text(value)
    if name.lower() not in IDENTIFIER_FIELDS:
        return latex_escape(value)
    if not _IDENTIFIER.fullmatch(value):
        raise EntryError(f"{name} {value!r} cannot be written to refs.bib as it is")
    return value


def authors_value(authors: Sequence[str]) -> str:
    """Names from outside as one ``author`` field's text."""
    return " and ".join(_name(author) for author in authors)


def _name(author: str) -> str:
    """A name from outside as BibTeX: escaped, and an "and" in it kept from splitting it."""
    return re.sub(r"(?i)(?<=\s)(and)(?=\s)", r"{\1}", latex_escape(clean_text(author)))


def _check(text: str, key: str, fields: Sequence[tuple[str, str]], authors: Sequence[str]) -> None:
    try:
        with pybtex.errors.capture() as errors:
            data = Parser().parse_string(text)
    except Exception as err:
        raise EntryError(f"the entry for {key} cannot be read back ({err})") from None
    if errors or list(data.entries) != [key]:
        raise EntryError(f"the entry for {key} does not read back as one entry")
    entry = data.entries[key]
    for name, value in fields:
        value = clean_text(value)
        got = entry.fields.get(name, "")
        read = got if name.lower() in IDENTIFIER_FIELDS else " ".join(latex_to_text(got).split())
        if read != value:
            raise EntryError(f"{name} {value!r} does not read back as written ({read!r})")
    if len(entry.fields) != len(fields):
        raise EntryError(f"the entry for {key} does not read back with its fields")
    wanted = [str(Person(_name(author))) for author in authors]
    read = [str(person) for person in entry.persons.get("author", [])]
    if read != wanted:
        raise EntryError(f"the authors {list(authors)!r} do not read back as {len(authors)} names")


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: readers see the old file or the new one."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def create(path: Path, data: bytes) -> None:
    """Create ``path`` whole with ``data``, never replacing a file: :class:`FileExistsError`
    if one is there (made by someone else meanwhile, too). Readers never see it half
    written: the data is written aside and linked into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:50]}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.link(tmp, path)  # fails if path exists
    finally:
        Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the project's lock (``.paper-reviews.lock`` beside refs.bib) while reading and
    writing refs.bib and the review pages, so that two commands at once take turns."""
    with open(root / ".paper-reviews.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def append_entries(path: Path, entries: Sequence[str]) -> None:
    """Add entries at the end of ``path`` (created if absent), keeping every existing byte:
    an encoding other than UTF-8 or Windows line ends (the new entries take them too). A
    ``refs.bib`` that is a link is written through the link."""
    if not entries:
        return
    path = path.resolve() if path.is_symlink() else path
    old = path.read_bytes() if path.exists() else b""
    newline = b"\r\n" if b"\r\n" in old else b"\n"
    if not old or old.endswith(newline * 2):
        separator = b""
    else:
        separator = newline if old.endswith(b"\n") else newline * 2
    added = "\n".join(entries).encode("utf-8").replace(b"\n", newline)
    write_atomic_bytes(path, old + separator + added)
