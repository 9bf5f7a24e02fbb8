// The quality cases' tables (docs/METRICS.md § Quality cases). They sit beside
// the data tables but no ingest, undo or rebuild touches them: a case and its
// history outlive every reload of the data. case_events is append-only — the
// code has no UPDATE or DELETE for it.
export const CASES_DDL = [
	`CREATE TABLE IF NOT EXISTS cases (
		case_id INTEGER PRIMARY KEY, version INTEGER NOT NULL, status VARCHAR NOT NULL, outcome VARCHAR,
		product_model VARCHAR NOT NULL, fault_component VARCHAR NOT NULL, fault_code VARCHAR, region VARCHAR,
		production_from DATE, production_to DATE, batches VARCHAR,
		title VARCHAR NOT NULL, owner VARCHAR, owner_kind VARCHAR,
		change_description VARCHAR, cut_in_date DATE, cut_in_batch VARCHAR,
		opened_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, closed_at TIMESTAMP,
		linked_case_id INTEGER, reopened INTEGER NOT NULL DEFAULT 0,
		evidence VARCHAR, evidence_at TIMESTAMP, verdict VARCHAR)`,
	`CREATE TABLE IF NOT EXISTS case_events (
		case_id INTEGER NOT NULL, seq INTEGER NOT NULL, happened_at TIMESTAMP NOT NULL, who VARCHAR NOT NULL,
		what VARCHAR NOT NULL, note VARCHAR, detail VARCHAR)`,
	// alarms already announced (so a reload of the same month does not announce or reopen twice)
	`CREATE TABLE IF NOT EXISTS case_alarm_notices (
		month VARCHAR NOT NULL, product_model VARCHAR NOT NULL, fault_component VARCHAR NOT NULL, noticed_at TIMESTAMP NOT NULL)`
];
