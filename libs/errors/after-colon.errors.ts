/** Words that begin a sentence but not a clause; names keep their capitals ("Cllr Lane …"). */
const OPENING_WORD = /^(The|A|An|Only|This|That|It|There|No|Nobody|Every|Each)\b/;

/**
 * A refusal's sentence read after a colon, as a clause of the one before it ("You have no authority
 * for this: the step …", "… refused the step “…”, so nothing was recorded …: the case does not …").
 */
export function afterColon(sentence: string): string {
  return sentence.replace(OPENING_WORD, (w) => w.toLowerCase());
}
