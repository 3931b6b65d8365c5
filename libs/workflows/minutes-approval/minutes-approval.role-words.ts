import type { TemplateRoleWords } from '../template-role-words';

/**
 * What the holders of minutes approval's roles are called once the case binds them to the person
 * who presided (every version; libs/workflows/template-role-words.ts). The minutes are signed by
 * the person presiding at the meeting that approves them (LGA 1972 Sch 12 para 41(1)): from
 * version 3 the member the officer names when neither the chair nor the vice-chair can sign
 * (`presiding`); from version 4 the chair, or the vice-chair in the chair's place, who held the
 * seat on the approving meeting's day, whatever seat they hold when they sign (`chair`,
 * `viceChair`, docs/adr/0036). Versions 1 and 2 bind no role to a person.
 */
export const minutesApprovalRoleWords: TemplateRoleWords = {
  chair: {
    member: 'Chair who presided at the meeting that approved the minutes, and signs them',
  },
  viceChair: {
    member:
      'Vice-chair who presided in the chair’s place at the meeting that approved the minutes, and signs them',
  },
  presiding: {
    member: 'Member who presided at the meeting that approved the minutes, and signs them',
  },
};
