import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../../libs/errors/domain.errors';

/** Longest text a field may hold; a document's content travels on its own route. */
export const MAX_TEXT_LENGTH = 20_000;

/** A lone UTF-16 surrogate: not a character, and PostgreSQL refuses it in text and jsonb. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a piece of text, in words that say what to fix; undefined when nothing is. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000): remove it';
  if (LONE_SURROGATE.test(text))
    return 'contains half of a character (a lone UTF-16 surrogate): type the text again';
  if (text.length > MAX_TEXT_LENGTH)
    return `is ${text.length.toLocaleString('en-GB')} characters long: keep it under ${MAX_TEXT_LENGTH.toLocaleString('en-GB')}`;
  return undefined;
}

/** Deepest nesting of lists and objects a request may have; no body needs more than a handful. */
export const MAX_NESTING = 32;

/** The first field (path and what is wrong) whose name or text cannot be stored, depth first. */
export function findBadText(
  value: unknown,
  path: string,
  skip: (path: string) => boolean = () => false,
  depth = 0,
): { path: string; message: string } | undefined {
  if (skip(path)) return undefined;
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? { path, message } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  // Deeper than any body needs: refused before a walk (here or in a handler) runs out of stack.
  if (depth >= MAX_NESTING)
    return {
      path,
      message: `is nested more than ${MAX_NESTING} levels deep: send the fields the route documents`,
    };
  for (const [key, inner] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (keyProblem) return { path: at, message: `the field's name ${keyProblem}` };
    const found = findBadText(inner, at, skip, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The route a document's content arrives on as base64 (contentBase64), under its own size limit,
 * matched as Express's router matches it (any letter case, a trailing slash allowed): a path the
 * router serves must not miss the key check, the upload gate and the large body limit.
 */
export const DOCUMENTS_ROUTE = /^\/api\/cases\/[^/]+\/documents\/?$/i;

const isDocumentContent = (req: Request) => (path: string) =>
  DOCUMENTS_ROUTE.test(req.path) && /^body(\.[^.]+)?\.content(Base64)?$/.test(path);

/**
 * Every request's path, query and body, checked once before any handler sees them: text that
 * PostgreSQL cannot store (NUL, lone surrogates) or that no field needs (over MAX_TEXT_LENGTH)
 * is refused as INVALID_TEXT, never a 500 from deep in a query.
 */
export function requestTextGuard(
  refuse: (req: Request, res: Response, error: DomainError) => void,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    let path: string;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      refuse(req, res, invalidText('the address', 'is not valid percent-encoded UTF-8'));
      return;
    }
    const found =
      findBadText(path, 'the address') ??
      findBadText(req.query, 'query') ??
      findBadText(req.body, 'body', isDocumentContent(req));
    if (found) refuse(req, res, invalidText(found.path, found.message));
    else next();
  };
}

function invalidText(path: string, message: string): DomainError {
  return new DomainError(
    'INVALID_TEXT',
    'The request has text that cannot be kept',
    `The text in ${path} ${message}.`,
    { problems: [{ path, message }] },
  );
}
