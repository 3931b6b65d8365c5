import { withEvidence } from './answer-evidence.service';
import { chainHash, GENESIS_HASH, verifyChain, type StoredLink } from './audit-chain.service';
import { commitEvidence, commitmentIn, evidenceMatches } from './evidence-commitment.service';
import type { KeptEvidence } from './response-evidence.repository';

const evidence = {
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148',
  stepUpEmail: 'dana.whitlock@southampton.test',
};

/** A one-link chain recording an answer whose event carries `answerEvidence`. */
function answerChain(answerEvidence: Record<string, unknown>): StoredLink[] {
  const content = {
    tenantId: 't-1',
    caseId: 'c-1',
    seq: 1,
    recordedAt: '2021-11-02T10:00:00.000Z',
    actor: { kind: 'person', personId: 'p-1', name: 'Dana Whitlock' },
    authority: { kind: 'office', role: 'chiefExecutive' },
    event: { type: 'AGREE', evidence: answerEvidence },
    fromState: 'a',
    toState: 'b',
  };
  return [{ ...content, id: '1', prevHash: GENESIS_HASH, hash: chainHash(GENESIS_HASH, content) }];
}

const kept = (row: Partial<KeptEvidence>): Map<number, KeptEvidence> =>
  new Map([
    [
      1,
      {
        seq: 1,
        linkId: 'l-1',
        content: null,
        salt: null,
        inChain: false,
        erasedAt: null,
        ...row,
      },
    ],
  ]);

describe('the commitment an audit link holds to an answer’s personal evidence', () => {
  it('matches the evidence it was made from, and nothing else', () => {
    const { salt, onChain } = commitEvidence(evidence);
    expect(onChain.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(evidenceMatches(evidence, salt, onChain)).toBe(true);
    expect(evidenceMatches({ ...evidence, ip: '203.0.113.8' }, salt, onChain)).toBe(false);
    expect(evidenceMatches({ ...evidence, stepUpEmail: undefined }, salt, onChain)).toBe(false);
    const other = commitEvidence(evidence);
    expect(evidenceMatches(evidence, other.salt, onChain)).toBe(false);
  });

  it('is salted afresh each time, so the same evidence never gives the same commitment twice', () => {
    expect(commitEvidence(evidence).onChain.commitment).not.toBe(
      commitEvidence(evidence).onChain.commitment,
    );
  });

  it('keeps the chain verifying whether the evidence beside it is kept, altered or erased', () => {
    const { salt, onChain } = commitEvidence(evidence);
    const chain = answerChain({ channel: 'email-link', personal: onChain });
    expect(JSON.stringify(chain)).not.toContain('203.0.113.7');
    expect(verifyChain(chain, 1)).toMatchObject({ ok: true, records: 1 });
    expect(commitmentIn(chain[0].event)).toEqual(onChain);

    const [shownKept] = withEvidence(chain, kept({ content: evidence, salt }));
    expect(shownKept.personalEvidence).toEqual({ state: 'kept', ...evidence, matchesChain: true });
    const [shownAltered] = withEvidence(
      chain,
      kept({ content: { ...evidence, ip: '198.51.100.1' }, salt }),
    );
    expect(shownAltered.personalEvidence).toMatchObject({ state: 'kept', matchesChain: false });
    const erasedAt = new Date('2028-01-01T00:00:00Z');
    const [shownErased] = withEvidence(chain, kept({ erasedAt }));
    expect(shownErased.personalEvidence).toEqual({
      state: 'erased',
      erasedAt: erasedAt.toISOString(),
    });
    expect(withEvidence(chain, new Map())[0].personalEvidence).toEqual({ state: 'missing' });
    // The chain itself is what it was in every case.
    expect(verifyChain(chain, 1)).toMatchObject({ ok: true });
  });

  it('reads the evidence of a link written before the cut-over from the link itself, which still verifies', () => {
    const chain = answerChain({
      channel: 'email-link',
      ip: evidence.ip,
      userAgent: evidence.userAgent,
      stepUp: { method: 'emailed-code', verifiedAt: '2021-11-02T09:55:00.000Z', email: 'a@b.test' },
    });
    expect(verifyChain(chain, 1)).toMatchObject({ ok: true, records: 1 });
    expect(commitmentIn(chain[0].event)).toBeNull();
    expect(withEvidence(chain, new Map())[0].personalEvidence).toEqual({
      state: 'kept',
      ip: evidence.ip,
      userAgent: evidence.userAgent,
      stepUpEmail: 'a@b.test',
      matchesChain: null,
    });
  });
});
