"""The graph schema: the one definition of labels, relationship types, properties and keys.

Backend DDL (graph/), API models (api/), the RDF ontology (graph/export) and the page's legend
(viz/) are all derived from the tables here; change the schema here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Prop:
    name: str
    type: str  # "string" | "string[]" | "int" | "float" | "bool"
    doc: str


@dataclass(frozen=True)
class NodeLabel:
    name: str
    zh: str
    color: str
    doc: str
    props: tuple[Prop, ...] = ()


@dataclass(frozen=True)
class RelType:
    name: str
    en: str
    color: str
    doc: str
    head: tuple[str, ...]
    tail: tuple[str, ...]
    symmetric: bool = False
    props: tuple[Prop, ...] = field(default_factory=tuple)


# Lists on shared nodes and edges stay bounded however many documents state them: counts plus a
# sample; the full evidence of an edge is on its Statement nodes, one per stating document.
DOCS_SAMPLE = 20
EVIDENCE_SAMPLE = 10

# Properties every entity node carries.
ENTITY_PROPS: tuple[Prop, ...] = (
    Prop("key", "string", "stable natural key: '{Label}:{normalized name}' (unique)"),
    Prop("name", "string", "canonical (fullest) name"),
    Prop("type", "string", "the entity label, repeated as a property for generic queries"),
    Prop("aliases", "string[]", "other names used for it across documents"),
    Prop("doc_count", "int", "number of documents that mention it"),
    Prop("docs", "string[]", f"ids of up to {DOCS_SAMPLE} of those documents (a sample)"),
    Prop(
        "grams",
        "string",
        "search terms: the characters and character pairs of its name and aliases "
        "(the full-text index behind ?q=)",
    ),
)

REGION_PROPS: tuple[Prop, ...] = (
    Prop("level", "string", "province | city | county | area (multi-region such as 京津冀)"),
    Prop("parent", "string", "name of the enclosing region, if known"),
    Prop("province", "string", "name of the province it lies in"),
)

ENTITY_LABELS: tuple[NodeLabel, ...] = (
    NodeLabel(
        "Enterprise", "企业", "#e15759", "a named company, group or enterprise project company"
    ),
    NodeLabel("Lab", "实验室/研发平台", "#f28e2b", "a named lab, institute or R&D platform"),
    NodeLabel("University", "高校", "#edc948", "a named university or college"),
    NodeLabel("Park", "园区", "#59a14f", "a named park, zone, base or incubator"),
    NodeLabel("Agency", "机构", "#4e79a7", "a named government body"),
    NodeLabel("Official", "人物", "#b07aa1", "a named person with a post"),
    NodeLabel("Policy", "政策", "#9c755f", "a named policy, plan, programme, fund or mechanism"),
    NodeLabel("Region", "地区", "#76b7b2", "a named place", REGION_PROPS),
)

DOCUMENT_LABEL = NodeLabel(
    "Document",
    "文档",
    "#bab0ac",
    "a source document",
    (
        Prop("id", "string", "content hash of the original text (unique)"),
        Prop("path", "string", "file name or path it was loaded from"),
        Prop("title", "string", "title, when the text states one"),
        Prop("date", "string", "date, when the text states one (ISO yyyy-mm-dd)"),
        Prop("doc_number", "string", "发文字号 such as 石政办发〔2022〕7号"),
        Prop("text", "string", "normalized text"),
        Prop("complete", "bool", "true once all its contributions are written (crash safety)"),
        Prop("extractor", "string", "fingerprint of the extraction code that wrote it"),
    ),
)

EVIDENCE_PROPS: tuple[Prop, ...] = (
    Prop("key", "string", "stable key: '{type}|{head key}|{tail key}'"),
    Prop("doc_count", "int", "number of documents that state it"),
    Prop("docs", "string[]", f"ids of up to {DOCS_SAMPLE} of those documents (a sample)"),
    Prop("evidence_count", "int", "number of evidence records over all those documents"),
    Prop(
        "evidence",
        "string[]",
        f"up to {EVIDENCE_SAMPLE} JSON records {{doc_id, sentence_id, sentence, start, end, cue}}"
        " (a sample; all of them are on its Statement nodes)",
    ),
    Prop("confidence", "float", "highest confidence over its evidence, in [0, 1]"),
)

# What one document states about one edge: its evidence records there. Found by edge key (all the
# evidence of an edge, page by page) and by document (what a rewrite or delete must take back).
STATEMENT_LABEL = NodeLabel(
    "Statement",
    "陈述",
    "#d3d3d3",
    "one document's evidence for one relationship",
    (
        Prop("key", "string", "'{doc id}|{edge key}' (unique)"),
        Prop("doc", "string", "id of the stating document"),
        Prop("edge", "string", "key of the relationship"),
        Prop("type", "string", "relationship type"),
        Prop("head", "string", "key of the head entity"),
        Prop("tail", "string", "key of the tail entity"),
        Prop("evidence", "string[]", "JSON evidence records of that document"),
        Prop("confidence", "float", "highest confidence over them"),
    ),
)

_ORG = ("Enterprise", "Lab", "University", "Park", "Agency", "Region")

RELATION_TYPES: tuple[RelType, ...] = (
    RelType(
        "承接",
        "takes_in",
        "#d62728",
        "a park, city or firm takes in transferred firms/projects",
        ("Park", "Region", "Enterprise"),
        ("Enterprise", "Lab", "Park", "Region", "University"),
        props=(
            Prop("from_region", "string[]", "where it came from (北京, 天津)"),
            Prop("date", "string", "date stated"),
            Prop("amount", "string", "amount stated"),
        ),
    ),
    RelType(
        "共建",
        "co_builds",
        "#ff7f0e",
        "partners co-build a platform, or with each other",
        _ORG,
        ("Lab", "Park", "Enterprise", "University", "Agency", "Region"),
        symmetric=True,
        props=(Prop("platform", "string", "the co-built platform, where named"),),
    ),
    RelType(
        "签约",
        "signs_with",
        "#2ca02c",
        "parties sign an agreement",
        _ORG,
        _ORG + ("Policy",),
        symmetric=True,
        props=(
            Prop("project", "string", "agreement or project, where named"),
            Prop("event_id", "string", "shared by the edges of one multi-party signing"),
            Prop("amount", "string", "amount stated"),
        ),
    ),
    RelType(
        "任职",
        "holds_post_at",
        "#9467bd",
        "an official holds a post at an organization",
        ("Official",),
        _ORG,
        props=(Prop("title", "string", "post title(s)"),),
    ),
    RelType(
        "位于",
        "located_in",
        "#8c564b",
        "located in a park or region",
        ("Enterprise", "Lab", "Park", "University", "Agency"),
        ("Park", "Region"),
    ),
    RelType(
        "发布", "issues", "#17becf", "a body issues a policy", ("Agency", "Region"), ("Policy",)
    ),
)

# Structural relationships (not extracted from sentences).
MENTIONS = RelType(
    "MENTIONS",
    "mentions",
    "#cccccc",
    "a document mentions an entity",
    ("Document",),
    tuple(lbl.name for lbl in ENTITY_LABELS),
    props=(
        Prop("count", "int", "number of mentions"),
        Prop("sentences", "string[]", "JSON records {sentence_id, start, end, text}"),
    ),
)
PART_OF = RelType(
    "PART_OF",
    "part_of",
    "#aaaaaa",
    "containment from names and administrative divisions: district ⊂ city ⊂ province, "
    "and a park or agency in the region its name places it in",
    ("Region", "Park", "Agency"),
    ("Region",),
)

# Every entity node also carries this label, so generic lookups use one index.
ENTITY_LABEL = "Entity"

ENTITY_TYPES: tuple[str, ...] = tuple(lbl.name for lbl in ENTITY_LABELS)
RELATION_NAMES: tuple[str, ...] = tuple(r.name for r in RELATION_TYPES)
SYMMETRIC_RELATIONS: frozenset[str] = frozenset(r.name for r in RELATION_TYPES if r.symmetric)
ALL_LABELS: tuple[NodeLabel, ...] = ENTITY_LABELS + (DOCUMENT_LABEL, STATEMENT_LABEL)
ALL_REL_TYPES: tuple[RelType, ...] = RELATION_TYPES + (MENTIONS, PART_OF)

# Unique keys and indexes, per label (backends derive their DDL from these).
UNIQUE_KEYS: dict[str, str] = {**{t: "key" for t in ENTITY_TYPES}, "Document": "id"}
INDEXED_PROPS: dict[str, tuple[str, ...]] = {**{t: ("name",) for t in ENTITY_TYPES}}

# Relationship types between entities that traversals follow (MENTIONS goes through documents).
TRAVERSABLE = "|".join(f"`{r.name}`" for r in RELATION_TYPES) + "|PART_OF"

LABEL_BY_NAME = {lbl.name: lbl for lbl in ALL_LABELS}
REL_BY_NAME = {r.name: r for r in ALL_REL_TYPES}
# The legend's English names (takes_in → 承接), accepted wherever a relationship type is asked for
REL_NAME_BY_EN = {r.en: r.name for r in (*RELATION_TYPES, PART_OF)}


def entity_key(type_: str, name: str) -> str:
    """The stable natural key of an entity: type + normalized name."""
    return f"{type_}:{normalize_name(name)}"


RELATION_KEY_SEP = "|"


def relation_key(type_: str, head_key: str, tail_key: str) -> str:
    """Stable key of an edge; symmetric types order their ends so A–B and B–A coincide.

    The format ``type|head|tail`` is also checked in Cypher by the embedded writer
    (graph.cypher.merge_relations_by_id).
    """
    if type_ in SYMMETRIC_RELATIONS and tail_key < head_key:
        head_key, tail_key = tail_key, head_key
    return f"{type_}{RELATION_KEY_SEP}{head_key}{RELATION_KEY_SEP}{tail_key}"


_QUOTES = str.maketrans("", "", " \t\r\n\u3000\"'“”‘’「」『』")


def normalize_name(name: str) -> str:
    """Name normalization for keys: drop whitespace and quotation marks, unify brackets."""
    return name.translate(_QUOTES).replace("(", "（").replace(")", "）")
