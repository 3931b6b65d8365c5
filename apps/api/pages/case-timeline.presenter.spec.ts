import { z } from 'zod';
import type { TrailLink } from '../../../libs/audit/answer-evidence.service';
import type { Certificate } from '../../../libs/audit/certificate.service';
import { jcbDelegatedDecisionV5 } from '../../../libs/workflows/jcb-delegated-decision/jcb-delegated-decision-v5.template';
import { jcbDelegatedDecisionV6 } from '../../../libs/workflows/jcb-delegated-decision/jcb-delegated-decision-v6.template';
import { officerDelegatedDecisionV1 } from '../../../libs/workflows/officer-delegated-decision/officer-delegated-decision.template';
import { deadlineWords } from '../../../libs/workflows/template-emails';
import { listTemplates } from '../../../libs/workflows/template.registry';
import { fieldWords } from '../../../libs/workflows/template-words.registry';
import { caseTimeline, recordedIds } from './case-timeline.presenter';

describe('the people a step recorded, on the case timeline', () => {
  const ann = '164d9f6a-82e2-438f-879b-e91477bb3f64';
  const gone = '5048cd06-19bb-47df-9c1e-0e2b7d7e0a11';
  const draft: TrailLink = {
    id: '1',
    prevHash: '',
    hash: '',
    tenantId: 't',
    caseId: 'c',
    seq: 7,
    recordedAt: '2025-09-04T17:30:00Z',
    actor: { kind: 'person', name: 'Dana Whitlock' },
    authority: null,
    event: {
      type: 'DRAFT_DECISION',
      decision: 'Award the contract',
      cabinetMembersAgreeing: [ann, gone.toUpperCase()],
    },
    fromState: null,
    toState: 'decision.awaiting',
  };
  const cert = { entries: [] } as unknown as Certificate;

  it('lists the ids its steps recorded, once each', () => {
    expect(recordedIds([draft, draft])).toEqual([ann, gone]);
  });

  it('names them, and never shows an id the directory no longer has', () => {
    const [entry] = caseTimeline(
      jcbDelegatedDecisionV5,
      [draft],
      cert,
      new Map([[ann, 'Ann Shah']]),
    );
    expect(entry.recorded).toContainEqual({
      label: 'Cabinet members who agreed',
      value: 'Ann Shah; someone no longer in the directory',
    });
    expect(JSON.stringify(entry)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
  });
});

describe('the forward plan’s edition, on the case timeline', () => {
  const edition = '9b2c6a52-3f0e-4c55-8f0b-2a7e9d1c4b60';
  const link = (seq: number, event: Record<string, unknown>): TrailLink => ({
    id: String(seq),
    prevHash: '',
    hash: '',
    tenantId: 't',
    caseId: 'c',
    seq,
    recordedAt: '2025-09-04T17:30:00Z',
    actor: { kind: 'system' },
    authority: null,
    event,
    fromState: null,
    toState: 'notices',
  });
  const cert = { entries: [] } as unknown as Certificate;

  it('is not shown as a person no longer in the directory, nor as an id', () => {
    const entries = caseTimeline(
      jcbDelegatedDecisionV6,
      [
        link(2, { type: 'FORWARD_PLAN_PUBLISHED', publishedOn: '2025-07-01', edition }),
        link(3, {
          type: 'RECORD_NOTICES',
          keyDecision: true,
          forwardPlanPublishedOn: '2025-07-01',
          forwardPlanEdition: edition,
        }),
      ],
      cert,
      new Map(),
    );
    const text = JSON.stringify(entries);
    expect(text).toContain('1 July 2025');
    expect(text).not.toContain('no longer in the directory');
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
  });
});

describe('a choice a step recorded, on the case timeline', () => {
  const cert = { entries: [] } as unknown as Certificate;
  /** Each top-level field of an event's payload that holds one of a fixed set of values. */
  const choices = listTemplates().flatMap((t) =>
    Object.entries(t.events).flatMap(([type, spec]) => {
      const schema = z.toJSONSchema(spec.payload, { unrepresentable: 'any', io: 'input' }) as {
        properties?: Record<string, { enum?: unknown[]; anyOf?: { enum?: unknown[] }[] }>;
      };
      return Object.entries(schema.properties ?? {}).flatMap(([field, p]) =>
        [...(p.enum ?? []), ...(p.anyOf ?? []).flatMap((a) => a.enum ?? [])]
          .filter((v): v is string => typeof v === 'string')
          .map(
            (value) =>
              [`${t.id}@${t.version} ${type}.${field} ${value}`, t, type, field, value] as const,
          ),
      );
    }),
  );

  it('finds the choices the templates record, the meeting’s outcome and the deadlines among them', () => {
    const named = choices.map(([name]) => name);
    expect(named).toEqual(
      expect.arrayContaining([
        'jcb-delegated-decision@8 RECORD_SHOW_OF_HANDS.outcome noConsensusReferredBack',
        'grant-ratification@3 DEADLINE_PASSED.key cabinet',
        'pharmacy-consolidation-representation@2 RECORD_DECISION.opinion noGap',
      ]),
    );
  });

  it.each(choices)('%s is shown in words, not as its key', (_, t, type, field, value) => {
    const link: TrailLink = {
      id: '1',
      prevHash: '',
      hash: '',
      tenantId: 't',
      caseId: 'c',
      seq: 4,
      recordedAt: '2025-09-04T17:30:00Z',
      actor: { kind: 'system' },
      authority: null,
      event: { type, [field]: value },
      fromState: null,
      toState: 'next',
    };
    const [entry] = caseTimeline(t, [link], cert);
    const words = fieldWords(t, type, field);
    const shown = entry.recorded.find((r) => r.label === words.label);
    if (words.hidden) return expect(shown).toBeUndefined();
    // The template's own words for the value: the deadline's name, or the choice as offered.
    const own = ['DEADLINE_PASSED', 'REMINDER_DUE'].includes(type)
      ? Object.hasOwn(t.emails.deadlines, value) && deadlineWords(t, value)
      : words.options?.[value];
    expect({ own: !!own, shown: shown?.value }).toEqual({ own: true, shown: own });
    expect(shown?.value).not.toMatch(/[a-z][A-Z]/);
  });
});

describe('what an officer decision’s publication recorded, on its certificate', () => {
  const cert = { entries: [] } as unknown as Certificate;
  const step = (seq: number, event: Record<string, unknown>): TrailLink => ({
    id: String(seq),
    prevHash: '',
    hash: '',
    tenantId: 't',
    caseId: 'c',
    seq,
    recordedAt: '2025-09-08T10:00:00Z',
    actor: { kind: 'person', name: 'Dana Whitlock' },
    authority: null,
    event,
    fromState: null,
    toState: 'implementable',
  });

  it('labels the call-in the template wrote and its key decision check in a governance lead’s words', () => {
    const [decided, published] = caseTimeline(
      officerDelegatedDecisionV1,
      [
        step(4, {
          type: 'RECORD_DECISION',
          decision: 'Extend the pilot',
          decidedOn: '2025-09-08',
          reasons: 'It works',
          keyDecisionCheck: ['the matter is not a key decision: no forward plan notice needed'],
        }),
        step(5, {
          type: 'RECORD_PUBLICATION',
          publishedOn: '2025-09-08',
          callIn: null,
          callInExplanation: ['not a key decision: not subject to call-in'],
        }),
      ],
      cert,
      new Map(),
    );
    expect(published.recorded).toEqual([
      { label: 'Date of publication', value: 'Monday 8 September 2025' },
      { label: 'Call-in', value: 'not a key decision, so not subject to call-in' },
    ]);
    expect(decided.recorded).toContainEqual({
      label: 'Whether it is a key decision',
      value: 'the matter is not a key decision: no forward plan notice needed',
    });
    expect(JSON.stringify([decided, published])).not.toMatch(
      /Call in explanation|Key decision check/,
    );
  });

  it('shows what a person typed as they typed it, even when it begins as the call-in line does', () => {
    const [decided] = caseTimeline(
      officerDelegatedDecisionV1,
      [
        step(4, {
          type: 'RECORD_DECISION',
          decision: 'Extend the pilot',
          decidedOn: '2025-09-08',
          reasons: 'not a key decision: the sums are small',
        }),
      ],
      cert,
      new Map(),
    );
    expect(decided.recorded).toContainEqual(
      expect.objectContaining({ value: 'not a key decision: the sums are small' }),
    );
  });
});
