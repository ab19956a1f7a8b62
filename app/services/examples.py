"""The good examples ("goda exempel"): answers files shipped with the app, with a description.

Each file in `examples/` holds an `example` header (id, title, model, what to watch, the
checkpoints expected to fire and the important ones that must not) and a complete
`answers` object in format v1. The file name is the id.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context

from ..agreement import yamlio
from ..agreement.answers import Answers, AnswersError, validate
from ..agreement.i18n import N_, gettext_for

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TEXT_FIELDS = ("title", "model", "watch")
LANGS = ("sv", "en")


class ExampleError(ValueError):
    """An example file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Example:
    """One good example: its description, expected findings and validated answers."""

    id: str
    title: dict[str, str]
    model: dict[str, str]
    watch: dict[str, str]
    expected_findings: list[str]
    not_expected: list[str]
    answers: Answers
    raw_answers: dict[str, Any] = field(repr=False)
    path: Path | None = None
    # A warning example shows what not to do (an hourly-paid service that is a purchase).
    cautionary: bool = False

    def text(self, name: str, lang: str = "sv") -> str:
        """Return title, model or watch in `lang`, falling back to Swedish."""
        texts: dict[str, str] = getattr(self, name)
        return texts.get(lang) or texts["sv"]


def examples_dir() -> Path:
    """Return the configured examples folder, or the project's `examples/`."""
    if has_app_context() and current_app.config.get("EXAMPLES_DIR"):
        return Path(current_app.config["EXAMPLES_DIR"])
    from .. import PROJECT_ROOT

    return PROJECT_ROOT / "examples"


def _fail(path: Path, message: str, lang: str, **variables: object) -> ExampleError:
    _ = gettext_for(lang)
    return ExampleError(f"{path.name}: {_(message, **variables)}")


def _texts(path: Path, header: dict[str, Any], name: str, lang: str) -> dict[str, str]:
    value = header.get(name)
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value[k].strip() for k in LANGS):
        raise _fail(path, N_("fältet %(field)s ska ha text på svenska (sv) och engelska (en)"), lang,
                    field=f"example.{name}")
    return {k: value[k].strip() for k in LANGS}


def _ids(path: Path, header: dict[str, Any], name: str, lang: str) -> list[str]:
    value = header.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(path, N_("fältet %(field)s ska vara en lista med kontrollpunkters id"), lang,
                    field=f"example.{name}")
    return list(value)


#: Parsed examples by (file, language): reused while the file's modification time and size stay the same.
_cache: dict[tuple[str, str], tuple[tuple[int, int], Example]] = {}
_lock = threading.Lock()


def load_example(path: str | Path, lang: str = "sv") -> Example:
    """Read, check and validate one example file; parsed once per process, again when the file changes.

    The Example returned is shared: callers read it and never change it in place.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return _parse_example(path, lang)  # says that the file cannot be read
    key, stamp = (str(path.resolve()), lang), (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    example = _parse_example(path, lang)
    with _lock:
        _cache[key] = (stamp, example)
    return example


def _parse_example(path: Path, lang: str) -> Example:
    try:
        data = yamlio.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yamlio.yaml.YAMLError) as exc:
        raise _fail(path, N_("filen går inte att läsa: %(reason)s"), lang, reason=str(exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("example"), dict) \
            or not isinstance(data.get("answers"), dict):
        raise _fail(path, N_("filen ska ha delarna example och answers"), lang)
    header = data["example"]
    example_id = header.get("id")
    if example_id != path.stem or not isinstance(example_id, str) or not ID_PATTERN.match(example_id):
        raise _fail(path, N_("exemplets id ska vara detsamma som filnamnet (%(stem)s)"), lang, stem=path.stem)
    expected = _ids(path, header, "expected_findings", lang)
    not_expected = _ids(path, header, "not_expected", lang)
    overlap = sorted(set(expected) & set(not_expected))
    if overlap:
        raise _fail(path, N_("kontrollpunkter både förväntade och inte förväntade: %(ids)s"), lang,
                    ids=", ".join(overlap))
    raw = dict(data["answers"])
    try:
        answers = validate(raw, lang)
    except AnswersError as exc:
        raise ExampleError("\n".join(f"{path.name}: answers.{m}" for m in exc.messages)) from None
    texts = {name: _texts(path, header, name, lang) for name in TEXT_FIELDS}
    if not isinstance(header.get("cautionary", False), bool):
        raise _fail(path, N_("fältet %(field)s ska vara true eller false"), lang, field="example.cautionary")
    return Example(id=example_id, expected_findings=expected, not_expected=not_expected, answers=answers,
                   raw_answers=raw, path=path, cautionary=header.get("cautionary", False), **texts)


def load_examples(dir: str | Path | None = None, lang: str = "sv") -> list[Example]:
    """Load every example in `dir` (default: the configured folder), sorted by id."""
    folder = Path(dir) if dir is not None else examples_dir()
    examples = [load_example(path, lang) for path in sorted(folder.glob("*.yaml"))]
    return sorted(examples, key=lambda example: example.id)


def get_example(example_id: str, dir: str | Path | None = None, lang: str = "sv") -> Example | None:
    """Return the example with this id, or None."""
    folder = Path(dir) if dir is not None else examples_dir()
    if not ID_PATTERN.match(example_id or ""):
        return None
    path = folder / f"{example_id}.yaml"
    return load_example(path, lang) if path.is_file() else None
