"""The editors' guide shows only screenshots that exist, each with a French description for who cannot see it."""

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
IMAGE = re.compile(r"!\[(.*?)\]\(([^)\s]+\.png)\)")


def test_guide_images_exist_and_have_alternative_text():
    guide = (DOCS / "guide-redaction.md").read_text(encoding="utf-8")
    images = IMAGE.findall(guide)
    assert len(images) >= 10
    for alt, target in images:
        assert (DOCS / target).is_file(), target
        assert len(alt) >= 30, f"texte alternatif trop court pour {target}"
    committed = {path.name for path in (DOCS / "images" / "guide").glob("*.png")}
    assert committed == {Path(target).name for _alt, target in images}, "capture non utilisée par le guide"
    assert sum((DOCS / "images" / "guide" / name).stat().st_size for name in committed) < 2_000_000
