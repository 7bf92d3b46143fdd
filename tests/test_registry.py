"""Tests for xiaomi_ev_kb.registry: canonical names, aliases, mentions and the data file."""

from __future__ import annotations

import pytest

from xiaomi_ev_kb.registry import data_dir, load_registry

KINDS = {"company", "automaker", "supplier", "regulator", "person", "plant", "vehicle", "outlet"}


@pytest.fixture(scope="module")
def registry():
    return load_registry()


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("CATL", "CATL"),
        ("Ningde era", "CATL"),
        ("ningde ERA", "CATL"),
        ("Contemporary Amperex Technology", "CATL"),
        ("宁德时代", "CATL"),
        ("Zhongchuang Singapore Airlines", "CALB"),
        ("China Aviation Lithium Battery", "CALB"),
        ("Zhongchuang Lithium", "CALB"),
        ("中创新航", "CALB"),
        ("弗迪", "FinDreams Battery"),
        ("Fudi", "FinDreams Battery"),
        ("北汽", "BAIC"),
        ("禾赛", "Hesai"),
        ("国家发改委", "NDRC"),
        ("工信部", "MIIT"),
        ("state planner", "NDRC"),
        ("national planning department", "NDRC"),
        ("China\u2019s state planner", "NDRC"),
        ("Ministry of Industry and Information Technology", "MIIT"),
        ("  state   planner ", "NDRC"),
        ("Sinovel", "Sinovel"),
    ],
)
def test_registry_canonical_for_alias(registry, alias, canonical):
    assert registry.canonical(alias) == canonical, f"{alias!r} should resolve to {canonical!r}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Acme Cells", "Acme Cells"),
        ("Zhongchuang Airlines Holdings", "Zhongchuang Airlines Holdings"),
    ],
)
def test_registry_unknown_name_kept_as_written(registry, name, expected):
    assert registry.resolve(name) is None, f"{name!r} is not a known entity"
    assert registry.canonical(name) == expected, (
        "an unknown organisation is kept under its own name"
    )


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Lei Jun", "person"),
        ("雷军", "person"),
        ("NDRC", "regulator"),
        ("CATL", "supplier"),
        ("Reuters", "outlet"),
        ("Xiaomi Beijing plant", "plant"),
        ("SU7", "vehicle"),
    ],
)
def test_registry_entity_kind(registry, name, kind):
    entity = registry.resolve(name)
    assert entity is not None, f"{name!r} should be known"
    assert entity.kind == kind, f"{name!r} is a {kind}, not a {entity.kind}"


def test_registry_find_formerly_known_as_resolves_to_former_name(registry):
    text = "The battery maker Sinovel (formerly known as Zhongchuang Lithium) will supply cells."
    surface = "Sinovel (formerly known as Zhongchuang Lithium)"
    mentions = registry.find(text)
    assert len(mentions) == 1, f"the apposition is one mention: {mentions}"
    (m,) = mentions
    assert m.entity.canonical == "CALB", (
        "the former name is the stable one: CALB, not the wind-turbine maker"
    )
    assert m.surface == surface, "the surface form keeps the whole apposition"
    assert (m.start, m.end) == (text.index(surface), text.index(surface) + len(surface))
    assert text[m.start : m.end] == m.surface


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("宁德时代和中创新航", [("宁德时代", "CATL"), ("中创新航", "CALB")]),
        ("小米汽车的电池来自宁德时代。", [("小米汽车", "Xiaomi Auto"), ("宁德时代", "CATL")]),
        (
            "Xiaomi's battery suppliers are CATL and Ningde era.",
            [("Xiaomi", "Xiaomi"), ("CATL", "CATL"), ("Ningde era", "CATL")],
        ),
        ("Ningde\u00a0era supplies cells", [("Ningde\u00a0era", "CATL")]),
        ("Sinovel Wind makes turbines.", [("Sinovel Wind", "Sinovel")]),
        (
            "Xiaomi Automobile Co., Ltd. was registered.",
            [("Xiaomi Automobile Co., Ltd.", "Xiaomi Auto")],
        ),
        ("No known names here.", []),
    ],
)
def test_registry_find_mentions_with_offsets(registry, text, expected):
    mentions = registry.find(text)
    assert [(m.surface, m.entity.canonical) for m in mentions] == expected
    for m in mentions:
        assert text[m.start : m.end] == m.surface, (
            f"offsets {m.start}:{m.end} do not give {m.surface!r}"
        )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("On the eve of the launch, Xiaomi cut prices."),
        pytest.param("Lei Jun gave a lucid account of the plan."),
        pytest.param("CATLs and CALBs", id="no-partial-words"),
    ],
)
def test_registry_find_no_company_in_common_words(registry, text):
    companies = [
        (m.surface, m.entity.canonical)
        for m in registry.find(text)
        if m.entity.kind in ("supplier", "automaker", "company") and m.entity.canonical != "Xiaomi"
    ]
    assert companies == [], f"a common word is not a company mention: {companies}"


