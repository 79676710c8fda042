"""Korean morphemes from Kiwi, analysed in a process of its own beside the build.

Loading Kiwi's model and analysing a site's Korean words takes seconds, and Kiwi holds
Python's lock while it works, so a thread would not help. :class:`Analyser` runs Kiwi in a
child process instead: the build sends it the paths of the pages it is about to read
(:meth:`Analyser.send_files`, from ``env-before-read-docs``), the child loads its model,
reads the pages and analyses their Korean words on the other core while Sphinx reads and
writes, and the search index (:mod:`.search_ko`) takes the answers when it gets to each
page. A word the child did not find in those pages is sent when the index asks; if the
child cannot start or dies, the words are analysed in the build's own process, so the
index is the same either way.

Run as a script, this file is the child: it reads one JSON message per line, a list of
words or ``{"files": [paths]}``, and writes one JSON line per message: the morphemes of
each word, or ``[word, morphemes]`` pairs for the new Korean words of the files. It imports
nothing of Sphinx.
"""

from __future__ import annotations

import contextlib
import json
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

HANGUL = re.compile(r"[\uac00-\ud7a3]")
WORD = re.compile(r"\w+")
#: Kiwi's tags of the morphemes that are indexed.
INDEXED_TAGS = frozenset(
    {"NNG", "NNP", "NR", "NP", "XR", "SL", "SH", "VV", "VA", "VV-R", "VA-R", "VV-I", "VA-I"}
)
NOUN_TAGS = frozenset({"NNG", "NNP", "XR", "SL"})
#: Words per message to the child: Kiwi analyses a batch at about half the cost per word.
BATCH = 400
#: Files per message to the child: the first answers come back early in the build.
FILE_BATCH = 50

Morphemes = tuple[str, ...]
#: A message to the child: words, or ``{"files": [paths]}``.
Message = list[str] | dict[str, list[str]]


def load_kiwi() -> Any:
    from kiwipiepy import Kiwi

    # Its model loads in about half a second without the typo and multi-word dictionaries,
    # which a word read on its own never uses; one thread, as the batches are small.
    return Kiwi(num_workers=1, load_typo_dict=False, load_multi_dict=False)


