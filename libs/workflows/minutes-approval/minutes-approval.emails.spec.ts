import { minutesApprovalEmails } from './minutes-approval.emails';

/** Who the minutes emails say signs, from the case's context (`factsOf`), for every version. */
describe('minutes approval emails: who signs, in words', () => {
  const factsOf = minutesApprovalEmails.factsOf!;
  const escalation = minutesApprovalEmails.messages['minutes-overdue'];

  it('says nothing of a signer before the approval, the chair or the vice-chair in the chair’s place after', () => {
    expect(factsOf({ signer: null })).toEqual({});
    expect(factsOf({ signer: { role: 'chair', inPlaceOf: null, because: null } })).toEqual({
      signer: 'the chair',
    });
    expect(
      factsOf({ signer: { role: 'viceChair', inPlaceOf: 'Cllr Alex Rowe', because: 'away' } }),
    ).toEqual({ signer: 'the vice-chair in the place of the chair (Cllr Alex Rowe)' });
  });

  it('names the member who presided as such, not as the vice-chair', () => {
    const named = factsOf({
      signer: {
        role: 'presiding',
        inPlaceOf: 'Cllr Alex Rowe',
        because: 'x',
        name: 'Cllr Sarah Bogle',
      },
    });
    expect(named).toEqual({ signer: 'the member who presided at the meeting (Cllr Sarah Bogle)' });
    expect(
      factsOf({ signer: { role: 'presiding', inPlaceOf: null, because: 'x', name: null } }),
    ).toEqual({ signer: 'the member who presided at the meeting' });
    expect(escalation({ caseTitle: 'HWBB minutes', ...named } as never).lead).toBe(
      'The Board approved the minutes at its meeting, and the day has passed without them being signed by the member who presided at the meeting (Cllr Sarah Bogle).',
    );
  });

  it('escalates unapproved minutes as not approved by the meeting', () => {
    const before = escalation({ caseTitle: 'HWBB minutes', ...factsOf({ signer: null }) } as never);
    expect(before.subject).toBe('Escalation: minutes not approved by the meeting: HWBB minutes');
    expect(before.lead).toBe(
      'The meeting at which the minutes were to be approved has passed without them being approved and signed.',
    );
  });

  it('escalates approved minutes as approved but not yet signed, in every version', () => {
    const v4 = factsOf({ signer: { role: 'chair', inPlaceOf: null, because: null } });
    // Version 1's context has no signer: its approval is its resolution, and the chair signs.
    const v1 = factsOf({ resolution: { meetingDate: '2021-11-17', minuteReference: '6' } });
    for (const facts of [v4, v1]) {
      const after = escalation({ caseTitle: 'HWBB minutes', ...facts } as never);
      expect(after.subject).toBe('Escalation: minutes approved but not yet signed: HWBB minutes');
      expect(after.lead).toBe(
        'The Board approved the minutes at its meeting, and the day has passed without them being signed by the chair.',
      );
    }
  });
});
