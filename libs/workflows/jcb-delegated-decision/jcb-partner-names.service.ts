import { councilRules } from '../council-context.service';
import type { NamesResolved, PartnerNeeded } from './jcb-meeting-payloads.service';

/**
 * The names a show of hands says for the Board's partners (version 10), as the council's directory
 * held them on the day it was recorded: in the engine, the directory's (each seat's side and each
 * constituency of the Board's rules, read with the Board for the meeting date,
 * libs/engine/meeting-people.check.ts); a name the payload gives must be the directory's, or is
 * refused naming both. Outside the engine (a recorded trace, a stored payload replayed) the
 * payload's own names are taken, as the engine wrote them: a record never changes when the
 * directory is edited later. A partner the show of hands speaks of without a name is refused, not
 * said by its key.
 */
export function resolvePartnerNames(
  given: Record<string, string> | undefined,
  needed: PartnerNeeded[],
): NamesResolved {
  const body = councilRules().meetingBody;
  const held = body?.partnerNames;
  const board = body?.name ?? 'Board';
  const names: Record<string, string> = {};
  for (const { key, member } of needed) {
    const sent = given?.[key]?.trim();
    const kept = held?.[key];
    if (sent !== undefined && kept !== undefined && sent !== kept)
      return {
        ok: false,
        code: 'PARTNER_NAME_NOT_AS_IN_DIRECTORY',
        explanation: [
          `the show of hands was sent naming a partner “${sent}”, where the council’s directory names it ${kept}`,
          `send no names with the show of hands to record the directory’s, or change the partner’s name in the directory first`,
        ],
      };
    const name = sent ?? kept;
    if (name === undefined)
      return {
        ok: false,
        code: 'PARTNER_NAME_UNKNOWN',
        explanation: [
          member
            ? `${member}’s seat represents a partner that has no name in the council’s directory`
            : `a partner whose assent the ${board}’s rules need has no name in the council’s directory`,
          `an administrator names each of the ${board}’s constituencies in the directory, so that the show of hands says who assents`,
        ],
      };
    names[key] = name;
  }
  return { ok: true, names };
}

/**
 * The names a show of hands says for the Board's partners (version 11): the directory's alone.
 * Version 10 took a name the payload gave for a partner the directory names nowhere, so a name typed
 * into an event could stand in the record for the council's data. In the engine each partner is
 * named as the directory held it that day; a partner it names nowhere is refused
 * (PARTNER_NAME_UNKNOWN), whatever name was sent, and a name sent that is not the directory's is
 * refused as in version 10. Outside the engine (a recorded trace, a stored payload replayed) there
 * is no directory: the payload is the record the engine wrote, and its names are read back.
 */
export function directoryPartnerNames(
  given: Record<string, string> | undefined,
  needed: PartnerNeeded[],
): NamesResolved {
  const body = councilRules().meetingBody;
  if (!body) return resolvePartnerNames(given, needed);
  const names: Record<string, string> = {};
  // Own keys only: a constituency key may be any short word ("constructor" too).
  const own = (r: Record<string, string> | undefined, key: string) =>
    r && Object.hasOwn(r, key) ? r[key] : undefined;
  for (const { key, member } of needed) {
    const sent = own(given, key)?.trim();
    const kept = own(body.partnerNames, key);
    if (kept === undefined)
      return {
        ok: false,
        code: 'PARTNER_NAME_UNKNOWN',
        explanation: [
          member
            ? `${member}’s seat represents a partner that has no name in the council’s directory`
            : `a partner whose assent the ${body.name}’s rules need has no name in the council’s directory`,
          ...(sent === undefined
            ? []
            : [
                `the name sent with the show of hands (“${sent}”) is not recorded: a partner is named only as the council’s directory names it`,
              ]),
          `an administrator names each of the ${body.name}’s constituencies in the directory, so that the show of hands says who assents`,
        ],
      };
    if (sent !== undefined && sent !== kept)
      return {
        ok: false,
        code: 'PARTNER_NAME_NOT_AS_IN_DIRECTORY',
        explanation: [
          `the show of hands was sent naming a partner “${sent}”, where the council’s directory names it ${kept}`,
          `send no names with the show of hands to record the directory’s, or change the partner’s name in the directory first`,
        ],
      };
    names[key] = kept;
  }
  return { ok: true, names };
}
