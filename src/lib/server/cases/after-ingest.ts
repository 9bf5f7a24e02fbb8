// After an ingest: the month's emerging-issue alarms are compared with what was
// already announced. A new alarm is announced; a closed case whose pair alarms
// again is reopened and says why; the evidence of every case still open is
// brought up to date. Nothing here can fail the ingest: errors are logged.
import { config } from '../config';
import type { Warehouse } from '../warehouse';
import { listCases, nowUtc, reopenCase } from './repo';
import { notify, type CaseNotice, type DeliveryOptions, type Webhook } from './webhook';

export interface AlarmSeen {
	product_model: string;
	fault_component: string;
	count: number;
	expected: number | null;
	p_value: number | null;
}

/** Where users open the dashboard: ORIGIN, else the local address the server listens on. */
export function publicBase(): string {
	const env = config().env;
	if (env.origin) return env.origin.replace(/\/$/, '');
	const host = ['0.0.0.0', '::', ''].includes(env.host) ? 'localhost' : env.host.includes(':') ? `[${env.host}]` : env.host;
	return `http://${host}:${env.port}`;
}

/**
 * Records the month's alarms not seen before and answers what to announce:
 * a reopened case (a closed case for the pair), or a new alarm (with the open
 * case's link, or the link that opens one).
 */
export async function applyAlarms(wh: Warehouse, month: string, alarms: AlarmSeen[], base = publicBase()): Promise<CaseNotice[]> {
	const notices: CaseNotice[] = [];
	if (!alarms.length) return notices;
	const cases = await listCases(wh);
	for (const a of alarms) {
		const seen = await wh.one<{ n: number }>(
			`SELECT count(*) AS n FROM case_alarm_notices WHERE month = $month AND product_model = $m AND fault_component = $c`,
			{ month, m: a.product_model, c: a.fault_component }
		);
		if (seen.n > 0) continue;
		await wh.transaction(async () => {
			await wh.run(`INSERT INTO case_alarm_notices VALUES ($month, $m, $c, CAST($now AS TIMESTAMP))`, {
				now: nowUtc(),
				month,
				m: a.product_model,
				c: a.fault_component
			});
			const mine = cases.filter((c) => c.product_model === a.product_model && c.fault_component === a.fault_component);
			const live = mine.find((c) => c.status !== 'closed');
			const closed = mine.filter((c) => c.status === 'closed').at(-1);
			const fig = { month, count: a.count, expected: a.expected, p_value: a.p_value };
			if (!live && closed) {
				await reopenCase(
					wh,
					closed.id,
					`${a.product_model} × ${a.fault_component} alarmed again in ${month}: ${a.count} repairs, ${a.expected?.toFixed(1) ?? '?'} expected`,
					fig
				);
				notices.push({
					kind: 'reopened',
					...fig,
					product_model: a.product_model,
					fault_component: a.fault_component,
					case_id: closed.id,
					url: `${base}/cases/${closed.id}`
				});
			} else {
				const url = live
					? `${base}/cases/${live.id}`
					: `${base}/cases?open=1&model=${encodeURIComponent(a.product_model)}&component=${encodeURIComponent(a.fault_component)}`;
				notices.push({
					kind: 'alarm',
					...fig,
					product_model: a.product_model,
					fault_component: a.fault_component,
					case_id: live?.id ?? null,
					url
				});
			}
		});
	}
	return notices;
}

/** The check after an ingest; `hooks` and `delivery` default to the settings (tests pass their own). */
export async function checkAfterIngest(
	wh: Warehouse,
	hooks: Webhook[] = config().settings.webhooks,
	delivery: DeliveryOptions = {}
): Promise<CaseNotice[]> {
	const cases = await listCases(wh);
	if (!cases.length && !hooks.length) return [];
	// (the metric layer only now: an ingest with no cases and no webhooks does not load it)
	const { emergingCheck, lastCompleteMonth } = await import('../metrics/faults');
	const month = await lastCompleteMonth(wh);
	let notices: CaseNotice[] = [];
	if (month) {
		const check = await emergingCheck(wh, {}, month, config().settings);
		const alarms = check.pairs.filter((p) => p.status === 'alarm');
		notices = await applyAlarms(wh, month, alarms);
	}
	const { refreshCase } = await import('./service');
	for (const c of await listCases(wh)) if (c.status !== 'closed') await refreshCase(wh, c.id);
	if (hooks.length && notices.length) notify(hooks, notices, delivery);
	return notices;
}

/** What commands.ts and upload.ts call when an ingest has finished: the result passes through untouched. */
export async function afterIngest<R extends { ok: boolean; files: { rows_loaded: number }[] }>(wh: Warehouse, result: R): Promise<R> {
	if (!result.files.some((f) => f.rows_loaded > 0)) return result;
	try {
		await checkAfterIngest(wh);
	} catch (err) {
		console.error(
			`fieldloop: the check for new alarms after the ingest failed (the ingest itself is done): ${err instanceof Error ? err.message : String(err)}`
		);
	}
	return result;
}
