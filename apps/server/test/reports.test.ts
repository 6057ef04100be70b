import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CallRecordRepository } from '../src/calls/call-record-repository.ts';
import type { Queryable } from '../src/persistence/database.ts';
import { agentReport } from '../src/reports/agent-report.ts';
import { queueReport } from '../src/reports/queue-report.ts';
import { at, openCallHistoryCast } from './call-history-fixture.ts';
import { databaseBackends } from './database-backends.ts';
import type { RestApi } from './rest-api-fixture.ts';

/**
 * The reports over a history written straight into the tables, with every figure
 * checked against values worked out by hand below. Times are seconds from T0 =
 * 2026-03-02 09:00:00 UTC; the main period is [0, 7200) = 09:00–11:00 UTC.
 * Service levels: support 20 s (the default), sales 30 s.
 *
 * Calls (inbound; "wait" = answer − offer):
 *  C1  support  offered 0     alice answers 10 (wait 10, in SL), ends 130; alice wrap-up 130–145
 *  C2  support  offered 60    bob answers 90 (wait 30, outside SL), ends 290; bob wrap-up 290–300
 *  C3  support  offered 120   rings alice 150–170 (timeout: missed), caller abandons at 180
 *  C4  support  offered 200   rings alice 205, caller hangs up at 215 (customer-disconnected)
 *  C5  support  offered 290   ends at 300: no agents (neither answered nor abandoned)
 *  C6  sales    offered 400   alice answers 425 (wait 25, in sales SL), blind-transfers to bob at 485;
 *                             alice wrap-up 485–500; bob answers 500 (15 after the transfer), ends 620;
 *                             bob wrap-up 620–640. One record: sales, first answer 425.
 *  C7  support→sales          offered 700, overflows to sales at 760, bob answers 775 (wait 75, outside),
 *                             ends 835; bob wrap-up 835–850. Counts in sales; support "overflowed" 1.
 *  C8  support  offered 7190  (10:59:50) alice answers 7210 (wait 20 = SL: in), ends 7290 after the period;
 *                             wrap-up 7290–7300. Offered inside the period, so it counts wholly.
 *  C9  support  offered −100  before the period: never counted (bob on it −90 to 30, wrap-up 30–40).
 *  C10 support  offered 7300  after the period: abandoned at 7330; not in the main period.
 *  C11 outbound by alice 3000–3060 (wrap-up 3060–3070): no call figure, but occupancy.
 *  C12 support  offered 3600  carol answers 3605 (wait 5), ends 3665; wrap-up 3665–3675
 *  C13 sales    offered 4000  carol answers 4003 (wait 3) and is still talking: answered, not handled.
 *  C14 support  offered 5000  bob answers 5005 (wait 5), consults alice 5065 (she answers 5070),
 *                             completes the transfer to her at 5125; bob wrap-up 5125–5140; alice
 *                             talks until the end at 5245, wrap-up 5245–5255.
 *  C15 support  offered at 23:30 UTC (00:30 the next day in Paris), abandoned 40 s later.
 *
 * Agents: alice and bob in Team A (supervisor sara), carol in Team B (supervisor sam).
 */
const iso = (seconds: number) => encodeURIComponent(at(seconds).toISOString());
const PERIOD = `from=${iso(0)}&to=${iso(7200)}`;

type Figures = Record<string, number | null>;

/** Compares the figures named in `expected` only, each with its name in the message. */
function assertFigures(actual: Record<string, unknown>, expected: Figures, label: string): void {
  for (const [name, value] of Object.entries(expected)) assert.equal(actual[name], value, `${label}: ${name}`);
}

