import {
  chainHash,
  contentOf,
  GENESIS_HASH,
  verifyChain,
  type StoredLink,
} from './audit-chain.service';
import {
  redactAnswerEvidence,
  type RedactionStatement,
  type SignedRedaction,
} from './audit-redaction.service';
import { CheckpointKey } from './checkpoint-key.service';

const OLD_EVIDENCE = {
  channel: 'email-link',
  linkId: 'l-1',
  response: 'approve',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (Windows NT 6.1) written-before-the-cut-over',
  stepUp: { method: 'emailed-code', verifiedAt: '2021-11-02T09:55:00.000Z', email: 'a@b.test' },
  documents: [],
};

/** A three-link chain whose second link records an answer the way it was before the cut-over. */
function oldChain(): StoredLink[] {
  const events = [
    { type: 'SEEK_AGREEMENT' },
    { type: 'AGREE', evidence: OLD_EVIDENCE },
    { type: 'PERSONAL_DATA_DISPOSED' },
  ];
  const links: StoredLink[] = [];
  let prev = GENESIS_HASH;
  events.forEach((event, i) => {
    const content = {
      tenantId: 't-1',
      caseId: 'c-1',
      seq: i + 1,
      recordedAt: `2021-11-0${i + 1}T10:00:00.000Z`,
      actor: { kind: 'person', personId: 'p-1', name: 'Dana Whitlock' },
      authority: { kind: 'office', role: 'chiefExecutive' },
      event,
      fromState: i === 0 ? null : 's',
      toState: 's',
    };
    const hash = chainHash(prev, content);
    links.push({ ...content, id: String(10 + i), prevHash: prev, hash });
    prev = hash;
  });
  return links;
}

/** Link `seq` redacted as retention does: its event replaced, a statement signed with `key`. */
function redact(links: StoredLink[], seq: number, key: CheckpointKey): StoredLink[] {
  return links.map((link) => {
    if (link.seq !== seq) return link;
    const r = redactAnswerEvidence(link.event)!;
    const statement: RedactionStatement = {
      format: 'ratify-audit-redaction/1',
      council: link.tenantId,
      caseId: link.caseId,
      seq: link.seq,
      recordId: link.id,
      hash: link.hash,
      prevHash: link.prevHash,
      redactedHash: chainHash(link.prevHash, { ...contentOf(link), event: r.event }),
      withheld: r.withheld,
      reason: 'linkEvidence: kept 6 years after the case closed',
      madeAt: '2028-01-01T00:00:00.000Z',
    };
    return { ...link, event: r.event, redaction: key.sign(statement) };
  });
}

const withStatement = (links: StoredLink[], seq: number, signed: SignedRedaction) =>
  links.map((l) => (l.seq === seq ? { ...l, redaction: signed } : l));

describe('an audit link written before the cut-over, redacted under a signed statement', () => {
  const key = CheckpointKey.ephemeral();

  it('loses the IP address, browser and step-up email and keeps everything else', () => {
    const r = redactAnswerEvidence({ type: 'AGREE', evidence: OLD_EVIDENCE })!;
    expect(JSON.stringify(r.event)).not.toMatch(/203\.0\.113\.7|Windows NT|a@b\.test/);
    expect(r.withheld).toEqual(['evidence.ip', 'evidence.userAgent', 'evidence.stepUp.email']);
    expect(r.event).toMatchObject({
      evidence: { linkId: 'l-1', response: 'approve', stepUp: { method: 'emailed-code' } },
    });
    // A link after the cut-over holds a commitment only; a redacted one holds nothing more.
    expect(redactAnswerEvidence({ evidence: { personal: { commitment: 'x' } } })).toBeNull();
    expect(redactAnswerEvidence(r.event)).toBeNull();
  });

  it('verifies under the council’s key, ending in the head it had before', () => {
    const before = verifyChain(oldChain(), 3, key.publicKey);
    const after = verifyChain(redact(oldChain(), 2, key), 3, key.publicKey);
    expect(after).toEqual({
      ok: true,
      records: 3,
      headHash: (before as { headHash: string }).headHash,
    });
  });

  it('fails without a statement, as any edit does', () => {
    const bare = redact(oldChain(), 2, key).map(({ redaction: _r, ...l }) => l);
    expect(verifyChain(bare, 3, key.publicKey)).toMatchObject({
      ok: false,
      problem: 'edited',
      atSeq: 2,
    });
  });

  it('fails when the statement is signed with another key than the council’s', () => {
    const forged = redact(oldChain(), 2, CheckpointKey.ephemeral());
    expect(verifyChain(forged, 3, key.publicKey)).toMatchObject({
      ok: false,
      problem: 'edited',
      atSeq: 2,
      detail: expect.stringContaining('redaction statement does not vouch'),
    });
  });

  it('fails when the signed statement was altered', () => {
    const links = redact(oldChain(), 2, key);
    const signed = links[1].redaction!;
    for (const change of [
      { reason: 'another reason' },
      { withheld: ['evidence.ip'] },
      { hash: 'f'.repeat(64) },
      { redactedHash: 'e'.repeat(64) },
    ]) {
      const altered = { ...signed, statement: { ...signed.statement, ...change } };
      expect(verifyChain(withStatement(links, 2, altered), 3, key.publicKey)).toMatchObject({
        ok: false,
        atSeq: 2,
      });
    }
  });

  it('fails when the redacted link is changed in any other way, or a statement is moved to another link', () => {
    const links = redact(oldChain(), 2, key);
    const edited = links.map((l) =>
      l.seq === 2 ? { ...l, actor: { kind: 'person', personId: 'p-2', name: 'Someone Else' } } : l,
    );
    expect(verifyChain(edited, 3, key.publicKey)).toMatchObject({ ok: false, atSeq: 2 });
    const moreRemoved = links.map((l) =>
      l.seq === 2 ? { ...l, event: { ...(l.event as object), evidence: {} } } : l,
    );
    expect(verifyChain(moreRemoved, 3, key.publicKey)).toMatchObject({ ok: false, atSeq: 2 });
    // The statement of link 2 put on link 3, whose event was emptied.
    const moved = withStatement(
      links.map((l) => (l.seq === 3 ? { ...l, event: { type: 'NOTHING' } } : l)),
      3,
      links[1].redaction!,
    );
    expect(verifyChain(moved, 3, key.publicKey)).toMatchObject({ ok: false, atSeq: 3 });
  });
});
