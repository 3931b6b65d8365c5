import {
  bcfAppPerFile,
  openBcfCaseOverApi,
  sendAndReadOverApi,
} from '../libs/testing/bcf-api-harness.service';

/*
 * The reply to an event sent over HTTP sorts the case's failed emails and pending deadlines
 * itself (case-reply.service.ts) while GET /api/cases/:id has PostgreSQL sort them: the two must
 * agree where the order is decided by a tie-break, byte for byte.
 */
describe('the order of the lists in the reply to an event sent over HTTP', () => {
  const ready = bcfAppPerFile();
  /** Sends the event; its reply's text, and the case's text as `who` then reads it. */
  const sendAndRead = (
    id: string,
    who: string,
    type: string,
    expectedVersion: number,
    payload: Record<string, unknown> = {},
  ) => sendAndReadOverApi(ready().app, ready().world, { id, who, type, expectedVersion, payload });

  it('lists emails failed within one millisecond by their microseconds against their ids, and deadlines due at one instant by kind, as the read does', async () => {
    const { clock, db } = ready();
    clock.set('2021-10-04T10:00:00Z');
    const id = await openBcfCaseOverApi(ready().app, ready().world);
    await sendAndRead(id, 'officer', 'SEEK_AGREEMENT', 1);
    // The later an email's id sorts, the earlier it was made, all within one millisecond.
    const failed = await db.superuser<{ id: string }>(
      `UPDATE effects e SET status = 'failed', last_error = '550 mailbox unavailable',
              available_at = $2, created_at = $3::timestamptz + make_interval(secs => r.n / 1e6)
         FROM (SELECT id, row_number() OVER (ORDER BY id DESC) AS n FROM effects WHERE case_id = $1) r
        WHERE e.id = r.id RETURNING e.id`,
      [id, new Date('2021-10-04T11:00:00Z'), new Date('2021-10-04T10:30:00.123Z')],
    );
    expect(failed.length).toBeGreaterThan(1);
    // A reminder and then the deadline it warns of are moved to one instant, in that order, so
    // that the table holds them in that order too: only their kinds order them.
    for (const which of [
      `kind = 'reminder' AND event->>'workingDaysLeft' = '5'`,
      `kind = 'deadline'`,
    ])
      expect(
        await db.superuser(
          `UPDATE deadlines SET due_at = $2 WHERE case_id = $1 AND status = 'pending' AND ${which} RETURNING key`,
          [id, new Date('2021-10-29T23:59:59.999Z')],
        ),
      ).toHaveLength(1);
    clock.set('2021-10-06T10:00:00Z');
    const { reply, read, body } = await sendAndRead(id, 'ceo', 'AGREE', 2, {
      comments: 'Agreed for the council.',
    });
    expect((body.emailFailures as unknown[]).length).toBe(failed.length);
    const due = (body.openDeadlines as { kind: string; dueAt: string }[]).filter(
      (d) => d.dueAt === '2021-10-29T23:59:59.999Z',
    );
    expect(due.map((d) => d.kind)).toEqual(['deadline', 'reminder']);
    expect(reply).toEqual(read);
  });
});
