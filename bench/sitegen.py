"""Generate a review site of N synthetic reviews: realistic bodies in Korean and English,
math, citations and links between reviews (each review cites its own paper and another
review's, so every card and every References entry has a "Cited in" line), 1 to 3 tags out
of 20, one review in 40 a draft, and a refs.bib of N entries. The site's own conf.py,
index.md, references.md, statistics.md and templates are copied, so the generated site
builds exactly like the real one.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).parents[1]
TAGS = [
    "Model Architecture",
    "Model Training",
    "Generative Models",
    "Self-training",
    "Model Uncertainty",
    "Explainable AI",
    "Optimization",
    "Representation Learning",
    "Reinforcement Learning",
    "Graph Networks",
    "Vision",
    "Language Models",
    "Robustness",
    "Efficiency",
    "Theory",
    "Data",
    "Evaluation",
    "General",
    "정규화",
    "생성 모델",
]
VENUES = ["ICML", "NeurIPS", "ICLR", "CVPR", "ICCV", "ACL", None]
WORDS = (
    "normalization attention residual gradient variance bayesian ensemble diffusion "
    "contrastive transformer convolution augmentation calibration sparsity distillation"
).split()
KOREAN = [
    "이 논문은 {w}에 기반하여 모델의 학습을 안정시키는 방법을 제안한다.",
    "저자들은 {w}을 정규화한다는 관점에서 기존 방법을 다시 해석한다.",
    "실험은 ImageNet과 CIFAR에서 진행되며, {w}의 효과가 일관되게 나타난다.",
    "여러 모델을 앙상블하는 대신 하나의 모델로 비슷한 성능을 얻는다.",
]
#: Syllables and particles for rarer Korean words: a real shelf of reviews keeps meeting
#: words it has not seen, and the search index's Korean analysis is paid per new word.
SYLLABLES = "가나다라마바사아자차카타파하강남동량명봉선영정진창철태품학한현혜호훈".replace(
    "", " "
).split()
PARTICLES = ["은", "는", "이", "가", "을", "를", "의", "에서", "으로", "과", "하여", "한다"]
ENGLISH = [
    "The method replaces {w} with a cheaper estimate and keeps the accuracy.",
    "Ablations show that {w} matters more than the depth of the network.",
]


def generate(root: Path, n: int, seed: int = 7) -> Path:
    """Write the site under ``root`` and return it."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "reviews").mkdir(parents=True)
    for name in ("conf.py", "index.md", "references.md", "statistics.md"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "_templates", root / "_templates")
    entries = []
    keys = [f"author{i:05d}{2015 + i % 10}{rng.choice(WORDS)}" for i in range(n)]
    for i, key in enumerate(keys):
        words = rng.sample(WORDS, 3)
        title = f"{words[0].title()} {words[1]} for {words[2]} ({i})"
        year = 2015 + i % 10
        venue = rng.choice(VENUES)
        entry = [
            f"@{'inproceedings' if venue else 'misc'}{{{key},",
            f"  title = {{{title}}},",
            f"  author = {{Author{i}, Alice and Writer, Bob}},",
            f"  year = {{{year}}},",
        ]
        if venue:
            entry.append(f"  booktitle = {{{venue}}},")
        entry.append(f"  eprint = {{{year % 100:02d}{rng.randint(1, 12):02d}.{i:05d}}},")
        entry.append("  archivePrefix = {arXiv}\n}")
        entries.append("\n".join(entry))
        tags = rng.sample(TAGS, rng.randint(1, 3))
        rating = rng.choice(
            ["", "rating: 3\n", "rating: 3.5\n", "rating: 4\n", "rating: 4.5\n", "rating: 5\n"]
        )
        summary = " ".join(s.format(w=rng.choice(WORDS)) for s in rng.sample(KOREAN, 2))
        body = "\n\n".join(s.format(w=rng.choice(WORDS)) for s in KOREAN + ENGLISH)
        rare = " ".join(
            "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))) + rng.choice(PARTICLES)
            for _ in range(8)
        )
        body += f"\n\n새로 등장한 용어: {rare}."
        other = keys[(i * 7 + 3) % n]
        text = (
            f"---\nbibkey: {key}\ntags: [{', '.join(tags)}]\n{rating}"
            f"{'draft: true' + chr(10) if i % 40 == 39 else ''}"
            f"{'venue: ' + venue + chr(10) if venue else ''}summary: {summary}\n---\n\n"
            f"# {title}\n\n{body}\n\n"
            "## Method\n\n"
            f"The update is $\\theta_{{t+1}} = \\theta_t - \\eta \\nabla L(\\theta_t)$, "
            f"as in {{cite:p}}`{key}`.\n\n"
            "$$\n\\hat{x} = \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}\n$$\n\n"
            f"See also {{paper}}`{other}`, which {{cite:t}}`{other}` wrote.\n"
        )
        (root / "reviews" / f"{key}.md").write_text(text, encoding="utf-8")
    (root / "refs.bib").write_text("\n\n".join(entries) + "\n", encoding="utf-8")
    return root
