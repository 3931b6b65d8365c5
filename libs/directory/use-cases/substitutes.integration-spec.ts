import { ManualClock } from '../../core/clock.service';
import { DomainError } from '../../errors/domain.errors';
import { giveStaffAccount } from '../../testing/directory-world.factory';
import { buildJcbWorld, JcbWorld } from '../../testing/jcb-world.factory';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { ChangeSubstituteUseCase } from './change-substitute.use-case';
import { NameSubstituteUseCase } from './name-substitute.use-case';
import { tenantScope } from '../../core/tenant-scope';
import { directoryUseCases } from '../../testing/directory-use-cases.factory';

/*
 * The JCB's substitution scheme (seed 002, ToR 7.1: "Both partner organisations will agree a
 * scheme for the appointment of substitute members or nominated deputies"), kept by the council's
 * administrator. Invented people; today is Thu 3 Dec 2026.
 */
describe('the substitution scheme', () => {
  let db: TestDatabase;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const changes = new DirectoryChangeRepository();
  let naming: NameSubstituteUseCase;
  let changing: ChangeSubstituteUseCase;

  beforeAll(async () => {
    db = await openTestDatabase();
    naming = directoryUseCases(db.ds, clock).nameSubstitute;
    changing = directoryUseCases(db.ds, clock).changeSubstitute;
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A JCB world whose Proper Officer (Gail Price) is also the council's administrator. */
  async function world(): Promise<JcbWorld> {
    const w = await buildJcbWorld(db.ds);
    await giveStaffAccount(db.ds, w.tenantId, w.id('proper'), 'administrator');
    return w;
  }
  const admin = (w: JcbWorld) => w.actorOf('proper');
  const seatOf = async (w: JcbWorld, member: string) =>
    (
      await db.ds.query(
        'SELECT id FROM memberships WHERE tenant_id = $1 AND body_id = $2 AND person_id = $3',
        [w.tenantId, w.ids.bodies.jcb, w.id(member)],
      )
    )[0].id as string;

  async function refusal(w: JcbWorld, run: () => Promise<unknown>): Promise<DomainError> {
    const rows = () =>
      Promise.all([
        changes.list(tenantScope(w.tenantId), db.ds.manager),
        db.ds.query('SELECT * FROM membership_substitutes WHERE tenant_id = $1 ORDER BY id', [
          w.tenantId,
        ]),
      ]);
    const before = await rows();
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(await rows()).toEqual(before);
    return error as DomainError;
  }

  it('names a substitute for a seat, with where the partners agreed it, on the record', async () => {
    const w = await world();
    const named = await naming.name(
      await seatOf(w, 'cab1'),
      {
        personId: w.id('cabinet'),
        validFrom: '2026-12-03',
        reference: 'JCB 3 Dec 2026, minute 7: Cllr Chris Lane added to the scheme',
      },
      admin(w),
    );
    expect(named).toMatchObject({
      personName: 'Cllr Chris Lane',
      validFrom: '2026-12-03',
      validUntil: null,
      version: 1,
    });
    const [change] = await changes.list(tenantScope(w.tenantId), db.ds.manager);
    expect(change).toMatchObject({
      subject: 'substitute',
      subjectId: named.id,
      action: 'created',
      actor: { kind: 'person', personId: w.id('proper'), name: 'Gail Price' },
      after: { personId: w.id('cabinet'), reference: named.reference },
    });
    const ended = await changing.end(named.id, { expectedVersion: 1, on: '2027-05-19' }, admin(w));
    expect(ended).toMatchObject({ validUntil: '2027-05-19', version: 2 });
    const stale = await refusal(w, () =>
      changing.change(named.id, { expectedVersion: 1, reference: 'minute 8' }, admin(w)),
    );
    expect(stale).toMatchObject({ code: 'VERSION_CONFLICT', extra: { currentVersion: 2 } });
  });

  it('refuses naming the seat’s own member, outside the seat’s term, or twice at once', async () => {
    const w = await world();
    const seat = await seatOf(w, 'ccg2');
    const own = await refusal(w, () =>
      naming.name(
        seat,
        { personId: w.id('ccg2'), validFrom: '2026-12-03', reference: 'minute 7' },
        admin(w),
      ),
    );
    expect(own).toMatchObject({
      code: 'INVALID_INPUT',
      extra: {
        problems: [
          { path: 'personId', message: 'Dr Eve Long holds the seat: a substitute is someone else' },
        ],
      },
    });
    const early = await refusal(w, () =>
      naming.name(
        seat,
        { personId: w.id('ao'), validFrom: '2024-12-31', reference: 'minute 7' },
        admin(w),
      ),
    );
    expect(early).toMatchObject({
      extra: {
        problems: [
          {
            path: 'validFrom',
            message:
              'Dr Eve Long’s seat runs from Wed 1 Jan 2025 with no end: name the substitute within it',
          },
        ],
      },
    });
    // The world's scheme names Dr Gus Lee for every CCG seat from 1 January 2025.
    const twice = await refusal(w, () =>
      naming.name(
        seat,
        { personId: w.id('sub'), validFrom: '2026-12-03', reference: 'minute 7' },
        admin(w),
      ),
    );
    expect(twice).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      extra: {
        rule: 'SUBSTITUTE_ALREADY_NAMED',
        explanation: [
          'Dr Gus Lee is named as substitute for Dr Eve Long from Wed 1 Jan 2025 with no end (JCB inaugural meeting, minute 4: substitution scheme (ToR 7.1)): change or end that naming instead',
        ],
      },
    });
  });

  it('lets only the council’s own administrator keep its scheme', async () => {
    const a = await world();
    const b = await world();
    const seat = await seatOf(a, 'cab2');
    const input = { personId: a.id('cabinet'), validFrom: '2026-12-03', reference: 'minute 7' };
    expect(await refusal(a, () => naming.name(seat, input, a.actorOf('officer')))).toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    expect(await refusal(a, () => naming.name(seat, input, admin(b)))).toMatchObject({
      code: 'DIRECTORY_RECORD_NOT_FOUND',
    });
    const named = await naming.name(seat, input, admin(a));
    expect(
      await refusal(a, () =>
        changing.end(named.id, { expectedVersion: 1, on: '2027-01-31' }, admin(b)),
      ),
    ).toMatchObject({ code: 'DIRECTORY_RECORD_NOT_FOUND' });
  });
});
