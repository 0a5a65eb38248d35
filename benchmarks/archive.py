"""Generate a large, realistic archive of published issues, fast, for benchmarks and tests
(`benchmarks/generate_archive.py` from the command line, `generate_archive()` from Python).

Rows are inserted with bulk_create; the stored HTML and search text are computed with the same
functions `save()` uses (`render_markdown`, `build_search_text`, `unique_slug`), so the
generated archive looks to every page exactly like one written in the admin.
"""

import datetime
import hashlib
import io
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw
from taggit.models import Tag

from digest import weeks
from digest.cache import renew_everything
from digest.markdown import render_markdown
from digest.models import (
    Entry,
    Issue,
    Pick,
    PreviewLink,
    Section,
    StatusChange,
    TaggedEntry,
    unique_slug,
)

MIN_ENTRIES, MAX_ENTRIES = 15, 25
PICKS_PER_ISSUE = 3
TAGS_PER_ENTRY = 3
# Every this many issues (and the newest) has exactly MAX_ENTRIES entries: the benchmark's
# "issue page of 25 entries" needs one.
FULL_ISSUE_EVERY = 20
IMAGE_FILES = 6
IMAGE_DIR = "entries/generated"
FIGURE_WIDTH, FIGURE_HEIGHT = 640, 320  # every generated figure
BATCH_SIZE = 2000
# Rendering Markdown is most of the generator's work: big archives render on every core.
PARALLEL_RENDER_FROM = 2000

# Topics in both languages. Searches of the benchmark look for some of them (神经元, TensorFlow).
TOPICS_ZH = [
    "神经元", "元学习", "物体检测", "图神经网络", "强化学习", "扩散模型", "语言模型", "知识蒸馏",
    "对比学习", "自监督学习", "语义分割", "机器翻译", "语音识别", "推荐系统", "因果推断",
    "联邦学习", "可解释性", "模型量化", "模型剪枝", "注意力机制", "多模态学习", "生成对抗网络",
    "少样本学习", "持续学习", "贝叶斯优化", "神经架构搜索", "表示学习", "图像生成", "文本摘要",
    "问答系统", "时间序列预测", "异常检测", "姿态估计", "三维重建", "点云", "医学影像",
    "蛋白质结构预测", "自动驾驶", "机器人", "优化器",
]  # fmt: skip
TOPICS_EN = [
    "TensorFlow", "PyTorch", "JAX", "U-Net", "Transformer", "BERT", "GPT", "ResNet", "Mac",
    "CUDA", "ONNX", "Kubernetes", "Hugging Face", "LoRA", "ViT", "CLIP", "NeRF", "GAN", "VAE",
    "RLHF", "Mixture of Experts", "Stable Diffusion", "YOLO", "Adam", "ImageNet", "COCO",
    "Keras", "scikit-learn", "XGBoost", "Core ML",
]  # fmt: skip
DATASETS = ["ImageNet", "COCO", "CIFAR-10", "GLUE", "SQuAD", "LibriSpeech", "KITTI", "MMLU"]
VERBS_ZH = ["提升", "加速", "简化", "改进", "重新审视", "统一", "压缩", "解释"]
CLAIMS_ZH = [
    "训练时间缩短一半", "精度提高 3 个百分点", "只需要十分之一的数据", "在笔记本上就能跑",
    "不再需要人工标注", "推理延迟降到 10 毫秒以内", "效果超过了更大的模型", "显存占用减少 40%",
]  # fmt: skip
ADJECTIVES_EN = [
    "Efficient", "Scalable", "Robust", "Sparse", "Adaptive", "Hierarchical", "Contrastive",
    "Probabilistic", "Federated", "Causal", "Interpretable", "Lightweight", "Self-Supervised",
    "Multilingual", "Equivariant", "Differentiable", "Continual", "Generative", "Few-Shot",
    "Quantized", "Distributed", "Unsupervised", "Neural", "Bayesian", "Recurrent", "Implicit",
    "Multimodal", "Structured", "Online", "Private",
]  # fmt: skip
NOUNS_EN = [
    "Attention", "Meta-Learning", "Object Detection", "Graph Networks", "Diffusion",
    "Language Models", "Distillation", "Segmentation", "Translation", "Speech Recognition",
    "Recommendation", "Inference", "Pruning", "Quantization", "Representations", "Retrieval",
    "Planning", "Optimization", "Embeddings", "Transformers", "Autoencoders", "Tokenization",
    "Reinforcement Learning", "World Models", "Point Clouds", "Pose Estimation", "Forecasting",
    "Anomaly Detection", "Summarization", "Question Answering", "Neural Rendering",
    "Active Learning", "Data Augmentation", "Benchmarks", "Agents", "Compression", "Alignment",
    "Reasoning", "Vision Models", "Neurons",
]  # fmt: skip
MODIFIERS_ZH = [
    "高效", "稀疏", "鲁棒", "自适应", "分层", "对比", "概率", "联邦", "因果", "可解释", "轻量",
    "自监督", "多语言", "等变", "可微", "持续", "生成式", "小样本", "量化", "分布式", "无监督",
    "贝叶斯", "隐式", "多模态", "结构化", "在线", "隐私保护", "大规模", "端到端", "开放词表",
]  # fmt: skip
FRAMEWORKS = ["TensorFlow", "PyTorch", "JAX", "Keras", "MXNet", "PaddlePaddle"]
SITES = ["GitHub", "Hugging Face", "Google AI Blog", "Distill", "Papers with Code", "Medium"]


