// Loading files from the browser, and the tokens that guard it.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, sampleWarehouse, startServer, type Server } from './harness';

const ADMIN = 'admin-secret-0123';
const VIEW = 'view-secret-4567';
let dir: string;
let db: string;
let server: Server;
let browser: Browser;

/** The row counts. (A 413 closes its connection while the body is still coming; the next fetch may draw that socket from
 * the pool and get ECONNRESET before any request is sent: such a fetch is made again, once.) */
async function status(s: Server): Promise<Record<string, number>> {
	const get = async () => ((await (await fetch(`${s.url}/api/status`)).json()) as { tables: Record<string, number> }).tables;
	try {
		return await get();
	} catch (err) {
		if (!/ECONNRESET/.test(String((err as { cause?: unknown }).cause))) throw err;
		return get();
	}
}

beforeAll(async () => {
	({ db } = await sampleWarehouse(3_000));
	dir = mkdtempSync(join(tmpdir(), 'fl-upload-'));
	// a 1 MB upload limit, to test the limit without a 200 MB file
	writeFileSync(join(dir, 'settings.json'), JSON.stringify({ upload_max_mb: 1 }));
	server = await startServer(db, { ADMIN_TOKEN: ADMIN, FIELDLOOP_SETTINGS: join(dir, 'settings.json') });
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('the upload endpoint', () => {
	test('needs the admin token: none → 401, a wrong one → 401, and nothing is loaded', async () => {
		const before = await status(server);
		// (text/csv: SvelteKit refuses cross-site text/plain POSTs as forms, before any token check)
		for (const headers of [{ 'content-type': 'text/csv' }, { 'content-type': 'text/csv', authorization: 'Bearer wrong' }] as Record<
			string,
			string
		>[]) {
			const res = await fetch(`${server.url}/api/upload`, { method: 'POST', headers, body: 'ticket_id\n1\n' });
			expect(res.status).toBe(401);
			expect(await res.json()).toEqual({ error: 'the admin token is missing or wrong' });
		}
		expect(await status(server)).toEqual(before);
	});

	test('30 simultaneous uploads of the same file name: each answers with its own rows, every row reaches the warehouse, nothing is left on disk', async () => {
		const before = await status(server);
		const N = 30;
		const ROWS = 500;
		const bodies = Array.from(
			{ length: N },
			(_, k) =>
				[
					'ticket_id,created_at,type,customer_id,city',
					// different sizes, so a spliced file would show
					...Array.from({ length: ROWS + k }, (_, i) => `SAME${k}_${i},2026-07-01 10:00,install,c${k}_${i},${'上海'.repeat(1 + (k % 3))}`)
				].join('\n') + '\n'
		);
		const answers = await Promise.all(
			bodies.map(async (body) => {
				const res = await fetch(`${server.url}/api/upload`, {
					method: 'POST',
					headers: { authorization: `Bearer ${ADMIN}`, 'x-file-name': 'same2.csv', 'content-type': 'text/csv' },
					body
				});
				return { status: res.status, json: (await res.json()) as { ok: boolean; files: { file: string; rows_inserted: number }[] } };
			})
		);
		expect(answers.map((a) => a.status)).toEqual(Array(N).fill(200));
		expect(answers.map((a) => a.json.files.map((f) => [f.file, f.rows_inserted]))).toEqual(
			Array.from({ length: N }, (_, k) => [['same2.csv', ROWS + k]])
		);
		const expected = Array.from({ length: N }, (_, k) => ROWS + k).reduce((a, b) => a + b, 0);
		expect((await status(server)).tickets).toBe(before.tickets + expected);
		expect(existsSync(join(dirname(db), 'uploads')) ? readdirSync(join(dirname(db), 'uploads')) : []).toEqual([]);
	});

	test('a file over the size limit gets 413 and loads nothing', async () => {
		const before = await status(server);
		const big = 'ticket_id,created_at,type,customer_id\n' + 'X1,2026-07-01,install,c1\n'.repeat(60_000); // ≈ 1.5 MB
		const res = await fetch(`${server.url}/api/upload`, {
			method: 'POST',
			headers: { authorization: `Bearer ${ADMIN}`, 'x-file-name': 'big.csv', 'content-type': 'text/csv' },
			body: big
		});
		expect(res.status).toBe(413);
		expect((await res.json()).error).toBe('the file is larger than the upload limit of 1 MB');
		expect(await status(server)).toEqual(before);
	});

	test('is off without ADMIN_TOKEN (403), and the Data page says so', async () => {
		const plain = await startServer(db);
		try {
			const res = await fetch(`${plain.url}/api/upload`, {
				method: 'POST',
				headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'text/csv' },
				body: 'x'
			});
			expect(res.status).toBe(403);
			const page = await browser.newPage();
			await page.goto(`${plain.url}/data`);
			await expect.poll(() => page.textContent('[data-testid="upload-off"]')).toContain('ADMIN_TOKEN');
			await page.close();
		} finally {
			await plain.stop();
		}
	});
});

test('the Data page previews files in the browser, shows what is missing, loads the good ones and reports their rejects', async () => {
	const before = await status(server);
	const tickets = iconv.encode(
		'工单号,受理时间,服务类型,用户编号,区域,备注\r\nUP1,2026/7/1 9:00,安装,客户一,华东,x\r\nUP2,2026-02-30,维修,客户二,华东,y\r\nUP3,2026年7月2日,保养,客户三,华南,z\r\n',
		'gbk'
	);
	const noType = Buffer.from('ticket_id,created_at,customer_id\nNT1,2026-07-01,c1\n');
	const page = await browser.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(String(e)));
	await page.goto(`${server.url}/data`);
	await page.setInputFiles('[data-testid="upload-input"]', [
		{ name: '工单 七月.csv', mimeType: 'text/csv', buffer: tickets },
		{ name: 'no-type.csv', mimeType: 'text/csv', buffer: noType }
	]);
	const first = page.locator('[data-upload-file="工单 七月.csv"]');
	await expect.poll(() => first.textContent()).toContain('GB18030');
	expect(await first.textContent()).toContain('工单号 → ticket_id');
	expect(await first.textContent()).toContain('备注'); // reported as not used
	const second = page.locator('[data-upload-file="no-type.csv"]');
	expect(await second.locator('[data-testid="upload-missing"]').textContent()).toContain('type (type / 类型 / 工单类型 / 服务类型)');
	expect(await page.textContent('[data-testid="upload-load"]')).toContain('(1)');
	await page.fill('input[name="admin-token"]', ADMIN);
	await page.click('[data-testid="upload-load"]');
	// (as the page shows it: white space between words folded)
	await expect
		.poll(async () => (await first.locator('[data-testid="upload-result"]').textContent())?.replace(/\s+/g, ' ').trim(), {
			timeout: 60_000
		})
		.toBe('2 loaded, 1 rejected');
	expect(await first.locator('table.rejects tbody tr').first().textContent()).toContain('2026-02-30');
	// the server committed the load itself: within 5 s the counts include the two tickets
	await expect.poll(async () => (await status(server)).tickets, { timeout: 5_000 }).toBe(before.tickets + 2);
	expect(errors).toEqual([]);
	await page.screenshot({ path: 'tests/artifacts/upload-en.png', fullPage: true });
	await page.close();
});

test('with VIEW_TOKEN set, pages and data need it; the link with ?token= lets the browser in', async () => {
	// one server at a time owns a warehouse: the open one goes first
	await server.stop();
	const guarded = await startServer(db, { VIEW_TOKEN: VIEW });
	try {
		expect((await fetch(`${guarded.url}/`)).status).toBe(401);
		expect((await fetch(`${guarded.url}/api/status`)).status).toBe(401);
		expect((await fetch(`${guarded.url}/api/status`, { headers: { authorization: `Bearer ${VIEW}` } })).status).toBe(200);
		const page = await browser.newPage();
		await page.goto(`${guarded.url}/rework?token=${VIEW}`);
		expect(new URL(page.url()).search).toBe('');
		await page.waitForSelector('[data-chart]');
		const res = await page.goto(`${guarded.url}/data`);
		expect(res?.status()).toBe(200);
		await page.close();
	} finally {
		await guarded.stop();
	}
});
