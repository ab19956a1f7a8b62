"""The sandbox that renders clause texts written by legal reviewers.

A clause text is a small Jinja template. Reviewers are trusted with the law, not with code,
so the environment is immutable and sandboxed, has no loader and no globals, offers only an
allow-list of filters, refuses function calls, macros and blocks, and bounds every resource
a template could exhaust: loop steps, string sizes, output size and wall-clock time.
"""
from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from ..i18n import N_, gettext_for
from .limits import (
    BUDGET, FILTERS, MAX_INT_BITS, MAX_ROUND_PRECISION, MAX_STRING_CHARS, REF_END, REF_START, REFERENCE_FILTERS,
    Budget, Refused, bounded, check_size, check_structure, concat, finalize, structure_filter, text_filter,
)
from .schema import CONTEXT_NAMES, path_problems

MAX_SOURCE_CHARS = 20_000
MAX_OUTPUT_CHARS = 60_000
MAX_EXPONENT = 64
CACHE_SIZE = 4_096
TEMPLATE_FILENAME = "<klausul>"

# Only these node types may appear: text, output, names, attribute paths, filters, tests,
# conditions, loops and simple assignments. Calls, macros, blocks, includes and buffered
# blocks are out: they are either escape routes or ways to hide output from the size bound.
ALLOWED_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Getattr, nodes.Getitem,
    nodes.Slice, nodes.Filter, nodes.Test, nodes.If, nodes.For, nodes.Const, nodes.List,
    nodes.Tuple, nodes.Dict, nodes.Pair, nodes.Keyword, nodes.Compare, nodes.Operand, nodes.And,
    nodes.Or, nodes.Not, nodes.Neg, nodes.Pos, nodes.CondExpr, nodes.Concat, nodes.Add,
    nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Assign,
    nodes.Scope,
)
FORBIDDEN_NAMES = frozenset({"self", "caller", "varargs", "kwargs", "loop_cycle"})


class ClauseRenderError(ValueError):
    """A clause text that cannot be rendered; `line` is the line in the text (1-based)."""

    def __init__(self, line: int, message: str):
        super().__init__(f"{line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class TemplateProblem:
    """One problem in a clause text, for a reviewer: the line and a message in their language."""

    line: int
    message: str


class _Hooks(NodeTransformer):
    """Route every loop through the step counter and every `~` through the size bound."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        node = self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "_bounded", [], [], None, None, lineno=node.lineno)
        return node

    def _bounded_structure(self, node: nodes.Expr) -> nodes.Node:
        return nodes.Filter(node, "_structure", [], [], None, None, lineno=node.lineno)

    def visit_List(self, node: nodes.List) -> nodes.Node:
        return self._bounded_structure(self.generic_visit(node))

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        node = self.generic_visit(node)
        # A tuple that is the target of an assignment or a loop is not a value.
        return node if node.ctx == "store" else self._bounded_structure(node)

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
        return self._bounded_structure(self.generic_visit(node))

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        node = self.generic_visit(node)
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), "_concat", [], [], None, None,
                            lineno=node.lineno)


class ClauseEnvironment(ImmutableSandboxedEnvironment):
    """Immutable sandbox whose arithmetic cannot build huge strings, lists or numbers."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        numeric = all(isinstance(v, (int, float)) for v in (left, right))
        if operator in ("*", "%") and not numeric:
            raise Refused(N_("operatorn %(op)s fungerar bara på tal"), op=operator)
        if operator == "**":
            if not numeric or abs(right) > MAX_EXPONENT or abs(left) > 10**12:
                raise Refused(N_("för stor upphöjning"))
        if operator == "*" and isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise Refused(N_("för stort tal"))
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, type(left)):
            if len(left) + len(right) > MAX_STRING_CHARS:
                raise Refused(N_("för lång text eller lista (högst %(max)s)"), max=MAX_STRING_CHARS)
        result = check_size(super().call_binop(context, operator, left, right))
        return check_structure(result) if isinstance(result, (list, tuple)) else result


