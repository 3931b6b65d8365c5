import { JCB_MEMBERS } from '../../testing/jcb-world.factory';
import { domainRefusal } from '../../testing/domain-refusal.service';
import { scheduledJcbMeeting } from '../../testing/jcb-meeting.factory';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';

/*
 * Declarations of interest on a JCB item (Localism Act 2011 ss31 and 33): with a dispensation from
 * the register, kept as it stood; refused for someone not at the meeting or a dispensation not in force.
 */

describe('declaring an interest in an agenda item', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function meetingWithItem() {
    const { h, world, officer, meetingId } = await scheduledJcbMeeting(db.ds);
    const itemId = await h.addItem.add(
      meetingId,
      { title: 'Carers support contract', keyDecision: false },
      officer,
    );
    await h.attendance.record(
      meetingId,
      JCB_MEMBERS.map(([k]) => ({ personId: world.id(k), status: 'present' })),
      officer,
    );
    return { h, world, officer, meetingId, itemId };
  }

  const declarations = async (tenantId: string) =>
    Number(
      (
        await db.ds.query('SELECT count(*) AS n FROM interest_declarations WHERE tenant_id = $1', [
          tenantId,
        ])
      )[0].n,
    );

  it('keeps a dispensation from the register as it stood, and the member may then vote', async () => {
    const { h, world, officer, meetingId, itemId } = await meetingWithItem();
    const d = await h.grantDispensation.grant(
      {
        personId: world.id('ccg1'),
        grantor: 'Standards Committee',
        ground: 'impedesTransactionOfBusiness',
        matters: [itemId],
        relievesFrom: ['discussion', 'vote'],
        grantedOn: '2025-07-01',
        endsOn: '2026-06-30',
      },
      officer,
    );
    await h.declare.declare(
      meetingId,
      itemId,
      {
        personId: world.id('ccg1'),
        kind: 'disclosablePecuniary',
        details: 'Spouse is a trustee of a bidder',
        dispensationId: d.id,
      },
      officer,
    );
    const view = await h.read.view(world.tenantId, meetingId);
    const [declared] = view.agenda.find((i) => i.id === itemId)!.declarations;
    expect(declared).toMatchObject({
      personId: world.id('ccg1'),
      kind: 'disclosablePecuniary',
      mayVote: true,
      dispensation: { id: d.id, grantor: 'Standards Committee', endsOn: '2026-06-30' },
    });
  });

  it('refuses a dispensation that is not in the register for that person, writing nothing', async () => {
    const { h, world, officer, meetingId, itemId } = await meetingWithItem();
    const e = await domainRefusal(() =>
      h.declare.declare(
        meetingId,
        itemId,
        {
          personId: world.id('ccg1'),
          kind: 'other',
          details: 'Member of a bidder’s board',
          dispensationId: '00000000-0000-4000-8000-000000000000',
        },
        officer,
      ),
    );
    expect(e.extra).toMatchObject({ rule: 'DISPENSATION_NOT_FOUND' });
    // A page shows the refusal's lines: no id in them.
    expect(JSON.stringify(e.extra)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(await declarations(world.tenantId)).toBe(0);
  });

  it('refuses a dispensation for a person the directory does not hold, without their id in the words', async () => {
    const { h, world, officer, itemId } = await meetingWithItem();
    const unknown = '00000000-0000-4000-8000-000000000001';
    const e = await domainRefusal(() =>
      h.grantDispensation.grant(
        {
          personId: unknown,
          grantor: 'Standards Committee',
          ground: 'impedesTransactionOfBusiness',
          matters: [itemId],
          relievesFrom: ['vote'],
          grantedOn: '2025-07-01',
          endsOn: '2026-06-30',
        },
        officer,
      ),
    );
    expect(e).toMatchObject({
      code: 'INVALID_INPUT',
      detail: 'The person named is not in your council’s directory: choose someone it holds.',
      extra: {
        problems: [{ path: 'personId', message: 'not a person in your council’s directory' }],
      },
    });
    // Before: "There is no person <uuid> in your organisation.", shown on the meeting page.
    expect(JSON.stringify(e)).not.toContain(unknown);
    const n = await db.ds.query(
      'SELECT count(*)::int AS n FROM dispensations WHERE tenant_id = $1',
      [world.tenantId],
    );
    expect(n[0].n).toBe(0);
  });

  it('refuses a declaration by someone who is not a member or substitute at the meeting', async () => {
    const { h, world, officer, meetingId, itemId } = await meetingWithItem();
    const e = await domainRefusal(() =>
      h.declare.declare(
        meetingId,
        itemId,
        { personId: world.id('scrutinyChair'), kind: 'other', details: 'Knows a bidder' },
        officer,
      ),
    );
    expect(e.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(await declarations(world.tenantId)).toBe(0);
  });

  it('refuses a declaration on an item the meeting does not have', async () => {
    const { h, world, officer, meetingId } = await meetingWithItem();
    const e = await domainRefusal(() =>
      h.declare.declare(
        meetingId,
        meetingId,
        { personId: world.id('ccg1'), kind: 'other', details: 'Knows a bidder' },
        officer,
      ),
    );
    expect(e.code).toBe('AGENDA_ITEM_NOT_FOUND');
    expect(await declarations(world.tenantId)).toBe(0);
  });
});
