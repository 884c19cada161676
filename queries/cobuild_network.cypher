// Question: the co-building (共建) network of a lab, university or any partner: who built what
//           with whom (platform), with the evidence sentences.
// @param name = null
// @param limit = 200
// Example output:
// | partner          | partner_type | other                          | other_type | platform | evidence |
// | 某某科技有限公司 | Enterprise   | 某某省某某技术创新中心         | Lab        | …        | […]      |
MATCH (a:Entity)-[r:`共建`]-(b:Entity)
WHERE $name IS NULL OR a.name CONTAINS $name OR any(x IN coalesce(a.aliases, []) WHERE x CONTAINS $name)
RETURN a.name AS partner, a.type AS partner_type, b.name AS other, b.type AS other_type,
       r.platform AS platform, r.evidence AS evidence
ORDER BY partner, other
LIMIT $limit
