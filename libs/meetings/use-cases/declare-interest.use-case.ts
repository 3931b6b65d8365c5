import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { scopeOf } from '../../core/tenant-scope';
import { GovernanceRuleError } from '../../errors/domain.errors';
import { validateDispensation } from '../../governance/interests.service';
import { DispensationsRepository } from '../dispensations.repository';
import { InterestDeclarationsRepository } from '../interest-declarations.repository';
import { AgendaItemNotFoundError } from '../meeting.errors';
import { declarationBody, parse, type DeclarationInput } from '../meeting-input.schema';
import { MeetingLoader } from '../meeting-loader.service';
import { MeetingRecordReader } from '../meeting-record.service';
import { officerOnly, refuseIfDecided, refuseUnlessBodysPeople } from '../meeting-refusals.service';

type Dispensation = NonNullable<DeclarationInput['dispensation']>;

/**
 * A member declares an interest in an item, with a dispensation given inline or from the
 * register; only the body's members and their substitutes in the attendance declare.
 */
@Injectable()
export class DeclareInterestUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly loader: MeetingLoader,
    private readonly reader: MeetingRecordReader,
    private readonly dispensations: DispensationsRepository,
    private readonly declarations: InterestDeclarationsRepository,
  ) {}

  async declare(meetingId: string, itemId: string, input: unknown, actor: Actor): Promise<void> {
    officerOnly(actor, 'A declaration of interest');
    const b = parse(declarationBody, input, 'declaration');
    const scope = scopeOf(actor);
    await this.ds.transaction(async (m) => {
      const meeting = await this.loader.lock(scope, m, meetingId);
      await this.loader.rulesOf(scope, m, meeting);
      const record = await this.reader.record(scope, m, meeting);
      const item = record.items.find((i) => i.id === itemId);
      if (!item) throw new AgendaItemNotFoundError(itemId);
      refuseIfDecided(record.outcomes, item);
      // Only the body's members and their substitutes in the attendance declare (record it first).
      const claim = { attendance: record.attendance, declarations: [b], hands: [] };
      refuseUnlessBodysPeople(
        await this.loader.bodyOn(scope, m, meeting, claim),
        meeting,
        claim,
        'The declaration cannot be recorded',
      );
      if (b.dispensationId) {
        const d = await this.dispensations.inForce(scope, m, b.dispensationId, b.personId);
        if (!d) {
          throw new GovernanceRuleError(
            'DISPENSATION_NOT_FOUND',
            'There is no dispensation in force for this person with the one chosen.',
            // Said without the ids: a page shows these lines, and the caller knows what it sent.
            [
              'the dispensation chosen is not in the register for the person declaring, or has been revoked',
            ],
          );
        }
        // The declaration keeps the dispensation as it stood, like the inline form.
        b.dispensation = {
          id: d.id,
          grantor: d.grantor,
          ground: d.ground as Dispensation['ground'],
          relievesFrom: d.relievesFrom as Dispensation['relievesFrom'],
          grantedOn: d.grantedOn,
          endsOn: d.endsOn,
        };
      }
      if (b.dispensation) {
        const v = validateDispensation({
          ...b.dispensation,
          personId: b.personId,
          matters: [itemId],
        });
        if (!v.ok)
          throw new GovernanceRuleError(
            v.code,
            `The dispensation is not valid: ${v.explanation.join('; ')}.`,
            v.explanation,
          );
      }
      await this.declarations.insert(scope, m, {
        meetingId,
        itemId,
        personId: b.personId,
        kind: b.kind,
        details: b.details,
        dispensation: b.dispensation ?? null,
        at: this.clock.now(),
      });
    });
  }
}