def morphemes(tokens: list[Any]) -> list[str]:
    """The indexed morphemes of Kiwi's tokens; a noun and the derivational suffix right
    after it are one word (정규 + 화 → 정규화)."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        tag = token.tag
        if tag == "XSN" and i and tokens[i - 1].tag in NOUN_TAGS:
            before = tokens[i - 1]
            if before.start + before.len == token.start:
                out.append(before.form + token.form)
            continue
        if tag in INDEXED_TAGS:
            out.append(token.form)
    return out


def analyse(kiwi: Any, words: Sequence[str]) -> list[Morphemes]:
    return [tuple(morphemes(tokens)) for tokens in kiwi.tokenize(list(words))]


def korean_words(text: str) -> list[str]:
    """The distinct words of ``text`` with Hangul in them, in order."""
    return [word for word in dict.fromkeys(WORD.findall(text)) if HANGUL.search(word)]


class Analyser:
    """Korean words to their morphemes, analysed by a child process (see the module)."""

    def __init__(self) -> None:
        self._known: dict[str, Morphemes] = {}
        self._waiting: dict[str, threading.Event] = {}  # sent, not answered yet
        self._files: list[threading.Event] = []  # one per batch of files sent
        self._sent: queue.Queue[Message | None] = queue.Queue()
        #: What each message asked, in order: its words, or None for files.
        self._answering: queue.Queue[tuple[list[str] | None, threading.Event]] = queue.Queue()
        self._child: subprocess.Popen[bytes] | None = None
        self._broken = False
        self._local: Any = None
        self._lock = threading.Lock()

    # -- the parent's side -----------------------------------------------------------------

    def send(self, words: Iterable[str]) -> None:
        """Have the child analyse these words (those not already known or sent)."""
        with self._lock:
            new = [
                w for w in dict.fromkeys(words) if w not in self._known and w not in self._waiting
            ]
            if not new or not self._can_send():
                return
            for start in range(0, len(new), BATCH):
                batch = new[start : start + BATCH]
                self._ask(batch, batch)

    def send_files(self, paths: Sequence[str]) -> None:
        """Have the child read these files and analyse the Korean words in them."""
        with self._lock:
            if not paths or not self._can_send():
                return
            for start in range(0, len(paths), FILE_BATCH):
                message = {"files": list(paths[start : start + FILE_BATCH])}
                self._files.append(self._ask(message, None))

    def morphemes(self, words: Sequence[str]) -> list[Morphemes]:
        """The morphemes of each word, waiting for the child's answers where needed."""
        known, waiting = self._known, self._waiting
        if any(word not in known and word not in waiting for word in words):
            for batch in self._files:  # the words may be in the files sent
                batch.wait()
        self.send(words)
        for word in words:
            done = self._waiting.get(word)
            if done is not None:
                done.wait()
        missing = [word for word in dict.fromkeys(words) if word not in self._known]
        if missing:  # the child is gone: analyse here
            if self._local is None:
                self._local = load_kiwi()
            self._known.update(zip(missing, analyse(self._local, missing), strict=True))
        return [self._known[word] for word in words]

    def close(self) -> None:
        """End the child. Called once the search index is written, when no answer is
        needed any more: words sent but never asked for are not waited for."""
        child = self._child
        if child is None:
            return
        self._sent.put(None)
        child.kill()
        child.wait()
        self._child = None

    def _can_send(self) -> bool:
        """Whether the child runs, started now if need be (with the lock held)."""
        return not self._broken and (self._child is not None or self._start())

    def _ask(self, message: Message, words: list[str] | None) -> threading.Event:
        """Queue a message for the child (with the lock held): ``words`` it asks about, or
        None for files. The event is set once the child has answered."""
        done = threading.Event()
        for word in words or ():
            self._waiting[word] = done
        self._answering.put((words, done))
        self._sent.put(message)
        return done

    def _start(self) -> bool:
        try:
            self._child = subprocess.Popen(
                [sys.executable, str(Path(__file__))],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
            )
        except OSError:
            self._broken = True
            return False
        threading.Thread(target=self._write, args=(self._child,), daemon=True).start()
        threading.Thread(target=self._read, args=(self._child,), daemon=True).start()
        return True

    def _write(self, child: subprocess.Popen[bytes]) -> None:
        assert child.stdin is not None
        try:
            while (message := self._sent.get()) is not None:
                child.stdin.write(json.dumps(message).encode("ascii") + b"\n")
                child.stdin.flush()
        except OSError:
            pass  # the child is gone; _read gives up on what is waiting
        finally:
            with contextlib.suppress(OSError):
                child.stdin.close()

    def _read(self, child: subprocess.Popen[bytes]) -> None:
        assert child.stdout is not None
        for line in child.stdout:
            batch, done = self._answering.get()
            answer = json.loads(line)
            if answer is not None:
                pairs = answer if batch is None else zip(batch, answer, strict=True)
                for word, found in pairs:
                    self._known[word] = tuple(found)
            self._answered(batch, done)
        # End of the child's output: whatever is still waiting is analysed here.
        with self._lock:
            self._broken = True
            while not self._answering.empty():
                self._answered(*self._answering.get())

    def _answered(self, batch: list[str] | None, done: threading.Event) -> None:
        for word in batch or ():
            self._waiting.pop(word, None)
        done.set()


def file_words(paths: Iterable[str], seen: set[str]) -> list[str]:
    """The Korean words of these files not in ``seen`` (which they are added to)."""
    words: dict[str, None] = {}
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # the build reports it when it reads the page
        words.update(dict.fromkeys(korean_words(text)))
    new = [word for word in words if word not in seen]
    seen.update(new)
    return new


def serve() -> None:
    """The child: one JSON message per line in, one JSON answer per line out (``null`` for
    a message it failed on); see the module."""
    kiwi = load_kiwi()
    seen: set[str] = set()
    out = sys.stdout
    for line in sys.stdin:
        answer: list[Any] | None
        try:
            message = json.loads(line)
            if isinstance(message, dict):
                words = file_words(message["files"], seen)
                answer = list(zip(words, analyse(kiwi, words), strict=True))
            else:
                answer = analyse(kiwi, message)
        except Exception:
            answer = None
        out.write(json.dumps(answer) + "\n")  # ASCII: whatever the locale
        out.flush()


if __name__ == "__main__":
    serve()
