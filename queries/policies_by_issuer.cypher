// Question: policies, plans and programmes by issuing body (发布).
// @param issuer = null
// @param limit = 500
// Example output:
// | issuer           | policy                               |
// | 某市人民政府办公室 | 《某市科技创新“十四五”规划》       |
MATCH (a:Entity)-[r:`发布`]->(p:Policy)
WHERE $issuer IS NULL OR a.name CONTAINS $issuer
RETURN a.name AS issuer, a.type AS issuer_type, p.name AS policy, r.evidence AS evidence
ORDER BY issuer, policy
LIMIT $limit
