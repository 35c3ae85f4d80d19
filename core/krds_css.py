"""The KRDS component stylesheet cut down to the rules whose classes the project uses (issue 13).

krds-uiux's component.css is ~540 KB: every KRDS component (calendar, carousel, tabs …), of which the
pages use a dozen. Every page downloaded and parsed all of it before its first paint. `subset()` keeps
a rule only if one of its selectors can match, i.e. every class the selector requires occurs as a word
somewhere in the project's sources (templates, JS, Python: class names set from views, template tags
and scripts are literals there). The test is deliberately loose (a class named like any word of the
sources is kept), so a rule is dropped only when nothing could ever give an element its class.

Classes inside functional pseudo-classes (:not(.x), :is(.a, .b), :has(.x)) and attribute selectors are
not required, so such selectors are kept; a data- attribute selector ([data-krds-mode=theme]) needs its
name in the sources too. Comments and the source-map comment are dropped; everything
else (@charset, @keyframes, the rules' declarations, their order) is copied as is. The subset is served
from vendor/krds/css/subset/, at the same depth as component/, so its relative url()s still resolve.

`KrdsSubsetFinder` (STATICFILES_FINDERS) writes it under build/ and serves it: runserver and the tests
get the same file as collectstatic (bin/build-static), which copies it like any other static file.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

SUBSET_PREFIX = "vendor/krds/css/subset"
SUBSET_NAME = "component.css"
SUBSET_PATH = f"{SUBSET_PREFIX}/{SUBSET_NAME}"

# Where the project's class names are written; tests, benchmarks and vendored code are not.
SOURCE_SUFFIXES = {".html", ".js", ".py", ".txt"}
SKIP_DIRS = {".venv", "node_modules", "tests", "bench", "build", "staticfiles", "locale", "migrations", "var",
             ".git", "__pycache__", "media"}

_CLASS = re.compile(r"\.((?:\\.|[\w-])+)")
_ATTRIBUTE = re.compile(r"\[\s*([\w-]+)")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_BLOCK_AT_RULES_WITH_RULES = ("@media", "@supports", "@container", "@layer", "@document")


def source_files(root: Path):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if path.suffix in SOURCE_SUFFIXES and path.resolve() != Path(__file__).resolve():  # not this file's words
                yield path


def used_words(root: Path) -> set[str]:
    words: set[str] = set()
    for path in source_files(root):
        words.update(_WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def _skip_string_or_comment(text: str, i: int) -> int:
    """If text[i] opens a string or a comment, the index just past it; else i."""
    if text[i] in "\"'":
        quote, j = text[i], i + 1
        while j < len(text) and text[j] != quote:
            j += 2 if text[j] == "\\" else 1
        return j + 1
    if text.startswith("/*", i):
        end = text.find("*/", i + 2)
        return len(text) if end < 0 else end + 2
    return i


def _find(text: str, i: int, stops: str) -> int:
    """The index of the first of `stops` at nesting depth 0 from i (strings and comments skipped)."""
    depth = 0
    while i < len(text):
        j = _skip_string_or_comment(text, i)
        if j != i:
            i = j
            continue
        c = text[i]
        if depth == 0 and c in stops:
            return i
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        i += 1
    return len(text)


def _strip_comments(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        j = _skip_string_or_comment(text, i)
        if j != i:
            if text[i] in "\"'":
                out.append(text[i:j])
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _split_selectors(prelude: str) -> list[str]:
    parts, i, start = [], 0, 0
    while True:
        i = _find(prelude, i, ",")
        parts.append(prelude[start:i].strip())
        if i >= len(prelude):
            return [p for p in parts if p]
        i = start = i + 1


def _outside(selector: str, brackets: str) -> str:
    """The selector's text outside `brackets` ("(": the arguments of functional pseudo-classes; "([":
    attribute selectors too), strings and comments left out."""
    closing = brackets.translate(str.maketrans("([", ")]"))
    out, depth, i = [], 0, 0
    while i < len(selector):
        j = _skip_string_or_comment(selector, i)
        if j != i:
            i = j
            continue
        c = selector[i]
        if c in brackets:
            depth += 1
        elif c in closing:
            depth -= 1
        elif depth == 0:
            out.append(c)
        i += 1
    return "".join(out)


def required_classes(selector: str) -> set[str]:
    """The classes (and data- attributes) elements must carry for the selector to match (not under :not() …)."""
    classes = {re.sub(r"\\(.)", r"\1", name) for name in _CLASS.findall(_outside(selector, "(["))}
    # [data-krds-mode=theme] …: the attribute's name must occur too (not those under :not() …).
    return classes | {name for name in _ATTRIBUTE.findall(_outside(selector, "(")) if name.startswith("data-")}


def _subset_block(text: str, keep) -> list[str]:
    """The rules of a stylesheet (or of an @media block's body) that `keep`s selectors can match."""
    out, i = [], 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        end = _find(text, i, "{;")
        prelude = text[i:end].strip()
        if end >= len(text):
            break
        if text[end] == ";":  # @charset, @import: a statement
            if prelude:
                out.append(prelude + ";")
            i = end + 1
            continue
        close = _find(text, end + 1, "}")
        body = text[end + 1:close]
        i = close + 1
        if prelude.startswith("@"):
            if prelude.lower().startswith(_BLOCK_AT_RULES_WITH_RULES):
                inner = _subset_block(body, keep)
                if inner:
                    out.append(prelude + " {\n" + "\n".join(inner) + "\n}")
            else:  # @keyframes, @font-face, @page: declarations, copied as they are
                out.append(prelude + " {" + body + "}")
            continue
        selectors = [s for s in _split_selectors(prelude) if keep(s)]
        if selectors:
            out.append(",\n".join(selectors) + " {" + body.rstrip() + "\n}")
    return out


def subset(css: str, words: set[str]) -> str:
    def keep(selector: str) -> bool:
        return required_classes(selector) <= words

    return "\n".join(_subset_block(_strip_comments(css), keep)) + "\n"


def krds_component_css() -> Path:
    return settings.NODE_MODULES / "krds-uiux" / "resources" / "css" / "component" / "component.css"


def build_subset(target: Path) -> tuple[int, int]:
    """Writes the subset to target; (full size, subset size) in bytes."""
    source = krds_component_css().read_text(encoding="utf-8")
    text = subset(source, used_words(Path(settings.BASE_DIR)))
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        # Written aside and renamed: another process (runserver's reloader, a second worker) never reads half.
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    return len(source.encode()), len(text.encode())


@lru_cache(maxsize=1)
def subset_folder() -> Path:
    """Built once per process (collectstatic, runserver, a test run): a template edited later needs a restart."""
    folder = Path(settings.BASE_DIR) / "build" / "krds-subset"
    build_subset(folder / SUBSET_NAME)
    return folder


class KrdsSubsetFinder(BaseFinder):
    """Finds (and lists, for collectstatic) vendor/krds/css/subset/component.css, built from the sources."""

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        matches = [str(subset_folder() / SUBSET_NAME)] if path == SUBSET_PATH else []
        if find_all or kwargs.get("all"):
            return matches
        return matches[0] if matches else []

    def list(self, ignore_patterns):
        storage = FileSystemStorage(location=subset_folder())
        storage.prefix = SUBSET_PREFIX
        yield SUBSET_NAME, storage
