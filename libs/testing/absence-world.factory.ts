import type { DataSource } from 'typeorm';
import type { TenantSpec } from '../directory/tenant-setup.service';
import type { BcfWorld } from './world.factory';

/**
 * A world's tweak for absence cover (docs/adr/0033): the Health and Wellbeing Board's Vice-Chair
 * office (`offices.viceChair`), held by Cllr Chris Lane (`cabinet`), with the Board's delegation
 * of the BCF plan's approval to it too (`delegations.bcfApprovalVice`): a deputy for the Chair.
 */
export function withViceChairDelegation(spec: TenantSpec): void {
  spec.offices.push({
    key: 'viceChair',
    title: 'Vice-Chair, Southampton Health and Wellbeing Board',
    organisation: 'council',
    holder: 'cabinet',
  });
  spec.delegations.push({
    key: 'bcfApprovalVice',
    body: 'hwbb',
    office: 'viceChair',
    scope: 'bcf-plan-approval',
    reference:
      'HWBB resolution delegating BCF plan sign-off to the Vice-Chair in the Chair’s absence',
    validFrom: new Date('2020-01-01T00:00:00Z'),
  });
}

/**
 * The Vice-Chair's delegation, and a third Board member's (Dr Sam Okafor, `offices.boardMember`,
 * `delegations.bcfApprovalMember`) of the same approval: a deputy for the Vice-Chair.
 */
export function withBoardMemberDelegation(spec: TenantSpec): void {
  withViceChairDelegation(spec);
  spec.offices.push({
    key: 'boardMember',
    title: 'Member for the CCG, Southampton Health and Wellbeing Board',
    organisation: 'council',
    holder: 'gp',
  });
  spec.delegations.push({
    key: 'bcfApprovalMember',
    body: 'hwbb',
    office: 'boardMember',
    scope: 'bcf-plan-approval',
    reference: 'HWBB resolution delegating BCF plan sign-off to a member when both chairs are away',
    validFrom: new Date('2020-01-01T00:00:00Z'),
  });
}

/**
 * The Chair away from 1 to 8 October 2021, Cllr Chris Lane (`cabinet`) deputising through the
 * Vice-Chair's delegation (a world with {@link withViceChairDelegation}), written in SQL as a data
 * fix would be, not by the use case: only the absences' own trigger moves the council's row
 * (migrations/1796441800000). The absence's id.
 */
export async function chairAwayBySql(ds: DataSource, world: BcfWorld): Promise<string> {
  const [{ id }]: { id: string }[] = await ds.query(
    `INSERT INTO absences (tenant_id, person_id, deputy_person_id, delegation_id, first_day, last_day,
                           recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, '2021-10-01', '2021-10-08', $2, now()) RETURNING id`,
    [
      world.tenantId,
      world.ids.people.chair,
      world.ids.people.cabinet,
      world.ids.delegations.bcfApprovalVice,
    ],
  );
  return id;
}

/** A role's links on a case, oldest first: who was asked, and whether the link is open or voided. */
export const linksOfRole = (ds: DataSource, caseId: string, role: string) =>
  ds.query<{ name: string; status: string }[]>(
    `SELECT p.name, l.status FROM action_links l JOIN people p ON p.id = l.person_id
      WHERE l.case_id = $1 AND l.role = $2 ORDER BY l.created_at, p.name`,
    [caseId, role],
  );

/** A case's roles (what each is bound to) and the people it awaits. */
export async function rolesAndAwaited(
  ds: DataSource,
  caseId: string,
): Promise<{ roles: Record<string, unknown>; awaited: string[] }> {
  const [c] = await ds.query<{ roles: Record<string, unknown>; awaited: string[] }[]>(
    'SELECT roles, awaiting_person_ids AS awaited FROM cases WHERE id = $1',
    [caseId],
  );
  return c;
}
