// Question: the most connected enterprises (extracted relations, structure excluded).
// @param limit = 20
// Example output:
// | enterprise         | degree | relation_types   |
// | 某某集团           | 3      | [任职, 承接]     |
MATCH (e:Enterprise)-[r]-(:Entity)
WHERE type(r) <> 'PART_OF'
// types collected in one order on both backends (collect keeps the order rows arrive in)
WITH e, r ORDER BY type(r)
RETURN e.name AS enterprise, count(r) AS degree, collect(DISTINCT type(r)) AS relation_types
ORDER BY degree DESC, enterprise
LIMIT $limit
