// Question: signing partners (签约) of a park, region or organisation, with the agreement and
//           the signing event (edges of one multi-party signing share event_id).
// @param name = null
// @param limit = 200
// Example output:
// | party      | partner                | project | event_id     | evidence |
// | 某某区政府 | 某某股份有限公司       | null    | 3f2a…        | […]      |
MATCH (a:Entity)-[r:`签约`]-(b:Entity)
WHERE $name IS NULL OR a.name CONTAINS $name OR any(x IN coalesce(a.aliases, []) WHERE x CONTAINS $name)
RETURN a.name AS party, a.type AS party_type, b.name AS partner, b.type AS partner_type,
       r.project AS project, r.event_id AS event_id, r.evidence AS evidence
ORDER BY party, partner
LIMIT $limit
