import type { AuditFact } from './webhook-facts.repository';
import { webhooksOf } from './webhook-fan-out.service';

/** What an audit record says to subscribers, without a database. */
describe('the webhooks an audit record gives rise to', () => {
  const record = (over: Partial<AuditFact>): AuditFact => ({
    id: '7',
    txid: '100',
    caseId: '00000000-0000-4000-8000-000000000007',
    reference: 'SCC-2021-0007',
    seq: 9,
    recordedAt: new Date('2021-12-01T10:00:00Z'),
    fromState: 'published',
    toState: 'published',
    event: { type: 'NOTE' },
    title: 'Care home fees uplift',
    templateId: 'jcb-delegated-decision',
    templateVersion: 1,
    awaiting: [],
    deadlineDueAt: null,
    ...over,
  });

  it('says a decision was published when a publishing template records its publication', () => {
    const [w] = webhooksOf(
      record({
        event: {
          type: 'RECORD_PUBLICATION',
          publishedOn: '2021-12-01',
          callInEndsOn: '2021-12-08',
        },
      }),
    );
    expect(w.sourceKey).toBe('decision.published:00000000-0000-4000-8000-000000000007:9');
    expect(w.message).toMatchObject({
      type: 'decision.published',
      timestamp: '2021-12-01T10:00:00.000Z',
      data: { publishedOn: '2021-12-01', callInEndsOn: '2021-12-08', implementableFrom: null },
    });
  });

  it('says nothing of a publication on a template that publishes no decisions', () => {
    const event = { type: 'RECORD_PUBLICATION', publishedOn: '2021-12-01' };
    expect(webhooksOf(record({ templateId: 'bcf-delegated-sign-off', event }))).toEqual([]);
  });

  it('says nothing of a record that neither opens, moves, asks nor warns', () => {
    expect(webhooksOf(record({}))).toEqual([]);
  });

  it('gives a move and the requests it made each their own key', () => {
    const awaiting = [
      { role: 'ceo', actingAs: 'Chief Executive', name: 'A', request: 'r', deadline: null },
    ];
    const out = webhooksOf(record({ fromState: 'drafting', toState: 'agreement', awaiting }));
    expect(out.map((w) => w.sourceKey.split(':')[0])).toEqual(['case.moved', 'case.awaiting']);
  });
});
