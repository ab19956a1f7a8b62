"""Load the rules file once per change and assess answers with it."""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from flask import current_app, has_app_context

from ..agreement.answers import Answers
from ..agreement.checkpoints import Assessment, Rules, assess, load_rules

_cache: dict[str, tuple[float, Rules]] = {}
_lock = threading.Lock()


def default_rules_path() -> Path:
    """Return the configured rules file, or the project's own."""
    if has_app_context() and current_app.config.get("RULES_FILE"):
        return Path(current_app.config["RULES_FILE"])
    from .. import PROJECT_ROOT

    return PROJECT_ROOT / "rules" / "checkpoints.yaml"


def get_rules(path: str | Path | None = None) -> Rules:
    """Return the validated rules, reloaded when the file changes (raises RulesError if invalid)."""
    path = Path(path) if path else default_rules_path()
    key = str(path.resolve())
    mtime = path.stat().st_mtime
    cached = _cache.get(key)
    if cached and cached[0] == mtime:
        return cached[1]
    rules = load_rules(path)
    with _lock:
        _cache[key] = (mtime, rules)
    return rules


def assess_answers(answers: Answers, on: dt.date | None = None, lang: str = "sv") -> Assessment:
    """Assess answers with the current rules on `on` (today by default)."""
    return assess(answers, get_rules(), on or dt.date.today(), lang)
