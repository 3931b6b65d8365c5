import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { Hand } from '../governance/consensus.service';
import type { ItemOutcomeKind } from './item-outcome.entity';

export interface VoteRow {
  itemId: string;
  personId: string;
  name: string;
  hand: Hand;
}

export interface OutcomeRow {
  itemId: string;
  outcome: ItemOutcomeKind;
  tally: Record<string, number>;
  explanation: string[];
  quorumExplanation: string[];
  recordedAt: string;
}

/** The shows of hands on a meeting's items (the votes table) and the outcome each gave. */
@Injectable()
export class ItemOutcomesRepository {
  async votesOf(scope: TenantScope, m: Queryable, meetingId: string): Promise<VoteRow[]> {
    return m.query(
      `SELECT v.item_id AS "itemId", v.person_id AS "personId", p.name, v.hand
         FROM votes v JOIN people p ON p.id = v.person_id AND p.tenant_id = v.tenant_id
        WHERE v.tenant_id = $1 AND v.meeting_id = $2 ORDER BY p.name`,
      [scope.tenantId, meetingId],
    );
  }

  async outcomesOf(scope: TenantScope, m: Queryable, meetingId: string): Promise<OutcomeRow[]> {
    return m.query(
      `SELECT item_id AS "itemId", outcome, tally, explanation,
              quorum_explanation AS "quorumExplanation", recorded_at AS "recordedAt"
         FROM item_outcomes WHERE tenant_id = $1 AND meeting_id = $2`,
      [scope.tenantId, meetingId],
    );
  }

  /** The hands shown on an item and the outcome they gave, together. */
  async record(
    scope: TenantScope,
    m: Queryable,
    r: {
      meetingId: string;
      itemId: string;
      hands: { personId: string; hand: Hand }[];
      outcome: ItemOutcomeKind;
      tally: unknown;
      explanation: string[];
      quorumExplanation: string[];
      castingVote?: { hand: 'for' | 'against'; presidingPersonId: string; name: string };
      by: string;
      at: Date;
    },
  ): Promise<void> {
    for (const h of r.hands)
      await m.query(
        `INSERT INTO votes (tenant_id, meeting_id, item_id, person_id, hand) VALUES ($1, $2, $3, $4, $5)`,
        [scope.tenantId, r.meetingId, r.itemId, h.personId, h.hand],
      );
    await m.query(
      `INSERT INTO item_outcomes (tenant_id, meeting_id, item_id, outcome, tally, explanation, quorum_explanation, recorded_by, recorded_at, casting_vote)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        scope.tenantId,
        r.meetingId,
        r.itemId,
        r.outcome,
        JSON.stringify(r.tally),
        JSON.stringify(r.explanation),
        JSON.stringify(r.quorumExplanation),
        r.by,
        r.at,
        r.castingVote ? JSON.stringify(r.castingVote) : null,
      ],
    );
  }
}
