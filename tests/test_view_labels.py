"""Every label a view shows goes through the catalog: no Indonesian-only text hard-coded in views."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATORS = {"_", "_l", "gettext", "lazy_gettext", "ngettext", "_n", "lazy_ngettext"}
# Not read by users in the page language: log lines, and the OpenAPI text of the API (one language).
NOT_LABELS = {"debug", "info", "warning", "error", "exception", "critical", "doc"}
# Two words or more: a label or a sentence, not an endpoint, template, header value or code.
PROSE = re.compile(r"^(?=.*[A-Za-z]{2,})[^/<>{}=@]*\w[ ,]+\w[^/<>{}=@]*$")
HEADER_VALUE = re.compile(r"^[a-z-]+(=\d+)?(, [a-z-]+(=\d+)?)*$|^(attachment|inline);")


def _view_modules() -> list[Path]:
    return sorted(p for p in (ROOT / "tracker").rglob("*.py") if "views" in p.parts or p.name.endswith("views.py"))


def _hard_coded(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            if name in TRANSLATORS or name in NOT_LABELS:
                exempt.update(id(child) for child in ast.walk(node))
        elif isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                exempt.add(id(first.value))  # docstring
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in exempt
            and PROSE.search(node.value) and not HEADER_VALUE.match(node.value)]


def test_views_hard_code_no_label_text():
    found = [f"{path.relative_to(ROOT)}:{line}: {text!r}" for path in _view_modules() for line, text in _hard_coded(path)]
    assert not found, "Put these through _() / _l() (or tracker/labels.py):\n" + "\n".join(found)


def test_the_check_catches_a_hard_coded_bucket(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text('LABELS = {"overdue": "Lewat masa berlaku, belum diputuskan", "d0_30": "0–30 hari"}\n'
                      'OK = {"a": _l("Dua kata")}\n')
    assert [text for _line, text in _hard_coded(sample)] == ["Lewat masa berlaku, belum diputuskan", "0–30 hari"]
