import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DirectoryRepository } from '../directory/directory.repository';
import { GovernanceRuleError } from '../errors/domain.errors';
import type { RoleBinding } from '../governance/authority.service';
import { minutesApprovalV4 } from '../workflows/minutes-approval/minutes-approval-v4.template';
import { RoleBinder } from './role-binder.service';

/** A directory that knows one person and one body, the only facts the refusal reads. */
function directoryOf(person: { id: string; name: string }, body: { id: string; name: string }) {
  return {
    person: (_s: unknown, _m: unknown, id: string) =>
      Promise.resolve(id === person.id ? { ...person, email: 'p@example.org' } : null),
    bodyNames: (_s: unknown, _m: unknown, ids: string[]) =>
      Promise.resolve(new Map(ids.filter((i) => i === body.id).map((i) => [i, body.name]))),
  } as unknown as DirectoryRepository;
}

async function refusalOf(binder: RoleBinder, current: RoleBinding) {
  const tenantId = randomUUID();
  const m = {} as EntityManager;
  return binder
    .rebind(m, minutesApprovalV4, 'chair', randomUUID(), tenantId, new Date(), current)
    .then(
      () => null,
      (e: unknown) => e,
    );
}

describe('reassigning the signer fixed at the approval (minutes approval v4)', () => {
  const person = { id: randomUUID(), name: 'Cllr Ann Example' };
  const body = { id: randomUUID(), name: 'Health and Wellbeing Board' };
  const binder = new RoleBinder(directoryOf(person, body));

  it('is refused as the signer fixed at the approval, naming who presided and the statute', async () => {
    const e = await refusalOf(binder, { kind: 'member', bodyId: body.id, personId: person.id });

    expect(e).toBeInstanceOf(GovernanceRuleError);
    const refusal = e as GovernanceRuleError;
    expect(refusal.extra.rule).toBe('SIGNER_FIXED_AT_THE_APPROVAL');
    expect(refusal.detail).toBe(
      'The role of Chair of the Board, who signs the minutes cannot be reassigned: the minutes are signed by Cllr Ann Example, who presided at the meeting of the Health and Wellbeing Board that approved the minutes. Nothing was changed.',
    );
    expect(refusal.extra.source).toBe('Local Government Act 1972, Schedule 12, paragraph 41(1)');
    expect(refusal.problems).toEqual([
      {
        path: 'holderId',
        message:
          'Cllr Ann Example presided at the meeting that approved the minutes and signs them: nobody else can be given this role',
      },
    ]);
  });

  it('says the lawful way forward is the next suitable meeting, raised with the monitoring officer', async () => {
    const e = await refusalOf(binder, { kind: 'member', bodyId: body.id, personId: person.id });

    const lines = (e as GovernanceRuleError).extra.explanation as string[];
    expect(lines.join('\n')).toContain(
      'If Cllr Ann Example cannot sign, the Act allows the minutes to be signed at the next suitable meeting by the person presiding there.',
    );
    expect(lines.join('\n')).toContain('raise it with the monitoring officer');
    expect(lines.join('\n')).not.toMatch(/record the body’s new chair|withdraw/);
  });

  it('still refuses a role bound to the seat as following the seat', async () => {
    const e = await refusalOf(binder, { kind: 'seat', bodyId: body.id, seat: 'chair' });

    expect((e as GovernanceRuleError).extra.rule).toBe('SEAT_ROLE_FOLLOWS_THE_SEAT');
  });
});
