import type { JcbV3Context } from './jcb-delegated-decision-v3.machine';

/**
 * The Cabinet members who showed a hand for at the meeting (ToR para 28), read from the case
 * rather than typed (versions 3 and 4's drafted decisions).
 */
export function cabinetMembersAgreeing(c: JcbV3Context | undefined): string[] {
  const members = (
    (c?.meeting?.facts as { members?: { personId: string; cabinetMember?: boolean }[] })?.members ??
    []
  ).filter((m) => m.cabinetMember);
  const handsFor = new Set(
    (c?.showOfHands?.hands ?? []).filter((h) => h.hand === 'for').map((h) => h.personId),
  );
  return members.filter((m) => handsFor.has(m.personId)).map((m) => m.personId);
}
