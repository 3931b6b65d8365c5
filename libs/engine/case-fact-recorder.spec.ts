import type { Actor } from '../core/actor.dto';
import { DomainError } from '../errors/domain.errors';
import { CaseFactRecorder } from './case-fact-recorder.service';

/*
 * A fact about a case (a document attached, requests chased, an email resent) is an officer's to
 * record: anyone else is refused in words, before anything is read, the fact's type beside them.
 */
describe('a case fact sent by someone who is not an officer', () => {
  it('is refused without the fact’s type in the words, which keep it in extra', async () => {
    const recorder = new CaseFactRecorder(
      {} as never,
      {} as never,
      {} as never,
      {} as never,
      {} as never,
    );
    const lead: Actor = {
      kind: 'person',
      tenantId: 'council-1',
      person: { id: 'p-1', tenantId: 'council-1', name: 'Ann Lee', email: 'a@x', isOfficer: false },
    };

    const refused = await recorder
      .record(
        'case-1',
        { type: 'DOCUMENT_ATTACHED', payload: {} },
        lead,
        { expectedVersion: 1 },
        () => Promise.resolve(),
      )
      .then(
        () => null,
        (e: unknown) => e,
      );

    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: 'NOT_AUTHORISED',
      detail:
        'Only a democratic services officer records this on a case: ask the officer running it.',
      extra: { event: 'DOCUMENT_ATTACHED' },
    });
  });
});
