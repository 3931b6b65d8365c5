/**
 * How a query's text ends transactions, as the council binding needs to know (ADR 0039):
 * - 'none': it ends none, or ends one with its last statement and opens no other;
 * - 'chains': its last statement is a COMMIT or ROLLBACK … AND CHAIN, which opens the next
 *   transaction without the settings of the one it ended;
 * - 'midway': a statement ending a transaction (COMMIT, END, ROLLBACK, ABORT, PREPARE TRANSACTION)
 *   has others after it in the same text, which would run in a transaction of their own, unbound.
 *
 * Cheap for what the app sends: a text with no semicolon that does not begin with one of those
 * words (or a comment) is answered by one scan for ';' and one anchored test. Only texts of more
 * than one statement, and transaction ends, are read word by word, skipping quoted strings,
 * identifiers, dollar quotes and comments, so that a word in them never counts.
 */
export type TransactionEnds = 'none' | 'chains' | 'midway';

const MAY_END = /^\s*(?:COMMIT|END|ROLLBACK|ABORT|PREPARE|\/\*|--)/i;

export function transactionEnds(text: string, oneStatement = false): TransactionEnds {
  // One statement (the extended protocol's) needs no scan for semicolons.
  if ((oneStatement || !text.includes(';')) && !MAY_END.test(text)) return 'none';
  const statements = topLevelStatements(text);
  for (let i = 0; i < statements.length - 1; i++) if (endsOne(statements[i])) return 'midway';
  const last = statements.at(-1);
  return last && endsOne(last) && chains(last) ? 'chains' : 'none';
}

/** How many statements the text holds (blank ones and comments left out). */
export function statementCount(text: string): number {
  return text.includes(';') ? topLevelStatements(text).length : 1;
}

function endsOne(words: string[]): boolean {
  const [first, second] = words;
  if (first === 'COMMIT') return second !== 'PREPARED';
  if (first === 'ROLLBACK') return second !== 'TO' && second !== 'PREPARED';
  if (first === 'PREPARE') return second === 'TRANSACTION';
  return first === 'END' || first === 'ABORT';
}

function chains(words: string[]): boolean {
  const at = words.lastIndexOf('CHAIN');
  return at > 0 && words[at - 1] === 'AND';
}

const WORD = /[A-Za-z_\u0080-\uffff]/;
const WORD_ON = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * The text's statements, split at its semicolons outside strings, quoted identifiers, dollar
 * quotes, comments and SQL-standard function bodies (BEGIN ATOMIC … END); each as its first words
 * in capitals (up to eight: enough to tell a transaction's end and its AND CHAIN).
 */
function topLevelStatements(text: string): string[][] {
  const statements: string[][] = [];
  let words: string[] = [];
  /** The word before, wherever it stands (`words` keeps only the first eight). */
  let previous = '';
  let atomic = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ';' && atomic === 0) {
      if (words.length > 0) statements.push(words);
      words = [];
      previous = '';
      i++;
    } else if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(text[i - 1]) && !WORD_ON.test(text[i - 2] ?? ' ');
      i = closeQuote(text, i + 1, "'", escapes);
    } else if (c === '"') {
      i = closeQuote(text, i + 1, '"', false);
    } else if (c === '-' && text[i + 1] === '-') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      i = closeComment(text, i + 2);
    } else if (c === '$' && (i === 0 || !WORD_ON.test(text[i - 1]))) {
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(
        text.slice(i, i + 64),
      );
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
      } else i++;
    } else if (WORD.test(c)) {
      let j = i + 1;
      while (j < n && WORD_ON.test(text[j])) j++;
      const word = text.slice(i, j).toUpperCase();
      if (word === 'ATOMIC' && previous === 'BEGIN') atomic++;
      else if (atomic > 0 && word === 'CASE') atomic++;
      else if (atomic > 0 && word === 'END') atomic--;
      if (words.length < 8) words.push(word);
      previous = word;
      i = j;
    } else {
      if (words.length === 0 && !/\s/.test(c)) words.push(c);
      i++;
    }
  }
  if (words.length > 0) statements.push(words);
  return statements;
}

/** Past the closing quote (doubled quotes, and backslashes in E'…', escape it). */
function closeQuote(text: string, from: number, quote: string, backslashes: boolean): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (backslashes && c === '\\') i += 2;
    else if (c === quote && text[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return i;
}

/** Past the end of a block comment, which PostgreSQL lets nest. */
function closeComment(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length && depth > 0) {
    const pair = text.slice(i, i + 2);
    if (pair === '/*') depth++;
    else if (pair === '*/') depth--;
    i += pair === '/*' || pair === '*/' ? 2 : 1;
  }
  return i;
}
