import type { TrailLink } from '../../../libs/audit/answer-evidence.service';
import type { Certificate } from '../../../libs/audit/certificate.service';
import { bcfDelegatedSignOffV2 } from '../../../libs/workflows/bcf-delegated-sign-off/bcf-delegated-sign-off-v2.template';
import { CasePageService } from './case-page.service';

describe('the case page’s timeline, for a role handed to a delegation', () => {
  const delegation = '0d6f3a4e-8b1c-4f2a-9e5d-7c3b2a1f0e98';
  const handed: TrailLink = {
    id: '4',
    prevHash: '',
    hash: '',
    tenantId: '6a0e5f4c-2b3d-4e1f-8a9b-0c1d2e3f4a5b',
    caseId: 'c',
    seq: 4,
    recordedAt: '2025-09-04T17:30:00Z',
    actor: { kind: 'person', name: 'Dana Whitlock' },
    authority: null,
    event: { type: 'REASSIGN_ROLE', reassign: 'delegatedApprover', holderId: delegation },
    fromState: null,
    toState: 'approval',
  };
  const cert = { entries: [] } as unknown as Certificate;

  it('names the delegation that takes the role, as the form offered it', async () => {
    const none = undefined as never;
    const page = new CasePageService(
      { manager: {} } as never,
      none,
      none,
      none,
      none,
      none,
      none,
      none,
      { namesOf: () => Promise.resolve(new Map<string, string>()) } as never,
      {
        labels: () =>
          Promise.resolve([
            { id: delegation, label: 'Deputy Director, under delegation from the Board (D-7)' },
          ]),
      } as never,
    );
    const [entry] = await page.timeline(handed.tenantId, bcfDelegatedSignOffV2, [handed], cert);
    expect(entry.recorded).toContainEqual({
      label: 'Who takes the role',
      value: 'Deputy Director, under delegation from the Board (D-7)',
    });
  });
});
