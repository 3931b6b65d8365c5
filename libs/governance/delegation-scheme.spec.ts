import { checkAmendment, checkGrant, checkRevocation } from './delegation-scheme.service';

const at = (iso: string) => new Date(iso);
const now = at('2026-12-03T10:00:00Z');
const period = (from: string, until: string | null = null, revoked: string | null = null) => ({
  validFrom: at(from),
  validUntil: until ? at(until) : null,
  revokedAt: revoked ? at(revoked) : null,
});

describe('the scheme of delegation’s rules', () => {
  const delegate = { officeId: 'chief', title: 'Chief Executive', delegatedOnward: [] };

  it('lets an office delegate a scope it held by delegation only before, or after, the grant', () => {
    const grantor = {
      kind: 'office' as const,
      officeId: 'chair',
      title: 'Chair',
      holds: [
        {
          ...period('2020-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
          scope: 'approve',
          reference: 'minute 1',
          grantorName: 'Board',
        },
      ],
    };
    const grant = (from: string) => ({ ...period(from), scope: 'approve', delegate });
    expect(checkGrant(grantor, grant('2026-01-01T00:00:00Z'))).toEqual({ ok: true });
    expect(checkGrant(grantor, grant('2025-12-31T00:00:00Z'))).toMatchObject({
      ok: false,
      code: 'CASCADE_FORBIDDEN',
    });
    expect(checkGrant(grantor, { ...grant('2025-12-31T00:00:00Z'), scope: 'another' })).toEqual({
      ok: true,
    });
  });

  it('moves the start of a delegation not yet in force, and never into the past', () => {
    const future = period('2027-01-01T00:00:00Z');
    expect(checkAmendment(future, period('2026-12-03T00:00:00Z'), now)).toEqual({ ok: true });
    expect(checkAmendment(future, period('2026-12-02T00:00:00Z'), now)).toMatchObject({
      code: 'HISTORY_STANDS',
    });
  });

  it('ends a delegation today or later, and leaves an ended one alone', () => {
    const open = period('2020-01-01T00:00:00Z');
    expect(
      checkAmendment(open, period('2020-01-01T00:00:00Z', '2026-12-04T00:00:00Z'), now),
    ).toEqual({ ok: true });
    expect(
      checkAmendment(open, period('2020-01-01T00:00:00Z', '2026-12-01T00:00:00Z'), now),
    ).toMatchObject({ code: 'HISTORY_STANDS' });
    const ended = period('2020-01-01T00:00:00Z', '2026-12-01T00:00:00Z');
    expect(checkAmendment(ended, ended, now)).toMatchObject({ code: 'DELEGATION_ENDED' });
    expect(checkRevocation(ended, now, now)).toMatchObject({ code: 'DELEGATION_ENDED' });
    expect(checkRevocation(open, now, now)).toEqual({ ok: true });
    expect(checkRevocation(open, at('2027-04-01T00:00:00Z'), now)).toEqual({ ok: true });
  });
});
