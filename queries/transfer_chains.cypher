// Question: which firms/projects did parks and cities take in from Beijing/Tianjin, where are the
//           receivers (city → province), and who said so (evidence sentence + document)?
//           "Which Beijing firms moved what into Shijiazhuang's parks, and who said so":
//           run with --param origin='"北京"' --param target='"石家庄"'.
//           generic is true when no firm is named (the receiver takes in the origin's industry
//           in general: taken_in is then the origin Region); documents are their titles.
// @param origin = "北京"
// @param target = null
// @param limit = 100
// Example output:
// | origin | taken_in     | generic | receiver     | regions            | evidence                      | documents          |
// | 北京   | 北辰星科技 | false   | 云岭高新区   | [云州市, 河北省]   | [{"sentence": "…入驻高新区。"}] | [云州市…] |
MATCH (p:Entity)-[c:`承接`]->(x:Entity)
WHERE size(coalesce(c.from_region, [])) > 0
  AND ($origin IS NULL OR $origin IN c.from_region)
OPTIONAL MATCH (p)-[:PART_OF*1..3]->(up:Region)
WITH p, c, x, collect(DISTINCT up.name) AS regions
WHERE $target IS NULL OR p.name CONTAINS $target OR any(r IN regions WHERE r CONTAINS $target)
OPTIONAL MATCH (d:Document) WHERE d.id IN c.docs
WITH p, c, x, regions, collect(coalesce(d.title, d.path)) AS documents
RETURN c.from_region AS origin, x.name AS taken_in, x.type AS taken_type,
       x.type = 'Region' AS generic, p.name AS receiver, p.type AS receiver_type, regions,
       [e IN c.evidence | e] AS evidence, documents
ORDER BY generic, receiver, taken_in
LIMIT $limit
