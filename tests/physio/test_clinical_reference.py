"""The clinical reference the code cites ships with the project, with every cited section."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "clinical.md"
SOURCES = (
    "physio",
    "exercises",
    "assessments",
    "programs",
    "outcomes",
    "templates",
    "static",
    "tests",
)
SECTION = re.compile(r"§(\d+(?:\.\d+)?)")


def headings() -> set[str]:
    """The section numbers docs/clinical.md has headings for ("## 2." and "### 2.1 …")."""
    found = set()
    for line in REFERENCE.read_text().splitlines():
        match = re.match(r"#{2,3} (\d+(?:\.\d+)?)\.? ", line)
        if match:
            found.add(match.group(1))
    return found


def citations() -> dict[str, list[str]]:
    """Each § number cited in the project's code, templates, styles, scripts and docs."""
    files = [ROOT / "README.md", REFERENCE]
    for folder in SOURCES:
        for pattern in ("*.py", "*.html", "*.js", "*.css", "*.txt", "*.md"):
            files.extend((ROOT / folder).rglob(pattern))
    cited: dict[str, list[str]] = {}
    for path in files:
        for line_no, line in enumerate(path.read_text().splitlines(), 1):
            for number in SECTION.findall(line):
                cited.setdefault(number, []).append(f"{path.relative_to(ROOT)}:{line_no}")
    return cited


def test_the_reference_has_every_section_from_one_to_seven():
    expected = {"1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "2.3", "3", "4", "5", "6", "7"}
    assert expected <= headings()


def test_every_section_the_code_cites_is_a_heading_of_the_reference():
    cited = citations()
    assert {"1.1", "1.3", "2.1", "2.2", "3", "4"} <= cited.keys()  # the scan finds them
    missing = {number: places for number, places in cited.items() if number not in headings()}
    assert missing == {}


def test_citations_name_the_shipped_reference_not_an_outside_file():
    outside = "CLINICAL" + ".md"  # the team's notes, which a clone does not have
    stale = [
        str(path.relative_to(ROOT))
        for folder in SOURCES
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".js", ".css", ".md"} and outside in path.read_text()
    ]
    assert stale == []
    assert outside not in (ROOT / "README.md").read_text()
