// Question: which entities are mentioned together in documents (how many documents share them)?
// @param type = "Enterprise"
// @param min_docs = 1
// @param limit = 50
// Example output:
// | a            | b            | documents |
// | 某某高新区   | 某某医药     | 2         |
MATCH (d:Document)-[:MENTIONS]->(a:Entity), (d)-[:MENTIONS]->(b:Entity)
WHERE a.key < b.key AND ($type IS NULL OR a.type = $type OR b.type = $type)
WITH a, b, count(DISTINCT d) AS documents
WHERE documents >= $min_docs
RETURN a.name AS a, a.type AS a_type, b.name AS b, b.type AS b_type, documents
ORDER BY documents DESC, a, b
LIMIT $limit
