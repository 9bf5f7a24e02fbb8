// ticket_facts: every ticket with the look-ups its metrics need worked out once,
// at ingest, instead of on every request. The look-ups are the costly part of
// the definitions (a join to rework, a window over each customer's installs and
// over each unit's repairs, a join to the roster); what depends on a setting
// (the repeat-visit window, the tenure bands, promised hours) stays a plain
// comparison at query time, so changing a setting needs no rebuild.
// The table is sorted by created_at, so a date filter skips most of it.
// filter_options holds the distinct values of each filter.
import type { Warehouse } from './warehouse';

const TICKET_FACTS = `CREATE OR REPLACE TABLE ticket_facts AS
WITH reworked AS (SELECT DISTINCT original_ticket_id AS ticket_id FROM rework),
first_install AS (
  SELECT customer_id, min(created_at) AS first_install_at FROM tickets WHERE type = 'install' GROUP BY customer_id),
repairs AS (
  SELECT ticket_id, created_at,
         CASE WHEN serial_no IS NOT NULL THEN 's:' || serial_no
              WHEN product_model IS NOT NULL THEN 'c:' || customer_id || '|' || product_model END AS unit
  FROM tickets WHERE type = 'repair'),
next_repair AS (
  -- hours until the next repair of the same unit opened strictly later
  SELECT ticket_id,
         (epoch(min(created_at) OVER (PARTITION BY unit ORDER BY created_at
                RANGE BETWEEN INTERVAL 1 MICROSECOND FOLLOWING AND UNBOUNDED FOLLOWING)) - epoch(created_at)) / 3600 AS next_repair_hours
  FROM repairs WHERE unit IS NOT NULL)
SELECT t.* EXCLUDE (ingest_id),
       r.ticket_id IS NOT NULL AS reworked,
       t.type = 'install' AND t.created_at > fi.first_install_at AS repeat_customer,
       nr.next_repair_hours,
       date_diff('day', h.hire_date, CAST(t.created_at AS DATE)) AS tenure_days
FROM tickets t
LEFT JOIN reworked r ON r.ticket_id = t.ticket_id
LEFT JOIN first_install fi ON fi.customer_id = t.customer_id
LEFT JOIN next_repair nr ON nr.ticket_id = t.ticket_id
LEFT JOIN technicians h ON h.technician_id = t.technician_id
ORDER BY t.created_at`;

/** The values each filter can take (the filter bar's lists, and what a URL may ask for). */
const FILTER_OPTIONS = `CREATE OR REPLACE TABLE filter_options AS
SELECT DISTINCT * FROM (
  SELECT 'region' AS dim, region AS value FROM tickets UNION ALL
  SELECT 'city', city FROM tickets UNION ALL
  SELECT 'model', product_model FROM tickets UNION ALL
  SELECT 'team', team FROM tickets UNION ALL
  SELECT 'technician', technician_id FROM tickets)
WHERE value IS NOT NULL`;

export const FACTS_SQL = [TICKET_FACTS, FILTER_OPTIONS];

/** Rebuilds ticket_facts from the warehouse tables, atomically. */
export async function rebuildFacts(wh: Warehouse): Promise<void> {
	await wh.transaction(async () => {
		for (const sql of FACTS_SQL) await wh.run(sql);
	});
}
