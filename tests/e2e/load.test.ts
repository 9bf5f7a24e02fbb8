// A bounded load test on loopback: many clients on every data source at once,
// for a fixed time, against a 1M-ticket warehouse. No request may fail, and the
// server's memory must stay flat. The p95 is printed (a figure, not a timed assertion).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sampleWarehouse, startServer, type Server } from './harness';

const CLIENTS = 16;
const SECONDS = 20;
let server: Server;
let month: string;
let regions: string[];

beforeAll(async () => {
	const { db } = await sampleWarehouse(1_000_000);
	server = await startServer(db);
	const meta = (await (await fetch(`${server.url}/api/meta`)).json()) as { last_complete_month: string; options: { region: string[] } };
	month = meta.last_complete_month;
	regions = meta.options.region;
}, 600_000);

afterAll(async () => {
	await server?.stop();
});

function rss(pid: number): number {
	return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

test(`${CLIENTS} clients for ${SECONDS} s on every data source: no failures, flat memory`, async () => {
	const sources = [
		'meta',
		'kpis',
		'load_month',
		'load_week',
		'load_day',
		'peak_to_off',
		'seasonal_forecast',
		'staffing_plan',
		'staffing_breakdown?dim=region',
		'staffing_backtest',
		'rework_by?dim=team_type',
		'rework_by?dim=tenure',
		'rework_by?dim=team',
		'rework_by?dim=technician',
		'rework_pareto?by=reason',
		'rework_pareto?by=responsibility',
		'rework_jobs',
		'repeat_customer_month',
		'repeat_visit_by?by=model',
		'repeat_visit_by?by=team',
		'fault_pareto?by=component',
		'fault_pareto?by=code',
		'fault_matrix',
		'nevada',
		'emerging',
		'suppliers',
		`review?month=${month}`,
		'status',
		'rejects'
	];
	// default filters and one region at a time: a mix of cached and fresh work
	const urls = sources.flatMap((s) => [s, ...regions.map((r) => `${s}${s.includes('?') ? '&' : '?'}region=${encodeURIComponent(r)}`)]);
	const latencies: number[] = [];
	const failures: string[] = [];
	const memory: number[] = [];
	const end = Date.now() + SECONDS * 1000;
	const sampler = setInterval(() => memory.push(rss(server.proc.pid!)), 1000);
	let next = 0;
	await Promise.all(
		Array.from({ length: CLIENTS }, async () => {
			while (Date.now() < end) {
				const url = `${server.url}/api/${urls[next++ % urls.length]}`;
				const t0 = performance.now();
				try {
					const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
					await res.arrayBuffer();
					if (!res.ok) failures.push(`${res.status} ${url}`);
				} catch (e) {
					failures.push(`${String(e)} ${url}`);
				}
				latencies.push(performance.now() - t0);
			}
		})
	);
	clearInterval(sampler);
	const sorted = latencies.sort((a, b) => a - b);
	const p = (q: number) => sorted[Math.ceil(q * sorted.length) - 1];
	const firstHalf = memory.slice(2, Math.floor(memory.length / 2));
	const secondHalf = memory.slice(Math.floor(memory.length / 2));
	const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
	console.log(
		`load: ${latencies.length} requests by ${CLIENTS} clients in ${SECONDS} s, ${failures.length} failed; ` +
			`p50 ${p(0.5).toFixed(0)} ms, p95 ${p(0.95).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms; ` +
			`server RSS ${avg(firstHalf).toFixed(0)} → ${avg(secondHalf).toFixed(0)} MB (max ${Math.max(...memory).toFixed(0)})`
	);
	expect(failures).toEqual([]);
	expect(latencies.length).toBeGreaterThan(CLIENTS);
	// flat: the second half's memory within 25% of the first half's (after warm-up)
	expect(avg(secondHalf)).toBeLessThan(avg(firstHalf) * 1.25);
});
