import { roleHoldersIn, type CaseDirectory } from '../../directory/directory.repository';
import type { RoleBinding } from '../../governance/authority.service';
import { findTemplate } from '../template.registry';

/*
 * Who signs the minutes, as the case's holders read them off the template (issue #12, review L6):
 * a role bound to the person who presided says so, in the template's words, whatever the version;
 * a role still bound to a seat says the seat and its body, as the directory does.
 */

const BODY = 'body-hwbb';
const directory = (roles: Record<string, RoleBinding>): CaseDirectory => ({
  roles,
  caseOfficerId: 'riley',
  offices: [],
  delegations: [],
  seats: [
    {
      bodyId: BODY,
      bodyName: 'Health and Wellbeing Board',
      seat: 'chair',
      personId: 'morgan',
      personName: 'Morgan Hale',
    },
  ],
  people: [
    { id: 'riley', name: 'Riley Shaw', email: 'riley@example.test' },
    { id: 'alex', name: 'Cllr Alex Rowe', email: 'alex@example.test' },
    { id: 'sam', name: 'Dr Sam Okafor', email: 'sam@example.test' },
    { id: 'morgan', name: 'Morgan Hale', email: 'morgan@example.test' },
  ],
});
const member = (personId: string): RoleBinding => ({ kind: 'member', bodyId: BODY, personId });

describe('minutes approval: the signer in the template’s words', () => {
  it('version 4: the chair who presided, once the approval binds the chair’s role to them', () => {
    const v4 = findTemplate('minutes-approval', 4)!;
    const holders = roleHoldersIn(
      directory({ chair: member('alex'), officer: { kind: 'officers' } }),
      v4.roleWords,
    );
    expect(holders.chair).toMatchObject({
      person: { name: 'Cllr Alex Rowe' },
      actingAs: 'Chair who presided at the meeting that approved the minutes, and signs them',
    });
    expect(holders.officer.actingAs).toBe('Case officer');
  });

  it('version 4: the vice-chair who presided in the chair’s place, the chair’s role still the seat’s', () => {
    const v4 = findTemplate('minutes-approval', 4)!;
    const holders = roleHoldersIn(
      directory({
        chair: { kind: 'seat', bodyId: BODY, seat: 'chair' },
        viceChair: member('sam'),
      }),
      v4.roleWords,
    );
    expect(holders.viceChair.actingAs).toBe(
      'Vice-chair who presided in the chair’s place at the meeting that approved the minutes, and signs them',
    );
    expect(holders.chair).toMatchObject({
      person: { name: 'Morgan Hale' },
      actingAs: 'Chair of the Health and Wellbeing Board',
    });
  });

  it('version 3: the member the officer named as the one who presided', () => {
    const v3 = findTemplate('minutes-approval', 3)!;
    const holders = roleHoldersIn(directory({ presiding: member('alex') }), v3.roleWords);
    expect(holders.presiding.actingAs).toBe(
      'Member who presided at the meeting that approved the minutes, and signs them',
    );
  });
});
