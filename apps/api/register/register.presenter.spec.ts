import { callInInWords } from '../cases/decision-notice.presenter';
import type {
  RegisterEntry,
  RegisterEntryOfNewerBuild,
} from '../../../libs/register/decision-register.service';
import type { DecisionNotice } from '../../../libs/workflows/decision-notice';
import { keyDecisionAndCallIn, registerJson } from './register.presenter';

/*
 * The register's list says of each decision whether it is key and where call-in stands, in one
 * phrase: never "not a key decision; not a key decision: not subject to call-in".
 */
describe('the register list’s words for a key decision and its call-in', () => {
  const listed = (keyDecision: boolean, status: string) =>
    keyDecisionAndCallIn(keyDecision, callInInWords({ status, explanation: [] }).callIn);

  it('says once, in plain words, that a decision which is not key is not subject to call-in', () => {
    // As an officer's notice records it, and as a JCB notice does.
    for (const status of [
      'not subject to call-in: not a key decision: not subject to call-in',
      'not a key decision: not subject to call-in',
    ]) {
      const words = listed(false, status);
      expect(words).toBe('not a key decision, so not subject to call-in');
      expect(words.split('key decision').length - 1).toBe(1);
    }
  });

  it('says "key decision" once for an officer’s key decision the council’s settings keep from call-in', () => {
    expect(
      listed(
        true,
        'not subject to call-in: a key decision taken by an officer: not subject to call-in under the council’s settings',
      ),
    ).toBe('key decision; not subject to call-in under the council’s settings');
  });

  it('says on the notice itself that a decision which is not key is therefore not subject to call-in', () => {
    for (const status of [
      'not subject to call-in: not a key decision: not subject to call-in',
      'not a key decision: not subject to call-in',
    ])
      expect(callInInWords({ status, explanation: [] }).callIn).toBe(
        'not a key decision, so not subject to call-in',
      );
  });

  it('puts a status that does not restate it after whether the decision is key', () => {
    expect(listed(true, 'call-in period running until 2025-09-12')).toBe(
      'key decision; call-in period running until Friday 12 September 2025',
    );
    expect(listed(false, 'not yet published')).toBe('not a key decision; not yet published');
  });
});

/*
 * The register's JSON gives of a decision its notice and audit head, and of one on a version this
 * build lacks what is kept, marked so: each entry's fields in the order written here, and nothing
 * else an entry may carry.
 */
describe('the register’s JSON of a decision', () => {
  const audit = { head: 'ab'.repeat(32), records: 7 };
  const notice = { caseId: 'case-1', title: 'Library opening hours' } as DecisionNotice;

  it('gives a decision with its notice by its case, reference, kind, exemption, notice and audit head', () => {
    const entry: RegisterEntry = {
      caseId: 'case-1',
      reference: 'SCC-2025-0001',
      kind: 'officer',
      exempt: true,
      exemptReasons: 'Paragraph 3',
      notice,
      audit,
    };
    const listed = { ...entry, auditRow: 'kept beside the case' } as RegisterEntry;
    expect(JSON.stringify(registerJson(listed))).toBe(JSON.stringify(entry));
  });

  it('gives a decision of a newer build marked so, with only what is kept of it', () => {
    const entry: RegisterEntryOfNewerBuild = {
      notInThisBuild: true,
      caseId: 'case-2',
      reference: 'SCC-2025-0002',
      kind: 'executive',
      publishedOn: '2025-08-19',
      keyDecision: null,
      audit,
    };
    const listed = { ...entry, title: 'Not to be shown' } as RegisterEntryOfNewerBuild;
    expect(JSON.stringify(registerJson(listed))).toBe(JSON.stringify(entry));
  });
});
