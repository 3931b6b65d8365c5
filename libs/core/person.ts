/** A person as the directory keeps them: what an actor carries and what rules read. */
export interface PersonRow {
  id: string;
  tenantId: string;
  name: string;
  email: string;
  isOfficer: boolean;
  /** A councillor (people.is_elected_member): what quorum and eligibility rules count as elected. */
  isElectedMember?: boolean;
}
