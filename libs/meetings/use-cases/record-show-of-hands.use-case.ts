import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { scopeOf } from '../../core/tenant-scope';
import { GovernanceRuleError, InvalidInputError } from '../../errors/domain.errors';
import { decideVote, type ConsensusOutcome } from '../../governance/consensus.service';
import { decidedOutcome } from '../../governance/decided-outcome.service';
import type { ItemOutcomeKind } from '../item-outcome.entity';
import { ItemOutcomesRepository } from '../item-outcomes.repository';
import { assessItem } from '../meeting-assessment.service';
import { MeetingCaseBridge } from '../meeting-case-bridge.service';
import { refuseBeforeTheMeeting } from '../meeting-dates.service';
import { AgendaItemNotFoundError } from '../meeting.errors';
import { parse, showOfHandsBody } from '../meeting-input.schema';
import { MeetingLoader } from '../meeting-loader.service';
import { MeetingRecordReader, partnerNamesOf } from '../meeting-record.service';
import { officerOnly, refuseIfDecided, refuseUnlessBodysPeople } from '../meeting-refusals.service';

const OUTCOME: Record<
  Exclude<ConsensusOutcome, 'inquorate'> | 'carried' | 'lost',
  ItemOutcomeKind
> = {
  consensus: 'consensus',
  noConsensusDeferred: 'deferred',
  noConsensusReferredBack: 'referredBack',
  carried: 'carried',
  lost: 'lost',
};

/** The field at fault when the casting vote is missing, not wanted, or cast by the wrong person. */
const CASTING_FIELD: Partial<Record<string, string>> = {
  CASTING_VOTE_REQUIRED: 'castingVote.hand',
  CASTING_VOTE_WITHOUT_A_TIE: 'castingVote.hand',
  CASTING_VOTE_NOT_UNDER_CONSENSUS: 'castingVote.hand',
  PRESIDING_MEMBER_NOT_VOTING: 'castingVote.presidingPersonId',
};

/**
 * The show of hands on an item: notices met, quorate with exclusions, every eligible hand; for an
 * item linked to a case whose template takes meeting outcomes, the case's events too, in the same
 * transaction (meeting-case-bridge.service.ts): the case refusing them refuses the show of hands.
 */
@Injectable()
export class RecordShowOfHandsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly loader: MeetingLoader,
    private readonly reader: MeetingRecordReader,
    private readonly outcomes: ItemOutcomesRepository,
    private readonly bridge: MeetingCaseBridge,
  ) {}

  async record(
    meetingId: string,
    itemId: string,
    input: unknown,
    actor: Actor,
  ): Promise<ItemOutcomeKind> {
    const by = officerOnly(actor, 'A show of hands');
    const b = parse(showOfHandsBody, input, 'show of hands');
    const scope = scopeOf(actor);
    return this.ds.transaction(async (m) => {
      const meeting = await this.loader.lock(scope, m, meetingId);
      refuseBeforeTheMeeting(
        'the show of hands',
        'SHOW_OF_HANDS_BEFORE_THE_MEETING',
        meeting,
        this.loader.today(),
      );
      const rules = await this.loader.rulesOf(scope, m, meeting);
      const record = await this.reader.record(scope, m, meeting);
      const item = record.items.find((i) => i.id === itemId);
      if (!item) throw new AgendaItemNotFoundError(itemId);
      refuseIfDecided(record.outcomes, item);
      const linked = await this.bridge.linkedCase(m, actor, item);
      const a = assessItem(record, rules, item);
      if (!a.notices.ok) {
        const failed = a.notices.verdicts.filter((v) => !v.met);
        throw new GovernanceRuleError(
          failed[0].code,
          `"${item.title}" cannot be decided at this meeting: a notice rule is not met.`,
          failed.flatMap((v) => v.explanation),
        );
      }
      if (a.quorum.refusal)
        throw new GovernanceRuleError(
          a.quorum.refusal,
          'The recorded attendance no longer fits the body’s members: record it again.',
          a.quorum.explanation,
        );
      // Hands come only from the body's members and their substitutes in the attendance.
      const claim = { attendance: record.attendance, declarations: [], hands: b.hands };
      refuseUnlessBodysPeople(
        await this.loader.bodyOn(scope, m, meeting, claim),
        meeting,
        claim,
        'The show of hands is refused',
      );
      const d = decideVote(rules.decision, {
        quorum: { quorate: a.quorum.quorate, roll: a.quorum.roll },
        partnerNames: partnerNamesOf(record.members, rules),
        hands: b.hands,
        chairChoice: b.chairChoice,
        castingVote: b.castingVote,
      });
      if (!d.ok) {
        const last = d.explanation[d.explanation.length - 1];
        const field = CASTING_FIELD[d.code];
        throw new GovernanceRuleError(
          d.code,
          `The show of hands is refused: ${last}.`,
          d.code === 'VOTE_WHEN_INQUORATE'
            ? [...d.explanation, ...a.quorum.explanation]
            : d.explanation,
          field ? { problems: [{ path: field, message: last }] } : {},
        );
      }
      if (d.outcome === 'inquorate')
        throw new GovernanceRuleError(
          'VOTE_WHEN_INQUORATE',
          'The meeting is not quorate for this item: no vote can be taken.',
          [...d.explanation, ...a.quorum.explanation],
        );
      const outcome = OUTCOME[d.outcome];
      // The linked case takes the same outcome, or the show of hands is refused whole.
      const carried = await this.bridge.carry(
        m,
        actor,
        linked,
        record,
        item,
        {
          hands: b.hands,
          chairChoice: b.chairChoice,
          decided: decidedOutcome(rules.decision.kind, d) ?? undefined,
        },
        { expectedCaseVersion: b.expectedCaseVersion },
      );
      if (!carried && b.expectedCaseVersion !== undefined)
        throw new InvalidInputError(
          'expectedCaseVersion is for an item linked to a case that takes meeting outcomes.',
          [{ path: 'expectedCaseVersion', message: 'leave it out: no case takes this outcome' }],
        );
      await this.outcomes.record(scope, m, {
        meetingId,
        itemId,
        hands: b.hands,
        outcome,
        tally: d.tally,
        explanation: d.explanation,
        quorumExplanation: a.quorum.explanation,
        castingVote: 'castingVote' in d ? d.castingVote : undefined,
        by,
        at: this.clock.now(),
      });
      return outcome;
    });
  }
}
