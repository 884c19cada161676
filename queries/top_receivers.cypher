// Question: which parks (and places) took in the most from Beijing / Tianjin?
// @param origin = "北京"
// @param limit = 20
// Example output:
// | receiver     | type | taken_in | items                          |
// | 云岭高新区   | Park | 2        | [北辰星科技有限公司, 星河智造] |
MATCH (p:Entity)-[c:`承接`]->(x:Entity)
WHERE $origin IN coalesce(c.from_region, [])
RETURN p.name AS receiver, p.type AS type, count(DISTINCT x) AS taken_in,
       collect(DISTINCT x.name) AS items
ORDER BY taken_in DESC, receiver
LIMIT $limit
