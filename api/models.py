"""Typed response and request models; the type enums come from schema/model.py."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from graph.export import FORMATS
from schema.model import ENTITY_TYPES, REL_NAME_BY_EN, RELATION_NAMES


def _enum(name: str, values: tuple[str, ...]) -> type[Enum]:
    """A str enum of fixed values: OpenAPI lists them, and a wrong value is a 422 naming them."""
    return Enum(name, {v: v for v in values}, type=str)  # type: ignore[return-value]


# Every enum-like parameter of the API is one of these (never a free string or a regex pattern).
EntityType = _enum("EntityType", ENTITY_TYPES)
# a relationship type by its name (承接) or the legend's English name (takes_in)
RelationType = _enum("RelationType", RELATION_NAMES + ("PART_OF",) + tuple(REL_NAME_BY_EN))


def rel_name(value: Enum) -> str:
    """The stored type of a :data:`RelationType` value (takes_in → 承接)."""
    return REL_NAME_BY_EN.get(value.value, value.value)


Origin = _enum("Origin", ("北京", "天津"))
ExportFormat = _enum("ExportFormat", FORMATS)
Metric = _enum("Metric", ("pagerank", "degree", "betweenness"))
PageView = _enum("PageView", ("all", "transfer"))
ChainKind = _enum("ChainKind", ("named", "generic"))


class Health(BaseModel):
    status: str
    store: str
    nodes: int
    relations: int
    documents: int


class Stats(BaseModel):
    nodes: dict[str, int]
    relations: dict[str, int]
    documents: int


class EntitySummary(BaseModel):
    id: str = Field(description="the entity key, e.g. Park:云岭高新区")
    type: str
    name: str
    aliases: list[str] = []


class Candidate(EntitySummary):
    """An entity a name may stand for, with what a person needs to choose between them."""

    region: str | None = Field(None, description="its city (else nearest region), if known")
    documents: int = Field(description="how many documents mention it")


class Resolution(BaseModel):
    query: str
    match: str = Field(description="key | name | alias | partial | none")
    ambiguous: bool
    candidates: list[Candidate] = Field(
        description="the entities it matched; for none, similar names as suggestions"
    )


class Page(BaseModel):
    total: int
    limit: int
    offset: int


class EntityPage(Page):
    items: list[EntitySummary]


class DocumentRef(BaseModel):
    """The document an evidence sentence comes from, as the text states it."""

    id: str
    title: str | None = Field(None, description="headline or title, where the text states one")
    date: str | None = Field(None, description="ISO date (yyyy-mm-dd, or yyyy-mm), where stated")
    doc_number: str | None = Field(None, description="发文字号, e.g. 石政办发〔2022〕7号")
    path: str | None = None
    url: str = Field(description="the document view with this sentence highlighted")


class EvidenceRecord(BaseModel):
    doc_id: str
    sentence_id: int | None = None
    sentence: str
    start: int | None = None
    end: int | None = None
    cue: str | None = None
    confidence: float | None = None
    document: DocumentRef | None = None


class Post(BaseModel):
    official: EntitySummary
    organization: EntitySummary
    title: str | None = None


class Edge(BaseModel):
    type: str
    source: str
    target: str
    properties: dict[str, Any] = {}
    evidence: list[EvidenceRecord] = []


class EntityDetail(EntitySummary):
    properties: dict[str, Any]
    documents: list[str]
    posts: list[Post]
    relations: list[Edge]
    mentions: list[EvidenceRecord]


class Subgraph(BaseModel):
    nodes: list[EntitySummary]
    edges: list[Edge]
    truncated: bool = False


class RelationItem(BaseModel):
    type: str
    head: EntitySummary
    tail: EntitySummary
    properties: dict[str, Any]
    evidence: list[EvidenceRecord]


class RelationPage(Page):
    items: list[RelationItem]


class Path(BaseModel):
    length: int
    nodes: list[EntitySummary]
    edges: list[Edge]


class Paths(BaseModel):
    paths: list[Path]


class ChainHop(BaseModel):
    name: str
    id: str | None = None
    role: str = Field(description="origin | mover | receiver | region")


class TransferChain(BaseModel):
    """One 承接 edge with a stated origin: origin → mover → receiver → city."""

    origin: list[str] = Field(description="origins as stated (北京, 天津, 京津雄…)")
    origin_codes: list[str] = Field(description="which of 北京/天津 the origins include")
    origin_ids: list[str] = Field(description="the origins' Region nodes, where known")
    generic: bool = Field(
        description="true when no firm/project is named (the receiver takes in the origin's "
        "industry in general)"
    )
    mover: EntitySummary | None = Field(
        description="the firm, project, lab or park taken in (null when generic)"
    )
    taken_in: EntitySummary = Field(description="the 承接 edge's tail (the origin when generic)")
    receiver: EntitySummary
    city: str | None = Field(description="the receiver's city (the receiver, if it is one)")
    city_id: str | None = None
    regions: list[str] = Field(description="receiver's enclosing regions, nearest first")
    date: str | None = Field(description="stated on the edge, else its document's date")
    year: int | None = None
    hops: list[ChainHop]
    evidence: list[EvidenceRecord]
    document: DocumentRef | None = Field(description="the first evidence sentence's document")
    properties: dict[str, Any] = {}


class TransferChains(BaseModel):
    chains: list[TransferChain]
    truncated: bool = Field(False, description="more chains match than `limit`")


ParamName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
# names outside the pattern are a 422, so the document says none is allowed (schemathesis
# generated {"": null} from patternProperties alone and was refused)
_ONLY_NAMED = {"additionalProperties": False}


class CypherRequest(BaseModel):
    query: str = Field(
        min_length=1, max_length=20000, examples=["MATCH (p:Park) RETURN p.name LIMIT 5"]
    )
    params: dict[ParamName, Any] = Field(default={}, json_schema_extra=_ONLY_NAMED)
    timeout_ms: int | None = Field(default=None, ge=1, le=60000)


class LibraryQuery(BaseModel):
    name: str = Field(description="file name without .cypher; POST /queries/{name} runs it")
    question: str = Field(description="what it answers")
    params: dict[str, Any] = Field(description="parameters and their defaults")
    cypher: str


class QueryRun(BaseModel):
    params: dict[ParamName, Any] = Field(
        default={},
        description="overrides of the query's defaults (unknown names are a 422)",
        json_schema_extra=_ONLY_NAMED,
    )
    timeout_ms: int | None = Field(default=None, ge=1, le=60000)


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    elapsed_ms: float


class DocumentSummary(BaseModel):
    id: str
    path: str | None = None
    title: str | None = None
    date: str | None = None
    doc_number: str | None = None


class DocumentPage(Page):
    items: list[DocumentSummary]


class MentionSpan(BaseModel):
    start: int
    end: int
    entity: str
    type: str
    name: str


class DocumentDetail(DocumentSummary):
    text: str
    mentions: list[MentionSpan]
    html: str


class Ingested(BaseModel):
    id: str
    path: str
    entities: int
    relations: int


class Deleted(BaseModel):
    id: str
    deleted: bool
