"""The README keeps its promises: two commands first, CI runs its test command, output not stale."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_first_screen_has_exactly_two_commands():
    first_screen = README.split("## ")[0]
    blocks = re.findall(r"```bash\n(.*?)```", first_screen, re.S)
    assert len(blocks) == 2, blocks
    setup, tests = (b.strip() for b in blocks)
    assert "pip install -e" in setup and "load" in setup and "contradictions" in setup
    assert "pytest" in tests and "\n" not in tests


def test_readme_test_command_is_what_ci_runs():
    tests = re.findall(r"```bash\n(.*?)```", README.split("## ")[0], re.S)[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci
    assert 'pip install --quiet -e ".[dev]"' in ci or 'pip install -e ".[dev]"' in ci


def test_readme_documents_every_claim_key():
    from xiaomi_ev_kb.models import Claim
    from xiaomi_ev_kb.render import claim_dict

    c = Claim(article_id="a", topic="capacity", subject="s", property="p", value=1, value_kind="quantity",
              quote="q", start=0, end=1, sentence="q", sentence_start=0, rule="r")
    contract = (ROOT / "docs" / "json.md").read_text(encoding="utf-8").split("## JSON contract")[1]
    for key in claim_dict(c, None):
        assert f"`{key}`" in contract, f"docs/json.md does not document claim key {key!r}"


COGGED = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md") if "[[[cog" in p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("name", COGGED)
def test_readme_session_output_is_current(name):
    """`cog --check` fails when the real output differs from the copy in the README or docs/."""
    r = subprocess.run([sys.executable, "-m", "cogapp", "--check", name], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, f"{name} output is stale: run `cog -r {name}`\n" + r.stdout + r.stderr


def test_readme_links_resolve():
    for name in ["README.md", *(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]:
        text = (ROOT / name).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)\)", text):
            assert ((ROOT / name).parent / target).exists(), f"{name} links to {target}, which does not exist"
