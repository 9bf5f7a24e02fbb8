// The webhook against a real HTTP receiver on loopback (first answer 500, then
// 200), each robot's body, and what an alarm after an ingest does to a closed
// case: reopened once, with a history line, announced once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyAlarms } from '../../src/lib/server/cases/after-ingest';
import { getCase } from '../../src/lib/server/cases/repo';
import { casesOpen, casesUpdate } from '../../src/lib/server/cases/service';
import { deliver, deliveriesSettled, notify, parseWebhooks, payload, type CaseNotice } from '../../src/lib/server/cases/webhook';
import { casesWarehouse } from './helpers/cases';

interface Received {
	at: number;
	body: unknown;
	type: string | undefined;
}
let server: Server;
let url: string;
const received: Received[] = [];
let failFirst = 0;

beforeAll(async () => {
	server = createServer((req, res) => {
		let text = '';
		req.setEncoding('utf8');
		req.on('data', (d) => (text += d));
		req.on('end', () => {
			received.push({ at: Date.now(), body: JSON.parse(text), type: req.headers['content-type'] });
			if (failFirst > 0) {
				failFirst--;
				res.writeHead(500).end('busy');
			} else res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const notice: CaseNotice = {
	kind: 'reopened',
	month: '2026-10',
	product_model: 'KFR-35GW/BpR3',
	fault_component: '电容',
	count: 41,
	expected: 12.25,
	p_value: 1e-9,
	case_id: 7,
	url: 'http://dash.lan:3000/cases/7'
};

describe('webhook delivery', () => {
	it('is retried after a 500 and delivered on the second attempt, after the backoff', async () => {
		received.length = 0;
		failFirst = 1;
		const ok = await deliver({ url, kind: 'json' }, notice, { backoffMs: 100, log: () => undefined });
		expect(ok).toBe(true);
		expect(received).toHaveLength(2);
		expect(received[1].at - received[0].at).toBeGreaterThanOrEqual(95);
		expect(received[1].type).toBe('application/json');
		expect(received[1].body).toMatchObject({ event: 'case_reopened', case_id: 7, url: 'http://dash.lan:3000/cases/7', month: '2026-10' });
	});

	it('gives up after its attempts and logs one line, without throwing', async () => {
		received.length = 0;
		failFirst = 3;
		const logged: string[] = [];
		const ok = await deliver({ url, kind: 'wecom' }, notice, { attempts: 3, backoffMs: 10, log: (m) => logged.push(m) });
		expect(ok).toBe(false);
		expect(received).toHaveLength(3);
		expect(logged).toHaveLength(1);
		expect(logged[0]).toContain('failed after 3 attempts: answered 500');
		failFirst = 0;
	});

	it('notify runs in the background; deliveriesSettled waits for it', async () => {
		received.length = 0;
		notify([{ url, kind: 'feishu' }], [notice], { backoffMs: 10 });
		expect(received).toHaveLength(0);
		await deliveriesSettled(5000);
		expect(received).toHaveLength(1);
		expect(received[0].body).toEqual({ msg_type: 'text', content: { text: expect.stringContaining('http://dash.lan:3000/cases/7') } });
	});

	it("each robot's body: WeCom and DingTalk markdown, Feishu text, all with the link", () => {
		expect(payload('wecom', notice)).toEqual({
			msgtype: 'markdown',
			markdown: { content: expect.stringContaining('[http://dash.lan:3000/cases/7](http://dash.lan:3000/cases/7)') }
		});
		const ding = payload('dingtalk', notice) as { msgtype: string; markdown: { title: string; text: string } };
		expect(ding.msgtype).toBe('markdown');
		expect(ding.markdown.title).toBe('fieldloop: case 7 reopened');
		expect(ding.markdown.text).toContain('41 repairs, 12.3 expected');
	});

	it('the settings are checked', () => {
		expect(parseWebhooks([{ url: 'https://qyapi.weixin.qq.com/x', kind: 'wecom' }])).toEqual([
			{ url: 'https://qyapi.weixin.qq.com/x', kind: 'wecom' }
		]);
		expect(() => parseWebhooks([{ url: 'ftp://x', kind: 'json' }])).toThrow(/url must be an http/);
		expect(() => parseWebhooks([{ url: 'http://x', kind: 'slack' }])).toThrow(/kind must be one of wecom, dingtalk, feishu, json/);
	});
});

describe('an alarm after a case closed', () => {
	const fx = casesWarehouse('cases-hook');

	it('reopens the closed case, says so in its history, and is announced once', async () => {
		const c = await casesOpen(fx.wh, { fields: { product_model: 'HALF', fault_component: '电容' }, who: 'qa' });
		const closed = await casesUpdate(fx.wh, { id: c.id, input: { status: 'closed', outcome: 'effective', version: 1 }, who: 'qa' });
		expect(closed.ok && closed.case.status).toBe('closed');
		const other = await casesOpen(fx.wh, { fields: { product_model: 'SAME', fault_component: '电容' }, who: 'qa' });
		const alarms = [
			{ product_model: 'HALF', fault_component: '电容', count: 9, expected: 2.5, p_value: 0.0001 },
			{ product_model: 'SAME', fault_component: '电容', count: 8, expected: 2, p_value: 0.0002 },
			{ product_model: 'YOUNG', fault_component: '电容', count: 7, expected: 1, p_value: 0.0003 }
		];
		const notices = await applyAlarms(fx.wh, '2025-12', alarms, 'http://dash.lan:3000');
		expect(notices.map((n) => [n.kind, n.product_model, n.case_id, n.url])).toEqual([
			['reopened', 'HALF', c.id, `http://dash.lan:3000/cases/${c.id}`],
			['alarm', 'SAME', other.id, `http://dash.lan:3000/cases/${other.id}`],
			['alarm', 'YOUNG', null, 'http://dash.lan:3000/cases?open=1&model=YOUNG&component=%E7%94%B5%E5%AE%B9']
		]);
		const after = await getCase(fx.wh, c.id);
		expect(after.status).toBe('open');
		expect(after.outcome).toBeNull();
		expect(after.reopened).toBe(1);
		expect(after.version).toBe(3);
		expect(after.history.map((h) => h.what)).toEqual(['opened', 'status', 'reopened']);
		expect(after.history[2].who).toBe('fieldloop');
		expect(after.history[2].note).toBe('HALF × 电容 alarmed again in 2025-12: 9 repairs, 2.5 expected');
		// the same month's alarms again (a re-ingest): nothing new
		expect(await applyAlarms(fx.wh, '2025-12', alarms, 'http://dash.lan:3000')).toEqual([]);
		expect((await getCase(fx.wh, c.id)).reopened).toBe(1);
	});
});
