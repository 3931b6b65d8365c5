/**
 * What a template calls the holder of one of its roles, by how the case binds the role, where the
 * directory cannot say it (issue #12, review L6): a role bound to a person the case names (a
 * `member` binding, by one of the template's events: `namesRoles`). The directory knows that
 * person's name, not what they are to the case: for an office it says the office's title, for a
 * seat the seat and its body, but for a named person only the template knows that they presided at
 * the meeting that approved the minutes.
 *
 * Read off the template (`template.roleWords`) by every reader of role holders, through the
 * directory (`roleHolders`, `roleHoldersIn`): the case page and its reassign page, the email link's
 * page, the emails ("You receive this as …") and the timeline's reassignments. A version built
 * from its predecessor (`...v3`) inherits them. Like email wording (docs/adr/0007) these are words,
 * not behaviour: a released version's may be corrected in place only to say the same thing better
 * or to correct what they say wrongly of the case. template-contract.spec.ts fails when a role a
 * version binds to a named person has none.
 */
export type TemplateRoleWords = Readonly<Record<string, NamedRoleWords>>;

/** A role's holder in words, by how the role is bound. */
export interface NamedRoleWords {
  /**
   * Bound to a person the case names (`member`): what they are to the case, as it follows their
   * name ("Cllr Ada Fox (…)") and completes "You receive this as …".
   */
  readonly member: string;
}