def _make_environment() -> ClauseEnvironment:
    env = ClauseEnvironment(undefined=StrictUndefined, autoescape=False, lstrip_blocks=True,
                            optimized=False, cache_size=0, finalize=finalize)
    env.globals.clear()
    builtin = env.filters
    env.filters = {name: builtin[name] for name in ("default", "length", "first", "last", "int")}
    env.filters.update({name: text_filter(builtin[name]) for name in ("lower", "upper", "capitalize", "trim")})
    env.filters.update(FILTERS)
    # Hidden filters the compiler inserts around loops and `~`; not offered to reviewers.
    env.filters.update({"_bounded": bounded, "_concat": concat, "_structure": structure_filter})
    return env


ENV = _make_environment()
PUBLIC_FILTERS = frozenset(name for name in ENV.filters if not name.startswith("_"))

# One block tag whose body never contains "%}", so matching a line is linear, not a backtracking trap.
_TAG_LINE = re.compile(r"[ \t]*(?:\{%(?![-+])(?:[^%]|%(?!\}))*%\}[ \t]*)+")


def _drop_tag_lines(source: str) -> str:
    """Make lines holding only block tags vanish from the output, keeping the line numbers.

    Jinja's trim_blocks also eats the newline after a tag that ends a line of text, which
    would merge two paragraphs; here only tag-only lines lose their newline, which moves
    into a comment so that error lines still match the reviewer's text. A tag written with
    `{%-` or `-%}` keeps Jinja's own whitespace control: its author manages the newlines.
    """
    lines = source.split("\n")
    for i, line in enumerate(lines[:-1]):
        if "{%" in line and _TAG_LINE.fullmatch(line) and not re.search(r"[-+]%\}", line):
            lines[i] = lines[i] + "{#"
            lines[i + 1] = "#}" + lines[i + 1]
    return "\n".join(lines)


_CACHE: OrderedDict[str, Any] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def _structure_problems(ast: nodes.Template) -> list[tuple[int, str, dict[str, Any]]]:
    problems = []
    for node in ast.find_all(nodes.Node):
        if not isinstance(node, ALLOWED_NODES):
            problems.append((node.lineno, N_("otillåten konstruktion i klausultext: %(what)s"),
                             {"what": type(node).__name__}))
        elif isinstance(node, nodes.Name) and node.name in FORBIDDEN_NAMES:
            problems.append((node.lineno, N_("okänd uppgift: %(name)s"), {"name": node.name}))
        elif isinstance(node, nodes.Filter) and node.name not in PUBLIC_FILTERS:
            problems.append((node.lineno, N_("okänt filter: %(name)s"), {"name": node.name}))
        elif isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            problems.append((node.lineno, N_("otillåten åtkomst: %(detail)s"), {"detail": node.attr}))
        elif isinstance(node, nodes.Filter) and node.name in REFERENCE_FILTERS and not (
                isinstance(node.node, nodes.Const) and isinstance(node.node.value, str)):
            problems.append((node.lineno, N_("skriv id:t i en hänvisning som text: {{ 'lokaler' | %(filter)s }}"),
                             {"filter": node.name}))
        elif isinstance(node, nodes.Filter) and node.name == "round" and node.args and isinstance(
                node.args[0], nodes.Const) and not (isinstance(node.args[0].value, int)
                                                    and 0 <= node.args[0].value <= MAX_ROUND_PRECISION):
            problems.append((node.lineno, N_("round tar högst %(max)s decimaler"), {"max": MAX_ROUND_PRECISION}))
        elif isinstance(node, (nodes.Mul, nodes.Mod, nodes.Pow)) and any(
                isinstance(side, (nodes.Const, nodes.List, nodes.Tuple, nodes.Dict))
                and not isinstance(getattr(side, "value", 0), (int, float))
                for side in (node.left, node.right)):
            problems.append((node.lineno, N_("operatorn %(op)s fungerar bara på tal"), {"op": node.operator}))
    return problems


