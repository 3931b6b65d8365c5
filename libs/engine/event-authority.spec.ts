import { initialTransition, transition } from 'xstate';
import type { Actor } from '../core/actor.dto';
import type { CaseDirectory } from '../directory/directory.repository';
import { DomainError } from '../errors/domain.errors';
import type { Authority } from '../governance/authority.service';
import { findTemplate } from '../workflows/template.registry';
import { eventWords } from '../workflows/template-words.registry';
import type { CaseRow } from './case.repository';
import { authoritiesHeld, usableAuthority } from './event-authority.service';

/*
 * The engine's refusals of who sends what, and when, as a person reads them: the step in the
 * template's words and the roles by their labels, never an event's type; what an API client acts
 * on (the event's type, the role keys "as" takes) stays in `extra`, and the keys in the sentence
 * only where the client types them.
 */
describe('the refusals of an event’s authority', () => {
  const template = findTemplate('bcf-delegated-sign-off', 1)!;
  const step = (type: string) => eventWords(template, type).action;
  /** A code word such as SEEK_AGREEMENT or DEADLINE_PASSED. */
  const CODE_WORD = /\b[A-Z]+(?:_[A-Z]+)+\b/;

  const drafting = initialTransition(template.machine, {
    dates: {
      submissionDeadline: '2021-11-16',
      expectedAssuranceDate: '2022-01-09',
      notingDeadline: '2021-12-16',
    },
  })[0];
  const awaitingAgreement = transition(template.machine, drafting, {
    type: 'SEEK_AGREEMENT',
    role: 'officer',
  })[0];

  const office = (role: string): Authority => ({
    kind: 'office',
    role,
    officeId: `office-${role}`,
    officeTitle: template.roles[role].label,
  });

  function refusal(act: () => unknown): DomainError {
    try {
      act();
    } catch (e) {
      if (e instanceof DomainError) return e;
      throw e;
    }
    throw new Error('not refused');
  }

  it('refuses a step the case does not take now by the step and state in words, the type beside', () => {
    const summary = template.describe(drafting.value, drafting.context).summary;

    const e = refusal(() =>
      usableAuthority(
        template,
        { type: 'AGREE', payload: {} },
        {},
        [office('chiefExecutive')],
        drafting,
      ),
    );

    expect(e.code).toBe('EVENT_NOT_ALLOWED');
    expect(e.detail).toBe(
      `The case does not take the step “${step('AGREE')}” while it is “${summary}”: read the case to see what it is waiting for.`,
    );
    expect(step('AGREE')).toBe('Agree the plan');
    expect(e.detail).not.toMatch(CODE_WORD);
    expect(e.detail).not.toContain('AGREE');
    expect(e.extra).toEqual({ event: 'AGREE', state: summary });
  });

  it('asks which role when two held may take the step: each by its label and the key "as" takes', () => {
    const held = [office('chiefExecutive'), office('accountableOfficer')];

    const e = refusal(() =>
      usableAuthority(template, { type: 'AGREE', payload: {} }, {}, held, awaitingAgreement),
    );

    expect(e.code).toBe('AMBIGUOUS_ROLE');
    expect(e.detail).toBe(
      'You may take the step “Agree the plan” in more than one role: Chief Executive of the local authority (as chiefExecutive) or Accountable Officer of the CCG (as accountableOfficer). Add "as" with the one you act in.',
    );
    expect(e.detail).not.toMatch(CODE_WORD);
    expect(e.extra).toEqual({ event: 'AGREE', roles: ['chiefExecutive', 'accountableOfficer'] });
  });

  describe('who may send it', () => {
    const row = { roles: {} } as unknown as CaseRow;
    const directory: CaseDirectory = {
      roles: {},
      caseOfficerId: 'officer-1',
      offices: [],
      delegations: [],
      people: [],
    };
    const person: Actor = {
      kind: 'person',
      tenantId: 'council-1',
      person: { id: 'p-1', tenantId: 'council-1', name: 'Ann Lee', email: 'a@x', isOfficer: false },
    };
    const system: Actor = { kind: 'system', tenantId: 'council-1', job: 'deadlines' };
    const held = (type: string, actor: Actor) => () =>
      authoritiesHeld(template, row, directory, { type, payload: {} }, actor, new Date());

    it('names the step and the roles it needs by their labels', () => {
      const e = refusal(held('AGREE', person));

      expect(e.code).toBe('NOT_AUTHORISED');
      expect(e.detail).toBe(
        'The step “Agree the plan” on this case needs the Chief Executive of the local authority or Accountable Officer of the CCG; you hold no office or delegation in force for it.',
      );
      expect(e.extra).toEqual({ event: 'AGREE' });
    });

    it('says a step of the system’s is the system’s, and a person’s a person’s, in words', () => {
      const systemOnly = refusal(held('DEADLINE_PASSED', person));
      const personOnly = refusal(held('AGREE', system));

      expect([systemOnly.code, personOnly.code]).toEqual(['NOT_AUTHORISED', 'NOT_AUTHORISED']);
      expect(systemOnly.detail).toBe(
        `The step “${step('DEADLINE_PASSED')}” is taken by the system only, never by a person.`,
      );
      expect(personOnly.detail).toBe('The step “Agree the plan” is taken by a person.');
      for (const e of [systemOnly, personOnly]) expect(e.detail).not.toMatch(CODE_WORD);
      expect(systemOnly.extra).toEqual({ event: 'DEADLINE_PASSED' });
    });

    it('refuses an "as" no role of the step has, naming the keys it takes and the step in words', () => {
      const e = refusal(() =>
        authoritiesHeld(
          template,
          row,
          directory,
          { type: 'AGREE', as: 'officer', payload: {} },
          person,
          new Date(),
        ),
      );

      expect(e.code).toBe('INVALID_INPUT');
      expect(e.detail).toBe(
        '"as" must be one of chiefExecutive, accountableOfficer for the step “Agree the plan”.',
      );
    });
  });
});
