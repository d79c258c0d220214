-- change_pairs: reclassified projects counted by category then → now, in the order of the categories
SELECT p.category AS "from", c.category AS "to", count(*)::INTEGER AS n
FROM snapshot_projects c JOIN {{previous}} p ON p.id = c.id AND p.county IS NOT DISTINCT FROM c.county
WHERE p.category <> c.category
GROUP BY p.category, c.category
ORDER BY list_position(categories(), p.category), list_position(categories(), c.category)