for (const backend of databaseBackends()) {
  describe(`reports on ${backend.name}`, () => {
    let api: RestApi;
    let ids: Record<string, string>;
    let token: Record<string, string>;
    const calls: Record<string, string> = {};

    before(async () => {
      ({ api, ids, token } = await openCallHistoryCast(backend, { carolQueue: 'support' }));
      await api.db.query('update queues set service_level_seconds = 30 where id = $1', [ids.sales]);
      await writeHistory(api.db, ids, calls);
    });
    after(() => api.close());

    const get = (who: string, url: string) => api.request('GET', url, token[who]);

    test('queue figures for the period, every one as worked out by hand', async () => {
      const res = await get('adam', `/api/reports/queues?${PERIOD}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.groupBy, 'total');
      assert.equal(res.body.timeZone, 'UTC');
      assert.deepEqual(res.body.rows.map((r: any) => r.queue.name), ['sales', 'support']);
      const [sales, support] = res.body.rows;
      assert.equal(support.interval, null);
      // support: C1 C2 C3 C4 C5 C8 C12 C14 (C7 moved to sales; C9 and C10 outside).
      assertFigures(support, {
        offered: 8,
        answered: 5, // C1 C2 C8 C12 C14
        abandoned: 2, // C3 (abandoned), C4 (customer-disconnected); C5 no-agents is neither
        answeredWithinServiceLevel: 4, // waits 10, 20 (= 20), 5, 5; C2's 30 is outside
        answerRate: 0.625, // 5 / 8
        serviceLevel: 0.5, // 4 / 8
        asaSeconds: 14, // (10 + 30 + 20 + 5 + 5) / 5
        avgAbandonedWaitSeconds: 37.5, // (60 + 15) / 2
        // Handlings: C1 alice 120+15, C2 bob 200+10, C8 alice 80+10, C12 carol 60+10,
        // C14 bob 120+15 and alice 120+10: talk 700, wrap-up 70, six of them.
        handled: 6,
        ahtSeconds: 128.3, // 770 / 6 = 128.33
        avgTalkSeconds: 116.7, // 700 / 6 = 116.67
        avgWrapUpSeconds: 11.7, // 70 / 6 = 11.67
        overflowed: 1, // C7
      }, 'support');
      // sales: C6 C7 C13.
      assertFigures(sales, {
        offered: 3,
        answered: 3,
        abandoned: 0,
        answeredWithinServiceLevel: 2, // C6 25 ≤ 30, C13 3; C7 75 is outside
        answerRate: 1,
        serviceLevel: 0.6667, // 2 / 3
        asaSeconds: 34.3, // (25 + 75 + 3) / 3 = 34.33: C6 counts its first answer
        avgAbandonedWaitSeconds: null,
        // C6 alice 60+15 and bob 120+20, C7 bob 60+15; C13 is still going.
        handled: 3,
        ahtSeconds: 96.7, // 290 / 3
        avgTalkSeconds: 80, // 240 / 3
        avgWrapUpSeconds: 16.7, // 50 / 3
        overflowed: 0,
      }, 'sales');
      assert.equal(res.body.totals.length, 1);
      assertFigures(res.body.totals[0], {
        offered: 11,
        answered: 8,
        abandoned: 2,
        answeredWithinServiceLevel: 6,
        answerRate: 0.7273, // 8 / 11
        serviceLevel: 0.5455, // 6 / 11
        asaSeconds: 21.6, // (70 + 103) / 8 = 21.625
        avgAbandonedWaitSeconds: 37.5,
        handled: 9,
        ahtSeconds: 117.8, // 1060 / 9
        avgTalkSeconds: 104.4, // 940 / 9
        avgWrapUpSeconds: 13.3, // 120 / 9
        overflowed: 1,
      }, 'all queues');
    });

    test('queue figures by hour: calls fall in the hour they were offered, and every hour has a total', async () => {
      const res = await get('adam', `/api/reports/queues?${PERIOD}&groupBy=hour`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const rows = res.body.rows.map((r: any) => [r.interval.start, r.queue.name, r.offered, r.answered, r.abandoned, r.answeredWithinServiceLevel]);
      assert.deepEqual(rows, [
        ['2026-03-02T09:00:00.000Z', 'sales', 2, 2, 0, 1], // C6 C7
        ['2026-03-02T09:00:00.000Z', 'support', 5, 2, 2, 1], // C1 C2 C3 C4 C5
        ['2026-03-02T10:00:00.000Z', 'sales', 1, 1, 0, 1], // C13
        ['2026-03-02T10:00:00.000Z', 'support', 3, 3, 0, 3], // C8 C12 C14
      ]);
      const support10 = res.body.rows[3];
      assert.deepEqual(support10.interval, { start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T11:00:00.000Z' });
      // C8 alice 90, C12 carol 70, C14 bob 135 and alice 130: 425 over 4.
      assertFigures(support10, { asaSeconds: 10, handled: 4, ahtSeconds: 106.3, overflowed: 0 }, 'support 10:00');
      assertFigures(res.body.rows[1], { asaSeconds: 20, ahtSeconds: 172.5, avgAbandonedWaitSeconds: 37.5, overflowed: 1 }, 'support 09:00');
      assert.deepEqual(
        res.body.totals.map((t: any) => [t.interval.start, t.offered, t.answered, t.abandoned, t.overflowed]),
        [
          ['2026-03-02T09:00:00.000Z', 7, 4, 2, 1],
          ['2026-03-02T10:00:00.000Z', 4, 4, 0, 0],
        ],
      );
    });

    test('by day in a time zone: days start at local midnight, so a late call moves to the next day', async () => {
      const paris = `from=${encodeURIComponent('2026-03-02T00:00:00+01:00')}&to=${encodeURIComponent('2026-03-04T00:00:00+01:00')}`;
      const res = await get('adam', `/api/reports/queues?${paris}&groupBy=day&timeZone=Europe/Paris`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      // Day 1 holds the 11 calls of the main period, C9 and C10; C15 (00:30 in Paris) is day 2.
      assert.deepEqual(
        res.body.totals.map((t: any) => [t.interval.start, t.interval.end, t.offered, t.answered, t.abandoned]),
        [
          ['2026-03-01T23:00:00.000Z', '2026-03-02T23:00:00.000Z', 13, 9, 3],
          ['2026-03-02T23:00:00.000Z', '2026-03-03T23:00:00.000Z', 1, 0, 1],
        ],
      );
      const utc = await get('adam', `/api/reports/queues?from=${encodeURIComponent('2026-03-02T00:00:00Z')}&to=${encodeURIComponent('2026-03-04T00:00:00Z')}&groupBy=day`);
      assert.deepEqual(utc.body.totals.map((t: any) => t.offered), [14, 0]);
    });

    test('agent figures, occupancy from state intervals clipped to the period', async () => {
      const res = await get('adam', `/api/reports/agents?${PERIOD}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.rows.map((r: any) => [r.agent.displayName, r.agent.teamName]), [
        ['Alice Martin', 'Team A'],
        ['Bob Chen', 'Team A'],
        ['Carol Diaz', 'Team B'],
      ]);
      const [alice, bob, carol] = res.body.rows;
      assertFigures(alice, {
        offered: 5, // C1 C3 C4 C6 C8
        answered: 3, // C1 C6 C8
        missed: 1, // C3 rang out
        abandoned: 1, // C4 hung up while ringing
        answeredWithinServiceLevel: 3, // 10 ≤ 20, 25 ≤ 30, 20 ≤ 20
        answerRate: 0.6,
        serviceLevel: 0.6,
        asaSeconds: 18.3, // 55 / 3
        avgAbandonedWaitSeconds: 15, // C4: 200 → 215
        handled: 4, // C1 135, C6 75, C8 90, C14 130 (after the consult was handed over)
        ahtSeconds: 107.5, // 430 / 4
        avgTalkSeconds: 95, // 380 / 4
        avgWrapUpSeconds: 12.5, // 50 / 4
        // Signed in 0–7200 but away 1800–2400; on call 10–130, 425–485, 3000–3060 (outbound),
        // 5065–5245 (consult, then the call); wrap-up 130–145, 485–500, 3060–3070, 5245–5255.
        signedInSeconds: 6600,
        onCallSeconds: 420,
        wrapUpSeconds: 50,
        awaySeconds: 600,
        occupancy: 0.0712, // 470 / 6600
      }, 'alice');
      assertFigures(bob, {
        offered: 4, // C2 C6 C7 C14 (C9 was offered before the period)
        answered: 4,
        missed: 0,
        abandoned: 0,
        answeredWithinServiceLevel: 2, // C6 15 after the transfer ≤ 30, C14 5; C2 30 > 20, C7 75 > 30
        answerRate: 1,
        serviceLevel: 0.5,
        asaSeconds: 31.3, // (30 + 15 + 75 + 5) / 4 = 31.25
        avgAbandonedWaitSeconds: null,
        handled: 4, // C2 210, C6 140, C7 75, C14 135
        ahtSeconds: 140, // 560 / 4
        avgTalkSeconds: 125,
        avgWrapUpSeconds: 15,
        // Signed in 0–6000 (offline after); on call [0,30) of C9's −90–30, 90–290, 500–620,
        // 775–835, 5005–5125 = 530; wrap-up 30–40, 290–300, 620–640, 835–850, 5125–5140 = 70.
        signedInSeconds: 6000,
        onCallSeconds: 530,
        wrapUpSeconds: 70,
        awaySeconds: 0,
        occupancy: 0.1, // 600 / 6000
      }, 'bob');
      assertFigures(carol, {
        offered: 2,
        answered: 2,
        answeredWithinServiceLevel: 2,
        asaSeconds: 4, // (5 + 3) / 2
        handled: 1, // C12; C13 goes on
        ahtSeconds: 70,
        // Signed in from 3000; on call 3605–3665 and from 4003 on (to the period's end).
        signedInSeconds: 4200,
        onCallSeconds: 3257,
        wrapUpSeconds: 10,
        occupancy: 0.7779, // 3267 / 4200
      }, 'carol');
      assertFigures(res.body.totals[0], {
        offered: 11,
        answered: 9,
        missed: 1,
        abandoned: 1,
        answeredWithinServiceLevel: 7,
        answerRate: 0.8182, // 9 / 11
        serviceLevel: 0.6364, // 7 / 11
        asaSeconds: 20.9, // 188 / 9
        handled: 9,
        ahtSeconds: 117.8, // the same handlings as the queues': 1060 / 9
        signedInSeconds: 16800,
        onCallSeconds: 4207,
        wrapUpSeconds: 130,
        awaySeconds: 600,
        occupancy: 0.2582, // 4337 / 16800
      }, 'all agents');
    });

    test('occupancy by hour cuts the state intervals at the hour', async () => {
      const res = await get('adam', `/api/reports/agents?${PERIOD}&groupBy=hour&agentIds=${ids.bob}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const [nine, ten] = res.body.rows;
      // 09:00: on call 30 + 200 + 120 + 60, wrap-up 10 + 10 + 20 + 15; 10:00: 120 and 15, offline at 6000.
      assertFigures(nine, { signedInSeconds: 3600, onCallSeconds: 410, wrapUpSeconds: 55, occupancy: 0.1292, offered: 3 }, 'bob 09:00');
      assertFigures(ten, { signedInSeconds: 2400, onCallSeconds: 120, wrapUpSeconds: 15, occupancy: 0.0563, offered: 1 }, 'bob 10:00');
    });

    test('a supervisor sees the agents of their teams only, with totals over them', async () => {
      const res = await get('sara', `/api/reports/agents?${PERIOD}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.rows.map((r: any) => r.agent.displayName), ['Alice Martin', 'Bob Chen']);
      assertFigures(res.body.totals[0], {
        offered: 9,
        answered: 7,
        answerRate: 0.7778, // 7 / 9
        serviceLevel: 0.5556, // 5 / 9
        asaSeconds: 25.7, // 180 / 7
        handled: 8,
        ahtSeconds: 123.8, // 990 / 8 = 123.75
        signedInSeconds: 12600,
        occupancy: 0.0849, // 1070 / 12600
      }, 'Team A');
      const sam = await get('sam', `/api/reports/agents?${PERIOD}`);
      assert.deepEqual(sam.body.rows.map((r: any) => r.agent.displayName), ['Carol Diaz']);
      const refused = await get('sara', `/api/reports/agents?${PERIOD}&agentIds=${ids.carol}`);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'forbidden');
      // Queues are everyone's: sara sees carol's calls in the queue figures.
      const queues = await get('sara', `/api/reports/queues?${PERIOD}&queueIds=${ids.support}`);
      assert.deepEqual(queues.body.rows.map((r: any) => [r.queue.name, r.offered]), [['support', 8]]);
    });

    test('agents may not read reports', async () => {
      for (const url of [`/api/reports/queues?${PERIOD}`, `/api/reports/agents?${PERIOD}`]) {
        const res = await get('alice', url);
        assert.equal(res.status, 403, url);
        assert.equal(res.body.error.code, 'forbidden');
      }
      assert.equal((await api.request('GET', `/api/reports/queues?${PERIOD}`)).status, 401);
    });

    test('CSV: asked by format or by Accept, named for the period, one line per row and total', async () => {
      const byFormat = await api.app.inject({
        method: 'GET',
        url: `/api/reports/queues?${PERIOD}&format=csv`,
        headers: { authorization: `Bearer ${token.adam}` },
      });
      assert.equal(byFormat.statusCode, 200);
      assert.match(String(byFormat.headers['content-type']), /^text\/csv/);
      assert.equal(byFormat.headers['content-disposition'], 'attachment; filename="queue-report_2026-03-02_to_2026-03-02_total.csv"');
      const lines = byFormat.body.trimEnd().split('\r\n');
      assert.equal(
        lines[0],
        'period_start,period_end,queue,queue_name,offered,answered,abandoned,overflowed,answered_within_sl,' +
          'answer_rate_pct,service_level_pct,asa_s,handled,aht_s,avg_talk_s,avg_wrap_up_s,avg_abandoned_wait_s',
      );
      assert.deepEqual(lines.slice(1), [
        '2026-03-02T09:00:00Z,2026-03-02T11:00:00Z,Sales,sales,3,3,0,0,2,100.00,66.67,34.3,3,96.7,80.0,16.7,',
        '2026-03-02T09:00:00Z,2026-03-02T11:00:00Z,Support,support,8,5,2,1,4,62.50,50.00,14.0,6,128.3,116.7,11.7,37.5',
        '2026-03-02T09:00:00Z,2026-03-02T11:00:00Z,All queues,,11,8,2,1,6,72.73,54.55,21.6,9,117.8,104.4,13.3,37.5',
      ]);
      const byAccept = await api.app.inject({
        method: 'GET',
        url: `/api/reports/agents?${PERIOD}&groupBy=hour&timeZone=Europe/Paris`,
        headers: { authorization: `Bearer ${token.sara}`, accept: 'text/csv' },
      });
      assert.equal(byAccept.statusCode, 200);
      assert.equal(byAccept.headers['content-disposition'], 'attachment; filename="agent-report_2026-03-02_to_2026-03-02_by-hour.csv"');
      const agentLines = byAccept.body.trimEnd().split('\r\n');
      assert.match(agentLines[0]!, /^interval_start,interval_end,agent,team,offered,answered,missed,abandoned,/);
      // Local times in the report's zone: 10:00 and 11:00 in Paris are 09:00 and 10:00 UTC.
      assert.match(agentLines[1]!, /^2026-03-02T10:00:00\+01:00,2026-03-02T11:00:00\+01:00,Alice Martin,Team A,4,2,1,1,/);
      assert.equal(agentLines.filter((l) => l.includes(',All agents,')).length, 2);
      assert.ok(!byAccept.body.includes('Carol'), 'a supervisor’s CSV holds only their teams');
    });

    test('bad queries are 400s naming the field', async () => {
      for (const [query, field] of [
        [`from=${iso(0)}`, 'to'],
        [`from=${iso(100)}&to=${iso(50)}`, 'from'],
        [`${PERIOD}&groupBy=week`, 'groupBy'],
        [`${PERIOD}&timeZone=Mars/Olympus`, 'timeZone'],
        [`${PERIOD}&timeZone=%2B01:00`, 'timeZone'],
        [`${PERIOD}&queueIds=support`, 'queueIds'],
        [`from=${iso(0)}&to=${iso(86_400 * 40)}&groupBy=hour`, 'groupBy'],
        [`from=${iso(0)}&to=${iso(86_400 * 400)}`, 'to'],
        [`${PERIOD}&format=xlsx`, 'format'],
      ]) {
        const res = await get('adam', `/api/reports/queues?${query}`);
        assert.equal(res.status, 400, query);
        assert.match(res.body.error.message, new RegExp(field!), query);
      }
    });

    test('figures still running stop at the report time', async () => {
      // At 5000 s carol has been on C13 since 4003 and signed in since 3000.
      const period = { from: at(0), to: at(7200), groupBy: 'total' as const, timeZone: 'UTC', asOf: at(5000) };
      const report = await agentReport(api.db, period, { agentIds: [ids.carol!] });
      assertFigures(report.rows[0]!, {
        signedInSeconds: 2000,
        onCallSeconds: 1057, // 60 + 997
        wrapUpSeconds: 10,
        occupancy: 0.5335, // 1067 / 2000
      }, 'carol at 5000');
      assert.equal(report.generatedAt, at(5000).toISOString());
      // C13 has been answered and is not over: answered, but no handling yet.
      const queues = await queueReport(api.db, { ...period, asOf: at(5000) }, [ids.sales!]);
      assertFigures(queues.rows[0]!, { answered: 3, handled: 3 }, 'sales at 5000');
    });

    test('a call record shows its whole log, keypad digits masked, to those who may see it', async () => {
      const res = await get('adam', `/api/calls/${calls.C6}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.queue.name, 'sales');
      assert.equal(res.body.agent.displayName, 'Bob Chen');
      assert.equal(res.body.direction, 'inbound');
      assert.deepEqual(
        res.body.events.map((e: any) => [e.at, e.type, e.agent?.displayName ?? null]),
        [
          [at(400).toISOString(), 'queued', null],
          [at(401).toISOString(), 'offered', 'Alice Martin'],
          [at(425).toISOString(), 'answered', 'Alice Martin'],
          [at(440).toISOString(), 'dtmf', null],
          [at(485).toISOString(), 'transferred', 'Alice Martin'],
          [at(486).toISOString(), 'offered', 'Bob Chen'],
          [at(500).toISOString(), 'answered', 'Bob Chen'],
          [at(620).toISOString(), 'ended', 'Bob Chen'],
        ],
      );
      assert.deepEqual(res.body.events[3].data, { digit: '•' });
      assert.deepEqual(res.body.events[4].data, { to: { kind: 'agent', userId: ids.bob } });
      // Carol's call is not in sara's share: it is not found, as in the search.
      assert.equal((await get('sara', `/api/calls/${calls.C12}`)).status, 404);
      assert.equal((await get('sam', `/api/calls/${calls.C12}`)).status, 200);
      assert.equal((await get('adam', `/api/calls/${randomUUID()}`)).status, 404);
    });

    test('a changed service-level target does not rewrite history: a call keeps its queue’s threshold of the time', async () => {
      // A day later, away from the history above: sales answers two calls after 25 s each,
      // one while its target is 30 s and one after an admin made it 10 s.
      const records = new CallRecordRepository(api.db);
      const answeredAfter25s = async (offeredAt: number) => {
        const id = randomUUID();
        await records.create({ id, queueId: ids.sales!, channel: 'web', callerLabel: 'Caller', offeredAt: at(offeredAt), nodeId: 'n1' });
        await records.markAnswered(id, ids.alice!, at(offeredAt + 25));
        await records.markEnded(id, 'agent-hangup', at(offeredAt + 85));
      };
      const period = `from=${iso(86_400)}&to=${iso(90_000)}`;
      const sales = async () => (await get('adam', `/api/reports/queues?${period}`)).body.rows.find((r: any) => r.queue.name === 'sales');
      const patch = (seconds: number) => api.request('PATCH', `/api/queues/${ids.sales}`, token.adam, { serviceLevelSeconds: seconds });

      await answeredAfter25s(86_500);
      assertFigures(await sales(), { offered: 1, answeredWithinServiceLevel: 1, serviceLevel: 1 }, 'under the 30 s target');
      assert.equal((await patch(10)).status, 200);
      try {
        assertFigures(await sales(), { offered: 1, answeredWithinServiceLevel: 1, serviceLevel: 1 }, 'the same call after the change');
        await answeredAfter25s(87_000);
        assertFigures(await sales(), { offered: 2, answeredWithinServiceLevel: 1, serviceLevel: 0.5 }, 'a call under the 10 s target');
      } finally {
        assert.equal((await patch(30)).status, 200);
      }
    });
  });
}

/** Writes the history described at the top of this file. */
async function writeHistory(db: Queryable, ids: Record<string, string>, calls: Record<string, string>): Promise<void> {
  type Step = [seconds: number, type: string, agent?: string | null, data?: Record<string, unknown>];
  const call = async (
    name: string,
    c: {
      queue: string;
      offeredAt: number;
      agent?: string;
      answeredAt?: number;
      endedAt?: number;
      reason?: string;
      direction?: 'inbound' | 'outbound';
      steps: Step[];
    },
  ) => {
    const id = randomUUID();
    calls[name] = id;
    const state = c.endedAt !== undefined ? 'ended' : c.answeredAt !== undefined ? 'connected' : 'queued';
    await db.query(
      `insert into calls (id, queue_id, channel, caller_label, agent_id, state, end_reason, offered_at, answered_at, ended_at, node_id, direction)
       values ($1, $2, 'web', $3, $4, $5, $6, $7, $8, $9, 'n1', $10)`,
      [
        id,
        ids[c.queue],
        `caller ${name}`,
        c.agent ? ids[c.agent] : null,
        state,
        c.reason ?? null,
        at(c.offeredAt),
        c.answeredAt === undefined ? null : at(c.answeredAt),
        c.endedAt === undefined ? null : at(c.endedAt),
        c.direction ?? 'inbound',
      ],
    );
    for (const [seconds, type, agent, data] of c.steps) {
      await db.query('insert into call_events (call_id, at, type, agent_id, data) values ($1, $2, $3, $4, $5)', [
        id,
        at(seconds),
        type,
        agent ? ids[agent] : null,
        JSON.stringify(data ?? {}),
      ]);
    }
  };
  const states = async (agent: string, changes: Array<[seconds: number, status: string, call?: string]>) => {
    for (const [seconds, status, callName] of changes) {
      await db.query('insert into agent_state_changes (user_id, at, status, call_id) values ($1, $2, $3, $4)', [
        ids[agent],
        at(seconds),
        status,
        callName ? calls[callName] : null,
      ]);
    }
  };
  const queued = (s: number, queue: string): Step => [s, 'queued', null, { queue, channel: 'web', number: null }];
  const ended = (s: number, agent: string | null, reason: string): Step => [s, 'ended', agent, { reason }];

  await call('C9', { queue: 'support', offeredAt: -100, agent: 'bob', answeredAt: -90, endedAt: 30, reason: 'customer-hangup', steps: [
    queued(-100, 'support'), [-95, 'offered', 'bob'], [-90, 'answered', 'bob'], ended(30, 'bob', 'customer-hangup'),
  ] });
  await call('C1', { queue: 'support', offeredAt: 0, agent: 'alice', answeredAt: 10, endedAt: 130, reason: 'agent-hangup', steps: [
    queued(0, 'support'), [0, 'offered', 'alice'], [10, 'answered', 'alice'], ended(130, 'alice', 'agent-hangup'),
  ] });
  await call('C2', { queue: 'support', offeredAt: 60, agent: 'bob', answeredAt: 90, endedAt: 290, reason: 'customer-hangup', steps: [
    queued(60, 'support'), [61, 'offered', 'bob'], [90, 'answered', 'bob'], ended(290, 'bob', 'customer-hangup'),
  ] });
  await call('C3', { queue: 'support', offeredAt: 120, endedAt: 180, reason: 'abandoned', steps: [
    queued(120, 'support'), [150, 'offered', 'alice'], [170, 'offer-timeout', 'alice'], ended(180, null, 'abandoned'),
  ] });
  await call('C4', { queue: 'support', offeredAt: 200, endedAt: 215, reason: 'customer-disconnected', steps: [
    queued(200, 'support'), [205, 'offered', 'alice'], [215, 'offer-customer-hangup', 'alice'], ended(215, null, 'customer-disconnected'),
  ] });
  await call('C5', { queue: 'support', offeredAt: 290, endedAt: 300, reason: 'no-agents', steps: [queued(290, 'support'), ended(300, null, 'no-agents')] });
  await call('C6', { queue: 'sales', offeredAt: 400, agent: 'bob', answeredAt: 425, endedAt: 620, reason: 'agent-hangup', steps: [
    queued(400, 'sales'), [401, 'offered', 'alice'], [425, 'answered', 'alice'], [440, 'dtmf', null, { digit: '7' }],
    [485, 'transferred', 'alice', { to: { kind: 'agent', userId: ids.bob } }], [486, 'offered', 'bob'], [500, 'answered', 'bob'],
    ended(620, 'bob', 'agent-hangup'),
  ] });
  await call('C7', { queue: 'sales', offeredAt: 700, agent: 'bob', answeredAt: 775, endedAt: 835, reason: 'customer-hangup', steps: [
    queued(700, 'support'), [760, 'overflowed', null, { reason: 'max-wait', from: ids.support, to: ids.sales }],
    [770, 'offered', 'bob'], [775, 'answered', 'bob'], ended(835, 'bob', 'customer-hangup'),
  ] });
  await call('C11', { queue: 'sales', offeredAt: 3000, agent: 'alice', answeredAt: 3010, endedAt: 3060, reason: 'agent-hangup', direction: 'outbound', steps: [
    [3000, 'dialled', 'alice'], [3010, 'answered', 'alice', { by: 'remote' }], ended(3060, 'alice', 'agent-hangup'),
  ] });
  await call('C12', { queue: 'support', offeredAt: 3600, agent: 'carol', answeredAt: 3605, endedAt: 3665, reason: 'agent-hangup', steps: [
    queued(3600, 'support'), [3601, 'offered', 'carol'], [3605, 'answered', 'carol'], ended(3665, 'carol', 'agent-hangup'),
  ] });
  await call('C13', { queue: 'sales', offeredAt: 4000, agent: 'carol', answeredAt: 4003, steps: [
    queued(4000, 'sales'), [4001, 'offered', 'carol'], [4003, 'answered', 'carol'],
  ] });
  await call('C14', { queue: 'support', offeredAt: 5000, agent: 'alice', answeredAt: 5005, endedAt: 5245, reason: 'customer-hangup', steps: [
    queued(5000, 'support'), [5001, 'offered', 'bob'], [5005, 'answered', 'bob'], [5065, 'consult-requested', 'bob', { to: ids.alice }],
    [5070, 'consult-answered', 'alice'], [5125, 'consult-completed', 'bob', { to: ids.alice }], ended(5245, 'alice', 'customer-hangup'),
  ] });
  await call('C8', { queue: 'support', offeredAt: 7190, agent: 'alice', answeredAt: 7210, endedAt: 7290, reason: 'agent-hangup', steps: [
    queued(7190, 'support'), [7195, 'offered', 'alice'], [7210, 'answered', 'alice'], ended(7290, 'alice', 'agent-hangup'),
  ] });
  await call('C10', { queue: 'support', offeredAt: 7300, endedAt: 7330, reason: 'abandoned', steps: [queued(7300, 'support'), ended(7330, null, 'abandoned')] });
  // 23:30 UTC is 00:30 on 3 March in Paris.
  await call('C15', { queue: 'support', offeredAt: 52_200, endedAt: 52_240, reason: 'abandoned', steps: [queued(52_200, 'support'), ended(52_240, null, 'abandoned')] });

  await states('alice', [
    [-600, 'available'], [0, 'ringing', 'C1'], [10, 'on-call', 'C1'], [130, 'wrap-up', 'C1'], [145, 'available'],
    [150, 'ringing', 'C3'], [170, 'available'], [205, 'ringing', 'C4'], [215, 'available'],
    [401, 'ringing', 'C6'], [425, 'on-call', 'C6'], [485, 'wrap-up', 'C6'], [500, 'available'],
    [1800, 'away'], [2400, 'available'], [3000, 'on-call', 'C11'], [3060, 'wrap-up', 'C11'], [3070, 'available'],
    [5065, 'on-call', 'C14'], [5245, 'wrap-up', 'C14'], [5255, 'available'],
    [7195, 'ringing', 'C8'], [7210, 'on-call', 'C8'], [7290, 'wrap-up', 'C8'], [7300, 'available'], [7500, 'offline'],
  ]);
  await states('bob', [
    [-1000, 'available'], [-95, 'ringing', 'C9'], [-90, 'on-call', 'C9'], [30, 'wrap-up', 'C9'], [40, 'available'],
    [61, 'ringing', 'C2'], [90, 'on-call', 'C2'], [290, 'wrap-up', 'C2'], [300, 'available'],
    [486, 'ringing', 'C6'], [500, 'on-call', 'C6'], [620, 'wrap-up', 'C6'], [640, 'available'],
    [770, 'ringing', 'C7'], [775, 'on-call', 'C7'], [835, 'wrap-up', 'C7'], [850, 'available'],
    [5001, 'ringing', 'C14'], [5005, 'on-call', 'C14'], [5125, 'wrap-up', 'C14'], [5140, 'available'], [6000, 'offline'],
  ]);
  await states('carol', [
    [3000, 'available'], [3601, 'ringing', 'C12'], [3605, 'on-call', 'C12'], [3665, 'wrap-up', 'C12'], [3675, 'available'],
    [4001, 'ringing', 'C13'], [4003, 'on-call', 'C13'],
  ]);
}