def test_registry_aliases_of(registry):
    aliases = registry.aliases_of("Ningde era")
    assert aliases[0] == "CATL" and "宁德时代" in aliases
    assert registry.aliases_of("Acme Cells") == ["Acme Cells"]


# ---------------------------------------------------------------------------------------
# The data file


def _lines() -> list[str]:
    return (data_dir() / "entities.tsv").read_text(encoding="utf-8").splitlines()


def test_registry_data_file_has_comment_header():
    lines = _lines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    assert header, "entities.tsv should open with a comment header saying what it is"
    text = "\n".join(header).lower()
    for word in ("canonical", "kind", "parent", "aliases"):
        assert word in text, f"the header should describe the {word!r} column"
    assert any(ln.strip() for ln in lines[len(header) :]), "entity lines follow the header"


def test_registry_data_file_every_line_parses():
    lines = _lines()
    seen_aliases: dict[str, str] = {}
    canonicals = set()
    parents = []
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert len(cols) in (4, 5), (
            f"entities.tsv:{n}: expected 4 or 5 tab-separated columns, got {len(cols)}: {line!r}"
        )
        canonical, kind, parent, aliases = cols[:4]
        for pair in (cols[4].split(";") if len(cols) == 5 else []):
            key, eq, value = pair.partition("=")
            assert eq and key.strip() and value.strip(), f"entities.tsv:{n}: attribute {pair!r} is not key=value"
        assert canonical.strip() == canonical and canonical, (
            f"entities.tsv:{n}: bad canonical name {canonical!r}"
        )
        assert kind in KINDS, f"entities.tsv:{n}: unknown kind {kind!r}"
        assert canonical not in canonicals, f"entities.tsv:{n}: {canonical!r} is listed twice"
        canonicals.add(canonical)
        parents.append((n, parent))
        for alias in [canonical, *(a for a in aliases.split("|") if a.strip())]:
            assert alias == alias.strip(), f"entities.tsv:{n}: alias {alias!r} has stray spaces"
            key = " ".join(alias.lower().split())
            owner = seen_aliases.setdefault(key, canonical)
            assert owner == canonical, (
                f"entities.tsv:{n}: alias {alias!r} names both {owner!r} and {canonical!r}"
            )
    for n, parent in parents:
        assert parent == "-" or parent in canonicals, (
            f"entities.tsv:{n}: parent {parent!r} is not an entity"
        )


def test_registry_load_registry_knows_every_data_line(registry):
    names = [ln.split("\t")[0] for ln in _lines() if ln.strip() and not ln.startswith("#")]
    assert sorted(registry.entities) == sorted(names)


_SOUP = None


def _alias_soup():
    global _SOUP
    if _SOUP is None:
        reg = load_registry()
        names = sorted({n for e in reg.entities.values() for n in (e.canonical, *e.aliases)})
        _SOUP = names + ["the", "x", "-", "(", ")", " ", "SU7s", "eve", "EVE", "公司", "a1", "'s", "(formerly known as", "\n"]
    return _SOUP


def test_registry_candidate_starts_find_what_a_full_scan_finds():
    """Trying the pattern only at candidate starts yields exactly what finditer over every position does."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    reg = load_registry()

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(_alias_soup()), max_size=12), st.sampled_from(["", " ", "-", ", ", "\u00a0"]),
           st.booleans())
    def check(parts, sep, upper):
        text = sep.join(parts)
        text = text.upper() if upper else text
        expected = [(m.start(), m.end()) for m in reg._pattern.finditer(text)]
        assert [(m.start(), m.end()) for m in reg._matches(text)] == expected

    check()
