import type { TenantSpec } from '../directory/tenant-setup.service';
import { hwbbRules, jcbRules } from '../governance/body-rules.schema';

/**
 * A Southampton-like directory from the seeds' bodies and offices (002, 001), with invented people
 * at example.org: a demo must never be able to email a real council officer.
 */
export function southamptonLikeDirectory(opts: {
  slug: string;
  name: string;
  emailDomain: string;
  apiKeys: Record<'officer' | 'chiefExecutive' | 'accountableOfficer' | 'chair' | 'member', string>;
  delegationFrom: Date;
}): TenantSpec {
  const at = (local: string) => `${local}@${opts.emailDomain}`;
  return {
    slug: opts.slug,
    name: opts.name,
    organisations: [
      { key: 'council', name: 'Southampton City Council', kind: 'local_authority' },
      { key: 'ccg', name: 'NHS Southampton City CCG', kind: 'ccg' },
      { key: 'healthwatch', name: 'Healthwatch Southampton', kind: 'healthwatch' },
      {
        key: 'region',
        name: 'NHS England and Improvement South East (regional BCF team)',
        kind: 'nhs_region',
      },
    ],
    people: [
      {
        key: 'officer',
        name: 'Dana Whitlock',
        email: at('dana.whitlock'),
        organisation: 'council',
        isOfficer: true,
        apiKey: opts.apiKeys.officer,
      },
      {
        key: 'ceo',
        name: 'Morgan Hale',
        email: at('morgan.hale'),
        organisation: 'council',
        apiKey: opts.apiKeys.chiefExecutive,
      },
      {
        key: 'ao',
        name: 'Priya Natarajan',
        email: at('priya.natarajan'),
        organisation: 'ccg',
        apiKey: opts.apiKeys.accountableOfficer,
      },
      {
        key: 'chair',
        name: 'Cllr Alex Rowe',
        email: at('alex.rowe'),
        organisation: 'council',
        isElectedMember: true,
        apiKey: opts.apiKeys.chair,
      },
      {
        key: 'gp',
        name: 'Dr Sam Okafor',
        email: at('sam.okafor'),
        organisation: 'ccg',
        apiKey: opts.apiKeys.member,
      },
      {
        key: 'healthwatch',
        name: 'Jo Barnes',
        email: at('jo.barnes'),
        organisation: 'healthwatch',
      },
      {
        key: 'cabinet',
        name: 'Cllr Chris Lane',
        email: at('chris.lane'),
        organisation: 'council',
        isElectedMember: true,
      },
      {
        key: 'governanceLead',
        name: 'Lee Morgan',
        email: at('lee.morgan'),
        organisation: 'council',
      },
    ],
    offices: [
      {
        key: 'ceo',
        title: 'Chief Executive, Southampton City Council',
        organisation: 'council',
        holder: 'ceo',
      },
      {
        key: 'ao',
        title: 'Accountable Officer, NHS Southampton City CCG',
        organisation: 'ccg',
        holder: 'ao',
      },
      {
        key: 'chair',
        title: 'Chair, Southampton Health and Wellbeing Board',
        organisation: 'council',
        holder: 'chair',
      },
      {
        key: 'deputyAo',
        title: 'Deputy Accountable Officer, NHS Southampton City CCG',
        organisation: 'ccg',
        holder: 'gp',
      },
    ],
    bodies: [
      {
        key: 'hwbb',
        name: 'Southampton Health and Wellbeing Board',
        kind: 'hwbb',
        rules: (org) =>
          hwbbRules({ council: org('council'), ccg: org('ccg'), healthwatch: org('healthwatch') }),
      },
      {
        key: 'jcb',
        name: 'Joint Commissioning Board',
        kind: 'jcb',
        // Substitutes under the scheme both partners agree (ToR 7.1): addDemoJcb and the test
        // worlds name them for the seats they fill.
        rules: (org) => jcbRules({ council: org('council'), ccg: org('ccg') }),
      },
    ],
    memberships: [
      {
        body: 'hwbb',
        person: 'chair',
        role: 'chair',
        organisation: 'council',
        validFrom: '2021-05-01',
      },
      {
        body: 'hwbb',
        person: 'gp',
        role: 'vice_chair',
        organisation: 'ccg',
        validFrom: '2021-05-01',
      },
      {
        body: 'hwbb',
        person: 'healthwatch',
        role: 'member',
        organisation: 'healthwatch',
        validFrom: '2021-05-01',
      },
      {
        body: 'hwbb',
        person: 'cabinet',
        role: 'member',
        organisation: 'council',
        validFrom: '2021-05-01',
      },
    ],
    delegations: [
      {
        key: 'bcfApproval',
        body: 'hwbb',
        office: 'chair',
        scope: 'bcf-plan-approval',
        reference: 'HWBB resolution delegating BCF plan sign-off to the Chair (demo minute 21/07)',
        validFrom: opts.delegationFrom,
      },
    ],
  };
}