def _compile(source: str, lang: str) -> Any:
    key = hashlib.sha256(source.encode("utf-8")).hexdigest()
    with _CACHE_LOCK:
        template = _CACHE.get(key)
        if template is not None:
            _CACHE.move_to_end(key)
            return template
    _ = gettext_for(lang)
    if len(source) > MAX_SOURCE_CHARS:
        raise ClauseRenderError(1, _("texten är för lång (högst %(max)s tecken)", max=MAX_SOURCE_CHARS))
    try:
        ast = ENV.parse(_drop_tag_lines(source), filename=TEMPLATE_FILENAME)
    except TemplateSyntaxError as exc:
        raise ClauseRenderError(exc.lineno or 1, _("syntaxfel: %(detail)s", detail=exc.message or "")) from None
    problems = _structure_problems(ast)
    if problems:
        line, msgid, variables = problems[0]
        raise ClauseRenderError(line, _(msgid, **variables))
    ast = _Hooks().visit(ast)
    ast.set_environment(ENV)
    code = ENV.compile(ast, filename=TEMPLATE_FILENAME)
    template = ENV.template_class.from_code(ENV, code, ENV.make_globals(None), None)
    with _CACHE_LOCK:
        _CACHE[key] = template
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return template


def _error_line(exc: BaseException) -> int:
    line = 1
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == TEMPLATE_FILENAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_text(source: str, context: dict[str, Any]) -> str:
    """Render a clause text with plain-data `context`, raising ClauseRenderError on any failure."""
    lang = context.get("lang", "sv")
    _ = gettext_for(lang)
    template = _compile(source, lang)
    budget = Budget()
    token = BUDGET.set(budget)
    try:
        chunks: list[str] = []
        size = 0
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise Refused(N_("texten blir för lång (högst %(max)s tecken)"), max=MAX_OUTPUT_CHARS)
            budget.check_time()
            chunks.append(chunk)
        return "".join(chunks)
    except Refused as exc:
        raise ClauseRenderError(_error_line(exc), _(exc.msgid, **exc.variables)) from None
    except UndefinedError as exc:
        raise ClauseRenderError(_error_line(exc), _("uppgiften finns inte: %(detail)s", detail=exc.message or "")) from None
    except SecurityError as exc:
        raise ClauseRenderError(_error_line(exc), _("otillåten åtkomst: %(detail)s", detail=str(exc))) from None
    except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError,
            RecursionError, MemoryError) as exc:
        raise ClauseRenderError(_error_line(exc), _("texten kan inte fyllas i: %(detail)s", detail=str(exc))) from None
    finally:
        BUDGET.reset(token)


def names_used(source: str) -> set[str]:
    """Return the context names a clause text uses (empty when it does not parse)."""
    try:
        return set(meta.find_undeclared_variables(ENV.parse(_drop_tag_lines(source))))
    except TemplateError:
        return set()


def references_in(source: str) -> list[tuple[int, str, str]]:
    """Return (line, kind, id) for every `{{ 'id' | annex }}` and `{{ 'id' | section }}` in a text."""
    try:
        ast = ENV.parse(_drop_tag_lines(source))
    except TemplateError:
        return []
    return [(node.lineno, node.name, node.node.value) for node in ast.find_all(nodes.Filter)
            if node.name in REFERENCE_FILTERS and isinstance(node.node, nodes.Const)
            and isinstance(node.node.value, str)]


def check_template(source: str, lang: str = "sv") -> list[TemplateProblem]:
    """Return the problems a reviewer must fix before the text can be saved (empty when fine)."""
    _ = gettext_for(lang)
    if len(source) > MAX_SOURCE_CHARS:
        return [TemplateProblem(1, _("texten är för lång (högst %(max)s tecken)", max=MAX_SOURCE_CHARS))]
    try:
        ast = ENV.parse(_drop_tag_lines(source))
    except TemplateSyntaxError as exc:
        return [TemplateProblem(exc.lineno or 1, _("syntaxfel: %(detail)s", detail=exc.message or ""))]
    problems = [TemplateProblem(line, _(msgid, **variables)) for line, msgid, variables in _structure_problems(ast)]
    try:
        undeclared = meta.find_undeclared_variables(ast)
    except TemplateError:  # an unknown filter or test, already reported above
        undeclared = set()
    for name in sorted(undeclared - CONTEXT_NAMES - FORBIDDEN_NAMES):
        line = next((n.lineno for n in ast.find_all(nodes.Name) if n.name == name), 1)
        problems.append(TemplateProblem(line, _("okänd uppgift: %(name)s", name=name)))
    for line, path in path_problems(ast):
        problems.append(TemplateProblem(line, _("okänd uppgift: %(name)s", name=path)))
    return sorted(set(problems), key=lambda p: (p.line, p.message))