class ArchiveError(Exception):
    """The archive cannot be generated as asked (the message says why)."""


def generate_archive(issues=500, seed=1, tags=2000, replace=False, out=sys.stdout):
    """Generate ISSUES consecutive weekly published issues ending a few weeks ago, with
    entries, picks, tags and images. Refuses a database that has issues unless `replace`."""
    if not 1 <= issues <= 2000:
        raise ArchiveError("--issues must be between 1 and 2000.")
    started = time.perf_counter()
    existing = Issue.objects.count()
    if existing and not replace:
        raise ArchiveError(
            f"The database already has {existing} issue(s); "
            "run with --replace to delete them first."
        )
    generator = ArchiveGenerator(random.Random(seed), tag_count=tags)
    # One transaction: a failure leaves the earlier archive as it was.
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The content-version triggers would run once per inserted row at the commit
            # (minutes for 500 issues); every page is made stale once at the end instead.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        if existing:
            delete_archive()
        counts = generator.generate(issues)
        renew_everything()
    if existing:
        out.write(f"Replaced the existing archive ({existing} issues).\n")
    if connection.vendor == "postgresql":
        analyze_tables()
    elapsed = time.perf_counter() - started
    out.write(
        f"Generated {counts['issues']} issues ({counts['first']} to {counts['last']}), "
        f"{counts['entries']} entries, {counts['picks']} picks, {counts['tags']} tags, "
        f"{counts['images']} entries with images, in {elapsed:.1f} s ("
        + ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in counts["seconds"].items())
        + ").\n"
    )
    return counts


def delete_archive():
    """Delete every issue with its entries, picks, tag assignments, status changes and preview
    links, in one statement per table. (Deleting through the ORM would send a signal, and so
    bump the content version, once per row.) Tags are kept; `create_tags` reuses them."""
    with connection.cursor() as cursor:
        for model in (TaggedEntry, Pick, StatusChange, PreviewLink, Entry, Issue):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a model's own table name


def analyze_tables():
    """Gather the statistics autovacuum would gather after a bulk load (some servers run
    without it): without them the planner takes the new tables for nearly empty."""
    tables = [model._meta.db_table for model in (Issue, Entry, TaggedEntry, Pick, Tag)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))


def archive_weeks(count, today):
    """`count` consecutive valid ISO (year, week) pairs, newest first, the newest published
    at least two weeks before `today`."""
    monday = today - datetime.timedelta(weeks=3)
    year, week = weeks.week_of(monday)
    while weeks.publication_time(year, week) > timezone.now() - datetime.timedelta(weeks=2):
        monday -= datetime.timedelta(weeks=1)
        year, week = weeks.week_of(monday)
    result = []
    for _ in range(count):
        result.append((year, week))
        year, week = weeks.week_of(weeks.monday_of(year, week) - datetime.timedelta(weeks=1))
    return result


