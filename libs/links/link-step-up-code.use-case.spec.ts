import { randomInt } from 'node:crypto';
import { ManualClock } from '../core/clock.service';
import { LinkStepUpCodeUseCase } from './link-step-up-code.use-case';
import type { LinkStepUpRepository } from './link-step-up.repository';
import { LinkStepUps } from './link-step-up.service';
import { LinkTokens } from './link-token.service';
import type { StaffMailer } from '../staff/staff-mail.service';

jest.mock('node:crypto', () => ({
  ...jest.requireActual<typeof import('node:crypto')>('node:crypto'),
  randomInt: jest.fn(),
}));

const tokens = new LinkTokens(Buffer.alloc(32, 7));
const link = {
  id: 'link-1',
  tenantId: 'council-1',
  status: 'open',
  personName: 'Dana',
  personEmail: 'dana@example.org',
  caseTitle: 'A decision',
};

/** The use case with a link whose step-up is an emailed code, and what it stored and sent. */
function sending(earlierCodes: string[], lastSentAt = new Date('2026-12-05T11:59:00Z')) {
  const added: string[] = [];
  const addedAt: Date[] = [];
  const mailed: string[] = [];
  const repo = {
    linkByTokenHash: async () => link,
    codesSentSince: async () =>
      earlierCodes.map((_, i) => new Date(lastSentAt.getTime() - i)).reverse(),
    codesOf: async () =>
      earlierCodes.map((code, i) => ({
        id: `code-${i}`,
        codeHash: tokens.codeHashFor(link.id, code),
        attempts: 0,
        usedAt: null,
        expiresAt: new Date(),
      })),
    addCode: async (_scope: unknown, code: { codeHash: string; at: Date }) => {
      added.push(code.codeHash);
      addedAt.push(code.at);
      return 'new-code';
    },
    dropUnsentCode: async () => undefined,
    logOnLink: async () => undefined,
  } as unknown as LinkStepUpRepository;
  const stepUps = { providerFor: async () => null } as unknown as LinkStepUps;
  const mailer = {
    send: async (m: { paragraphs: string[] }) => {
      mailed.push(m.paragraphs[0]);
      return true;
    },
  } as unknown as StaffMailer;
  const useCase = new LinkStepUpCodeUseCase(
    repo,
    stepUps,
    tokens,
    mailer,
    new ManualClock(new Date('2026-12-05T12:00:00Z')),
  );
  return { useCase, added, addedAt, mailed };
}

describe('a new step-up code', () => {
  beforeEach(() => jest.spyOn(LinkStepUps, 'requirementOf').mockReturnValue('emailed-code'));
  afterEach(() => jest.restoreAllMocks());

  it('is never one the link was sent in the day before, even when chance draws it again', async () => {
    jest
      .mocked(randomInt)
      .mockImplementationOnce(() => 123456)
      .mockImplementationOnce(() => 42)
      .mockImplementationOnce(() => 654321);
    const { useCase, added, mailed } = sending(['123456', '000042']);
    const sent = await useCase.send('a'.repeat(43), tokens.csrfFor(link.id), {
      ip: null,
      userAgent: null,
    });
    expect(sent).toEqual({ ok: true, sentTo: 'd***@example.org', replacesEarlier: true });
    expect(mailed).toEqual(['Your code is 654321']);
    expect(added).toEqual([tokens.codeHashFor(link.id, '654321')]);
  });

  it('is sent after the code it replaces even when the clock has not moved on since that one', async () => {
    jest.mocked(randomInt).mockImplementation(() => 111111);
    const now = new Date('2026-12-05T12:00:00Z');
    const same = sending(['222222'], now);
    await same.useCase.send('a'.repeat(43), tokens.csrfFor(link.id), { ip: null, userAgent: null });
    expect(same.addedAt).toEqual([new Date(now.getTime() + 1)]);
    const later = sending(['222222'], new Date(now.getTime() - 60_000));
    await later.useCase.send('a'.repeat(43), tokens.csrfFor(link.id), {
      ip: null,
      userAgent: null,
    });
    expect(later.addedAt).toEqual([now]);
  });
});
