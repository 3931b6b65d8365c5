import { statementsSent } from '../libs/testing/statements-sent.service';
import request from 'supertest';
import {
  bcfAppPerFile,
  openBcfCaseOverApi,
  sendAndReadOverApi,
} from '../libs/testing/bcf-api-harness.service';

/*
 * The reply to an event sent over HTTP is the case as GET /api/cases/:id reads it straight after,
 * byte for byte, though it is built from what the write had rather than read back (issue #21):
 * through a BCF plan's steps, deadlines cancelled and armed, an email that failed, by the officer
 * and by board members who read only their own cases, to the case closed. Nothing is read after
 * the write; the API key is read once, with its person and the case, and a key's event to the case
 * this process last wrote reads neither (event-kept-key.e2e-spec for when it must).
 */
describe('the reply to an event sent over HTTP', () => {
  const ready = bcfAppPerFile();
  const server = () => request(ready().app.getHttpServer());
  const auth = (who: string) => ({ Authorization: `Bearer ${ready().world.keys[who]}` });

  const open = () => openBcfCaseOverApi(ready().app, ready().world);

  /** Sends the event; its reply's text, and the case's text as `who` then reads it. */
  const sendAndRead = (
    id: string,
    who: string,
    type: string,
    expectedVersion: number,
    payload: Record<string, unknown> = {},
  ) => sendAndReadOverApi(ready().app, ready().world, { id, who, type, expectedVersion, payload });

  /** The statements PostgreSQL is sent while `fn` runs, every connection's, binding left out. */
  async function statements(fn: () => Promise<unknown>): Promise<string[]> {
    return (await statementsSent(fn)).filter((text) => !text.includes('set_config('));
  }

  it('is the case as it is then read, through a plan’s steps to its close, an email failed on the way', async () => {
    const { clock, db } = ready();
    const id = await open();
    const steps: [string, string, Record<string, unknown>?][] = [
      ['officer', 'SEEK_AGREEMENT'],
      ['ceo', 'AGREE', { comments: 'Agreed for the council.' }],
      ['ao', 'AGREE'],
      ['chair', 'APPROVE', { comments: 'Approved under delegation.' }],
      ['officer', 'RECORD_SUBMISSION', { submittedOn: '2021-11-01', reference: 'BCF-21-22-R1' }],
      [
        'officer',
        'RECORD_ASSURANCE',
        {
          outcome: 'notApproved',
          receivedOn: '2021-11-12',
          reasons: 'The discharge metrics are not evidenced.',
          resubmitBy: '2021-11-30',
          notingDeadline: '2021-12-16',
          expectedAssuranceDate: '2022-01-09',
        },
      ],
      ['officer', 'SEEK_AGREEMENT'],
      ['ao', 'AGREE'],
      ['ceo', 'AGREE'],
      ['chair', 'APPROVE'],
      ['officer', 'RECORD_SUBMISSION', { submittedOn: '2021-11-22', reference: 'BCF-21-22-R2' }],
      [
        'officer',
        'RECORD_NOTING',
        { meetingDate: '2021-12-09', minuteReference: 'HWBB 9 Dec 2021, item 6' },
      ],
      [
        'officer',
        'RECORD_ASSURANCE',
        {
          outcome: 'approvedWithConditions',
          receivedOn: '2022-01-07',
          conditions: ['Confirm the discharge fund split'],
        },
      ],
      [
        'officer',
        'MARK_CONDITION_MET',
        { conditionId: 'R2-C1', metOn: '2022-01-20', evidence: 'Revised split agreed.' },
      ],
    ];
    const days = [
      '2021-10-04',
      '2021-10-06',
      '2021-10-07',
      '2021-10-20',
      '2021-11-01',
      '2021-11-12',
      '2021-11-15',
      '2021-11-16',
      '2021-11-16',
      '2021-11-18',
      '2021-11-22',
      '2021-12-09',
      '2022-01-07',
      '2022-01-20',
    ];
    const seen = new Set<string>();
    for (const [i, [who, type, payload]] of steps.entries()) {
      clock.set(`${days[i]}T10:00:00Z`);
      if (i === 4) {
        // An email the outbox could not deliver: the reply lists it as the read does.
        await db.superuser(
          `UPDATE effects SET status = 'failed', last_error = '550 mailbox unavailable', available_at = $2
            WHERE id = (SELECT id FROM effects WHERE case_id = $1 ORDER BY created_at LIMIT 1)`,
          [id, new Date('2021-10-19T08:15:00.123Z')],
        );
      }
      const { reply, read, body } = await sendAndRead(id, who, type, i + 1, payload);
      expect({ step: `${type} by ${who}`, reply }).toEqual({
        step: `${type} by ${who}`,
        reply: read,
      });
      seen.add(`deadlines:${(body.openDeadlines as unknown[]).length}`);
      seen.add(`failures:${(body.emailFailures as unknown[]).length}`);
      seen.add(`closed:${String(body.closedAt !== null)}`);
    }
    // The walk showed what the reply builds: open deadlines and none, a failed email, the close.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['closed:false', 'closed:true', 'deadlines:0', 'failures:1']),
    );
    expect([...seen].some((s) => /^deadlines:[1-9]/.test(s))).toBe(true);
  });

  it('lists emails that failed together, made by one event at one instant, in the order the read does', async () => {
    const { clock, db } = ready();
    clock.set('2021-10-04T10:00:00Z');
    const id = await open();
    await sendAndRead(id, 'officer', 'SEEK_AGREEMENT', 1);
    // Every email the case has so far fails at the same instant; the agreement's two were made
    // by one statement, so they share their creation too and only their ids order them.
    const failed = await db.superuser<{ created_at: Date }>(
      `UPDATE effects SET status = 'failed', last_error = '550 mailbox unavailable', available_at = $2
        WHERE case_id = $1 RETURNING created_at`,
      [id, new Date('2021-10-04T11:00:00Z')],
    );
    const instants = failed.map((f) => new Date(f.created_at).getTime());
    expect(instants.length - new Set(instants).size).toBeGreaterThan(0);
    clock.set('2021-10-06T10:00:00Z');
    const { reply, read, body } = await sendAndRead(id, 'ceo', 'AGREE', 2, {
      comments: 'Agreed for the council.',
    });
    expect(reply).toEqual(read);
    expect((body.emailFailures as unknown[]).length).toBe(failed.length);
  });

  it('reads nothing after the write: one statement from the kept case and key, two with the read first when the case is not kept', async () => {
    const { clock } = ready();
    clock.set('2021-10-01T09:00:00Z');
    const id = await open();
    // A key's first event finds its council across councils, notes the key's use and reads the
    // key and its person; the officer's next events are the ones counted.
    await sendAndRead(id, 'officer', 'SEEK_AGREEMENT', 1);
    await sendAndRead(id, 'ceo', 'AGREE', 2);
    await sendAndRead(id, 'ao', 'REJECT', 3, { reasons: 'The discharge fund split needs work.' });
    const send = (to: string, expectedVersion: number) =>
      statements(() =>
        server()
          .post(`/api/cases/${to}/events`)
          .set(auth('officer'))
          .send({ type: 'SEEK_AGREEMENT', expectedVersion, payload: {} })
          .expect(200),
      );
    // The case as this process's last write left it, the key kept under the directory version it
    // was kept at: the write alone, which checks that neither has changed since (issue #21).
    const kept = await send(id, 4);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^WITH u AS \( UPDATE cases SET snapshot/);
    // A case this process has not written since it opened: read as the engine's send reads it
    // (FOR_SEND), the key judged from its row kept under the directory version read with it.
    const other = await open();
    const read = await send(other, 1);
    expect(read[0]).toMatch(/^SELECT id, reference, .* FROM cases LEFT JOIN LATERAL/);
    // The write is the last statement: the reply is not read back.
    expect(read.at(-1)).toMatch(/^WITH u AS \( UPDATE cases SET snapshot/);
    expect(read).toHaveLength(2);
    for (const sent of [kept, read]) {
      expect(sent.some((s) => s.includes('api_keys'))).toBe(false);
      expect(sent.some((s) => /\bpeople\b/.test(s))).toBe(false);
    }
  });
});