def tag_names(count, rng):
    """`count` distinct tag names (case-insensitively), Chinese and English interleaved, the
    common topics first (they are the most used)."""
    chinese = [*TOPICS_ZH, *(m + t for m in MODIFIERS_ZH for t in TOPICS_ZH)]
    english = [*TOPICS_EN, *(f"{a} {n}" for a in ADJECTIVES_EN for n in NOUNS_EN)]
    head_zh, tail_zh = chinese[: len(TOPICS_ZH)], chinese[len(TOPICS_ZH) :]
    head_en, tail_en = english[: len(TOPICS_EN)], english[len(TOPICS_EN) :]
    rng.shuffle(tail_zh)
    rng.shuffle(tail_en)
    names, seen = [], set()
    for zh, en in zip(head_zh + tail_zh, head_en + tail_en, strict=False):
        for name in (zh, en):
            if name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
    if count > len(names):
        raise ArchiveError(f"At most {len(names)} tags can be generated.")
    return names[:count]


def figure_png(index):
    """A small bar-chart PNG standing in for a paper's figure."""
    seed = hashlib.sha256(f"figure-{index}".encode()).digest()
    width, height = FIGURE_WIDTH, FIGURE_HEIGHT
    image = Image.new("RGB", (width, height), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    colours = [(11, 92, 173), (21, 128, 61), (180, 83, 9), (107, 33, 168)]
    for i in range(8):
        bar = 40 + seed[i] % (height - 80)
        x0 = 40 + i * (width - 80) // 8
        draw.rectangle(
            [x0, height - 30 - bar, x0 + (width - 80) // 8 - 12, height - 30],
            fill=colours[seed[i + 8] % len(colours)],
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def ensure_images():
    """The few image files every generated image refers to (written once under MEDIA_ROOT)."""
    names = []
    for index in range(1, IMAGE_FILES + 1):
        name = f"{IMAGE_DIR}/figure-{index}.png"
        path = Path(settings.MEDIA_ROOT) / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(figure_png(index))
        names.append(name)
    return names


def render_all(targets):
    """Set each (object, markdown field, html field) target's HTML with `render_markdown`."""
    texts = [getattr(obj, source) for obj, source, _ in targets]
    if len(texts) >= PARALLEL_RENDER_FROM and (os.cpu_count() or 1) > 1:
        # Forked workers only render text; they never touch the database connection.
        with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
            htmls = pool.map(render_markdown, texts, chunksize=250)
    else:
        htmls = [render_markdown(text) for text in texts]
    for (obj, _, target), html in zip(targets, htmls, strict=True):
        setattr(obj, target, html)


class ArchiveGenerator:
    """Builds the rows of a generated archive from word lists and a seeded random generator."""

    def __init__(self, rng, tag_count=2000):
        self.rng = rng
        self.tag_names = tag_names(tag_count, rng)
        # Zipf-like popularity: a few tags on many entries, most on a handful.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.tag_names))]
        self.tag_cum_weights = []
        total = 0.0
        for weight in weights:
            total += weight
            self.tag_cum_weights.append(total)
        self.arxiv_ids = set()

    def generate(self, count):
        """Create the archive; returns what was created, for the command's report."""
        started = time.perf_counter()
        sections = list(Section.objects.order_by("position", "pk"))
        if not sections:
            raise ArchiveError("No sections: run the migrations first.")
        images = ensure_images()
        week_list = archive_weeks(count, timezone.localdate())
        issues = [self.issue(year, week) for year, week in week_list]
        entries, entry_tags, picks = [], [], []
        for index, issue in enumerate(issues):
            full = index % FULL_ISSUE_EVERY == 0
            size = MAX_ENTRIES if full else self.rng.randint(MIN_ENTRIES, MAX_ENTRIES)
            issue_entries = []
            for entry, names in self.entries(issue, size, sections, images):
                issue_entries.append(entry)
                entry_tags.append(names)
            entries.extend(issue_entries)
            picks.extend(self.picks(issue, issue_entries))
        built = time.perf_counter()
        render_all(
            [(issue, "intro", "intro_html") for issue in issues]
            + [(entry, "summary", "summary_html") for entry in entries]
        )
        rendered = time.perf_counter()
        used_names = {name for names in entry_tags for name in names}
        tags = self.create_tags(used_names)
        # Primary keys come back from bulk_create; related objects pick them up on insert.
        Issue.objects.bulk_create(issues, batch_size=BATCH_SIZE)
        Entry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
        TaggedEntry.objects.bulk_create(
            [
                TaggedEntry(content_object=entry, tag=tags[name.casefold()])
                for entry, names in zip(entries, entry_tags, strict=True)
                for name in names
            ],
            batch_size=BATCH_SIZE,
        )
        Pick.objects.bulk_create(picks, batch_size=BATCH_SIZE)
        first, last = week_list[-1], week_list[0]
        return {
            "issues": len(issues),
            "entries": len(entries),
            "picks": len(picks),
            "tags": len(used_names),
            "images": sum(1 for entry in entries if entry.image),
            "first": f"{first[0]}-W{first[1]:02d}",
            "last": f"{last[0]}-W{last[1]:02d}",
            "seconds": {
                "build": built - started,
                "render": rendered - built,
                "insert": time.perf_counter() - rendered,
            },
        }

    def picks(self, issue, entries):
        chosen = self.rng.sample(entries, PICKS_PER_ISSUE)
        for position, entry in enumerate(chosen, start=1):
            blurb = "" if self.rng.random() < 0.5 else f"必读：{entry.headline[:60]}"
            yield Pick(issue=issue, entry=entry, position=position, blurb=blurb)

    def create_tags(self, names):
        """{casefolded name: Tag} for `names`, reusing tags that exist, slugs kept unique."""
        existing = {tag.name.casefold(): tag for tag in Tag.objects.all()}
        slugs = {tag.slug for tag in existing.values()}
        new = []
        for name in sorted(names):
            if name.casefold() in existing:
                continue
            tag = Tag(name=name)
            slug, n = tag.slugify(name), 1
            while slug in slugs:
                slug, n = tag.slugify(name, n), n + 1
            tag.slug = slug
            slugs.add(slug)
            existing[name.casefold()] = tag
            new.append(tag)
        Tag.objects.bulk_create(new, batch_size=BATCH_SIZE)
        if new and new[0].pk is None:  # backends that do not return primary keys
            existing = {tag.name.casefold(): tag for tag in Tag.objects.all()}
        return existing

    def issue(self, year, week):
        publish_at = weeks.publication_time(year, week)
        topic_zh, topic_en = self.rng.choice(TOPICS_ZH), self.rng.choice(TOPICS_EN)
        intro = (
            f"这是 {year} 年第 {week} 周的机器学习周报。本周最值得一读的是关于**{topic_zh}**"
            f"的几篇论文，以及一篇介绍 {topic_en} 新版本的文章。\n\n"
            f"欢迎把你读到的好文章[推荐给我们](https://example.com/suggest)。"
        )
        issue = Issue(
            year=year,
            week=week,
            coverage_start=weeks.default_coverage_start(year, week),
            intro=intro,
            status=Issue.Status.PUBLISHED,
            publish_at=publish_at,
            published_at=publish_at,
        )
        issue.search_text = issue.build_search_text()
        return issue

    def entries(self, issue, size, sections, images):
        """(entry, tag names) pairs of one issue, in reading order over the sections."""
        shares = [0.4, 0.25, 0.2, 0.15]
        counts = [max(1, round(size * share)) for share in shares[: len(sections)]]
        counts[0] += size - sum(counts)
        slugs = set()
        position = 0
        for section, count in zip(sections, counts, strict=False):
            for _ in range(count):
                position += 1
                yield self.entry(issue, section, position, slugs, images)

    def entry(self, issue, section, position, slugs, images):
        rng = self.rng
        topic_zh, topic_en = rng.choice(TOPICS_ZH), rng.choice(TOPICS_EN)
        headline = rng.choice(
            [
                f"用 {topic_en} 做{topic_zh}：{rng.choice(CLAIMS_ZH)}",
                f"{topic_zh}的新思路：{topic_en} {rng.choice(VERBS_ZH)}了{rng.choice(DATASETS)}"
                "上的结果",
                f"{rng.choice(VERBS_ZH)}{topic_zh}，{rng.choice(CLAIMS_ZH)}",
                f"{topic_en} 与{topic_zh}：{rng.choice(CLAIMS_ZH)}",
            ]
        )
        original_title = (
            f"{rng.choice(ADJECTIVES_EN)} {rng.choice(NOUNS_EN)} for "
            f"{rng.choice(NOUNS_EN)} with {topic_en}"
        )
        summary = self.summary(topic_zh, topic_en)
        slug = unique_slug(headline, slugs)
        slugs.add(slug)
        card = rng.random() < 0.2
        image = rng.random() < 0.15
        entry = Entry(
            issue=issue,
            section=section,
            position=position,
            headline=headline,
            slug=slug,
            original_title=original_title,
            source_url=f"https://arxiv.org/abs/{self.arxiv_id(issue.year)}",
            summary=summary,
            image=rng.choice(images) if image else "",
            image_alt=f"{topic_zh}实验结果的柱状图" if image else "",
            # bulk_create skips save(), which measures images: the figures' size is known.
            image_width=FIGURE_WIDTH if image else None,
            image_height=FIGURE_HEIGHT if image else None,
            card_url=f"https://github.com/example/{slugify(topic_en)}-{position}" if card else "",
            card_title=f"{topic_en} 的开源实现" if card else "",
            card_description=f"论文中{topic_zh}方法的官方代码和预训练模型。" if card else "",
            card_site=rng.choice(SITES) if card else "",
        )
        names = self.entry_tags()
        entry.search_text = entry.build_search_text(tag_names=names)
        return entry, names

    def summary(self, topic_zh, topic_en):
        rng = self.rng
        sentences = [
            f"作者提出了一种基于 {topic_en} 的{topic_zh}方法，{rng.choice(CLAIMS_ZH)}。",
            f"与此前在 {rng.choice(DATASETS)} 上的工作相比，它的关键是把{rng.choice(TOPICS_ZH)}"
            f"和 **{rng.choice(TOPICS_EN)}** 结合起来。",
            f"实验覆盖了 {rng.choice(DATASETS)} 和 {rng.choice(DATASETS)}，"
            f"在 Mac 和 GPU 上都能复现。",
            f"代码基于 {rng.choice(FRAMEWORKS)}，"
            f"[项目主页](https://example.com/{rng.randrange(10**6)})提供了预训练模型。",
            f"This paper revisits {rng.choice(NOUNS_EN).lower()} and shows why "
            f"{rng.choice(ADJECTIVES_EN).lower()} training matters.",
        ]
        rng.shuffle(sentences)
        chosen = sentences[: rng.randint(2, 4)]
        if rng.random() < 0.05:
            chosen.append(f"作者还分析了{rng.choice(TOPICS_ZH)}中单个神经元的作用。")
        if len(chosen) > 2 and rng.random() < 0.5:
            return " ".join(chosen[:2]) + "\n\n" + " ".join(chosen[2:])
        return " ".join(chosen)

    def entry_tags(self):
        """Three distinct tag names: two by popularity, one uniformly (so every tag is used)."""
        names = []
        while len(names) < TAGS_PER_ENTRY:
            if len(names) < TAGS_PER_ENTRY - 1:
                name = self.rng.choices(self.tag_names, cum_weights=self.tag_cum_weights)[0]
            else:
                name = self.rng.choice(self.tag_names)
            if name not in names:
                names.append(name)
        return names

    def arxiv_id(self, year):
        while True:
            candidate = (
                f"{year % 100:02d}{self.rng.randint(1, 12):02d}.{self.rng.randrange(1, 99999):05d}"
            )
            if candidate not in self.arxiv_ids:
                self.arxiv_ids.add(candidate)
                return candidate
