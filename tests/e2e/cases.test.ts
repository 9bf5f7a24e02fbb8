// Quality cases through the running server: the API with and without the token,
// a concurrent edit → 409, the webhook told of the sample's capacitor alarm after
// an upload, cases kept through a restart, a re-ingest and an undo; then the
// pages in Chromium (en and zh).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { ingestFiles } from '../../src/lib/server/ingest/index';
import { undoIngest } from '../../src/lib/server/ingest/undo';
import { Warehouse } from '../../src/lib/server/warehouse';
import { VERIFICATION_FIGURES } from '../unit/helpers/cases';
import { launchBrowser, sampleWarehouse, startServer, type Server } from './harness';

const ADMIN = 'admin-secret-cases-01';
let dir: string;
let sampleDir: string;
let db: string;
let settingsPath: string;
let server: Server;
let receiver: HttpServer;
const hooks: { body: Record<string, unknown> }[] = [];
let hits = 0;
let browser: Browser;

const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);

beforeAll(async () => {
	({ db, dir: sampleDir } = await sampleWarehouse(40_000));
	dir = mkdtempSync(join(tmpdir(), 'fl-cases-e2e-'));
	// a webhook receiver on loopback that fails its first request
	receiver = createServer((req, res) => {
		let text = '';
		req.on('data', (d) => (text += d));
		req.on('end', () => {
			hits++;
			if (hits === 1) return void res.writeHead(500).end();
			hooks.push({ body: JSON.parse(text) });
			res.writeHead(200).end('ok');
		});
	});
	await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
	settingsPath = join(dir, 'settings.json');
	writeFileSync(
		settingsPath,
		JSON.stringify({ webhooks: [{ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/robot`, kind: 'json' }] })
	);
	server = await startServer(db, { ADMIN_TOKEN: ADMIN, FIELDLOOP_SETTINGS: settingsPath, ORIGIN: 'http://dash.test' });
}, 180_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

describe('the cases API', () => {
	test('reads are open (no VIEW_TOKEN set); writes need the admin token: none or a wrong one → 401 and nothing is made', async () => {
		expect(await (await api('/api/cases')).json()).toEqual([]);
		const body = JSON.stringify({ product_model: 'KFR-35GW/BpR3', fault_component: '电容' });
		for (const headers of [{ 'content-type': 'application/json' }, { ...auth, authorization: 'Bearer wrong' }]) {
			const res = await api('/api/cases', { method: 'POST', headers, body });
			expect(res.status).toBe(401);
		}
		expect(await (await api('/api/cases')).json()).toEqual([]);
		expect(
			(await api('/api/cases/1', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"version":1}' })).status
		).toBe(401);
	});

	test('open → sent to factory → countermeasure (needs the cut-in) → a verdict, each step in the history with who and note', async () => {
		const res = await api('/api/cases', {
			method: 'POST',
			headers: auth,
			body: JSON.stringify({
				product_model: 'KFR-35GW/BpR3',
				fault_component: '电容',
				title: 'Capacitor failures',
				owner: 'Zhuhai plant',
				owner_kind: 'factory',
				who: 'Li Ming',
				note: 'from the October alarm'
			})
		});
		expect(res.status).toBe(201);
		const c = await res.json();
		expect(c).toMatchObject({ id: 1, version: 1, status: 'open', title: 'Capacitor failures', owner_kind: 'factory' });
		expect(c.evidence.repairs).toBeGreaterThan(0);
		expect(c.history).toEqual([expect.objectContaining({ seq: 1, who: 'Li Ming', what: 'opened', note: 'from the October alarm' })]);

		const patch = (body: object) => api('/api/cases/1', { method: 'PATCH', headers: auth, body: JSON.stringify(body) });
		expect((await patch({ status: 'sent_to_factory' })).status).toBe(400); // no version
		const sent = await (await patch({ version: 1, status: 'sent_to_factory', note: 'mailed the evidence', who: 'Li Ming' })).json();
		expect(sent).toMatchObject({ version: 2, status: 'sent_to_factory' });
		const noCut = await patch({ version: 2, status: 'countermeasure' });
		expect(noCut.status).toBe(400);
		expect((await noCut.json()).error).toContain('cut-in');
		const cm = await (
			await patch({
				version: 2,
				status: 'countermeasure',
				cut_in_date: '2026-06-01',
				change_description: '45 µF capacitor, new lot',
				who: 'Wang'
			})
		).json();
		expect(cm).toMatchObject({ version: 3, status: 'countermeasure', cut_in_date: '2026-06-01' });
		expect(['effective', 'not_effective', 'insufficient_exposure']).toContain(cm.verdict.verdict);
		expect(cm.history.map((h: { who: string; what: string }) => `${h.who}:${h.what}`)).toEqual([
			'Li Ming:opened',
			'Li Ming:status',
			'Wang:status',
			'Wang:edited'
		]);

		const v = await (await api('/api/cases/1/verify', { method: 'POST', headers: auth })).json();
		for (const k of VERIFICATION_FIGURES) expect(v).toHaveProperty(k);
		expect(v.unit_months_before).toBeGreaterThan(0);
	});

	test('two edits of the same version at once: one wins, the other gets 409 with the case as it now is', async () => {
		const send = (note: string) =>
			api('/api/cases/1', { method: 'PATCH', headers: auth, body: JSON.stringify({ version: 3, note, owner: note }) });
		const [a, b] = await Promise.all([send('first'), send('second')]);
		expect([a.status, b.status].sort()).toEqual([200, 409]);
		const lost = a.status === 409 ? a : b;
		const body = await lost.json();
		expect(body.error).toContain('changed meanwhile');
		expect(body.current.version).toBe(4);
		expect(['first', 'second']).toContain(body.current.owner);
		expect(body.current.owner).not.toBe(lost === a ? 'first' : 'second');
	});

	test('the list, the CSV and the one-page Markdown', async () => {
		const list = await (await api('/api/cases')).json();
		expect(list).toEqual([expect.objectContaining({ id: 1, status: 'countermeasure', version: 4, age_days: 0, cut_in: '2026-06-01' })]);
		const bytes = Buffer.from(await (await api('/api/cases?format=csv')).arrayBuffer());
		// UTF-8 with a BOM (fetch's text() would drop it), so Excel reads the Chinese
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toBe(
			'id,title,status,outcome,product_model,fault_component,fault_code,region,owner,owner_kind,opened_at,closed_at,age_days,verdict,cut_in,reopened,version'
		);
		const md = await (await api('/api/cases/1?format=md&lang=en')).text();
		expect(md).toContain('# Case 1: Capacitor failures');
		expect(md).toContain('## Did the fix work?');
		expect((await api('/api/cases/99')).status).toBe(404);
	});

	test("an upload after which the sample's capacitor alarm is new: the webhook is told (retried after a 500), with the case's link", async () => {
		const res = await api('/api/upload', {
			method: 'POST',
			headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'text/csv', 'x-file-name': 'one.csv' },
			body: 'ticket_id,created_at,type,customer_id\nCASES-E2E-1,2026-10-15 10:00,install,c-e2e\n'
		});
		expect(res.status).toBe(200);
		const deadline = Date.now() + 20_000;
		while (!hooks.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
		expect(hits).toBeGreaterThanOrEqual(2);
		const capacitor = hooks.find((h) => h.body.product_model === 'KFR-35GW/BpR3' && h.body.fault_component === '电容');
		expect(capacitor?.body).toMatchObject({ event: 'new_alarm', month: '2026-10', case_id: 1, url: 'http://dash.test/cases/1' });
	});
});

describe('a case for the factory as PDF', () => {
	test('GET /cases/1/pdf prints the case page: its title, the generated stamp and page numbers, in Chinese too', async () => {
		for (const lang of ['en', 'zh'] as const) {
			const res = await api(`/cases/1/pdf?lang=${lang}`);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('application/pdf');
			const file = join(dir, `case-1-${lang}.pdf`);
			writeFileSync(file, Buffer.from(await res.arrayBuffer()));
			const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
			expect(text).toContain('Capacitor failures');
			expect(text).toContain('KFR-35GW/BpR3');
			expect(text).toMatch(lang === 'en' ? /page 1 of \d+/ : /第\s*1\s*页\s*\/\s*共\s*\d+\s*页/);
		}
		expect((await api('/cases/x/pdf')).status).toBe(400);
	});
});

describe('cases outlive restarts, re-ingests and undo', () => {
	test('the case and its whole history are the same after a restart, a re-ingest and an undo of it', async () => {
		const before = await (await api('/api/cases/1')).json();
		await server.stop();
		const wh = await Warehouse.open(db);
		// a later export changing a ticket, loaded, then undone
		const file = join(dir, 'later.csv');
		writeFileSync(file, 'ticket_id,created_at,type,customer_id\nCASES-E2E-1,2026-10-16 10:00,install,c-e2e\n');
		const again = await ingestFiles(wh, [join(sampleDir, 'sample'), file]);
		expect(again.ok).toBe(true);
		const last = await wh.one<{ id: number }>(`SELECT max(ingest_id) AS id FROM ingests`);
		await undoIngest(wh, last.id);
		wh.close();
		server = await startServer(db, { ADMIN_TOKEN: ADMIN, FIELDLOOP_SETTINGS: settingsPath, ORIGIN: 'http://dash.test' });
		const after = await (await api('/api/cases/1')).json();
		expect(after.version).toBe(before.version);
		expect(after.status).toBe(before.status);
		expect(after.history).toEqual(before.history);
	}, 120_000);
});

describe('the cases pages in Chromium', () => {
	for (const lang of ['en', 'zh'] as const)
		test(`from the capacitor alarm on the Faults page to a case at countermeasure with its verdict (${lang})`, async () => {
			browser ??= await launchBrowser();
			const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
			await ctx.addCookies([{ name: 'lang', value: lang, url: server.url }]);
			const page = await ctx.newPage();
			try {
				await page.goto(`${server.url}/faults`);
				const row = page.locator('[data-testid=emerging-issues] tr', { hasText: 'KFR-35GW/BpR3' });
				await row.locator('[data-testid=open-case]').click();
				await page.waitForURL(/\/cases\?open=1/);
				await expect.poll(() => page.inputValue('input[name=model]')).toBe('KFR-35GW/BpR3');
				expect(await page.inputValue('input[name=component]')).toBe('电容');
				await page.fill('input[name=title]', lang === 'zh' ? 'KFR-35GW/BpR3 电容失效' : 'KFR-35GW/BpR3 capacitor failures');
				await page.fill('input[name=owner]', lang === 'zh' ? '珠海工厂' : 'Zhuhai plant');
				await page.fill('input[name=who]', 'Li Ming');
				await page.fill('input[name=admin-token]', ADMIN);
				await page.screenshot({ path: `tests/artifacts/cases-open-${lang}.png`, fullPage: true });
				await page.click('[data-testid=cases-create]');
				await page.waitForURL(/\/cases\/\d+$/);
				await page.waitForSelector('[data-testid=case-verdict]');
				await page.click('[data-testid=move-sent_to_factory]');
				// each change gathers the case's evidence and verifies it on the server before answering: seconds on a busy machine
				const status = () => page.textContent('[data-testid=case-status]');
				await expect.poll(status, { timeout: 20_000 }).toContain(lang === 'zh' ? '已发工厂' : 'sent to factory');
				await page.fill('input[name=cut-in]', '2026-06-01');
				await page.fill('input[name=change]', lang === 'zh' ? '改用新批次 45µF 电容' : '45 µF capacitor from a new lot');
				await page.fill('input[name=note]', lang === 'zh' ? '工厂已确认' : 'confirmed by the plant');
				await page.click('[data-testid=move-countermeasure]');
				await expect.poll(status, { timeout: 20_000 }).toContain(lang === 'zh' ? '已整改' : 'countermeasure');
				expect(await page.locator('[role=alert]').count()).toBe(0);
				expect(await page.textContent('[data-testid=case-cut-in]')).toBe('2026-06-01');
				const verdict = (await page.textContent('[data-testid=case-verdict]'))!.trim();
				const api = await (await fetch(`${server.url}/api/cases/${page.url().split('/').pop()}`)).json();
				expect(verdict).toBe(
					{
						en: { effective: 'effective', not_effective: 'not effective', insufficient_exposure: 'not enough exposure yet' },
						zh: { effective: '整改有效', not_effective: '整改无效', insufficient_exposure: '暴露量不足，尚不能判断' }
					}[lang][api.verdict.verdict as 'effective']
				);
				expect(await page.locator('[data-testid=case-nevada] .after').count()).toBeGreaterThan(0);
				expect(await page.locator('[data-testid=case-history] li').count()).toBe(4);
				await page.screenshot({ path: `tests/artifacts/cases-verdict-${lang}.png`, fullPage: true });
				await page.goto(`${server.url}/cases`);
				await page.selectOption('[data-testid=cases-status-filter]', 'all');
				await page.waitForSelector('[data-testid=cases-table]');
				await page.screenshot({ path: `tests/artifacts/cases-list-${lang}.png`, fullPage: true });
			} finally {
				await ctx.close();
			}
		}, 60_000);
});
