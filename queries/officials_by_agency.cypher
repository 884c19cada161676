// Question: officials and their posts, per agency or organisation.
// @param organization = null
// @param limit = 500
// Example output:
// | organization    | official | title           |
// | 某市科技局      | 王某某   | 党组书记、局长  |
MATCH (o:Entity)<-[r:`任职`]-(p:Official)
WHERE $organization IS NULL OR o.name CONTAINS $organization
RETURN o.name AS organization, o.type AS organization_type, p.name AS official, r.title AS title
ORDER BY organization, official
LIMIT $limit
