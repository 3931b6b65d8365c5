import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/*
 * A page's sign-in, role and CSRF checks are @StaffPage / @StaffForm (staff-page.guard.ts), never
 * repeated by hand (issue #12). This spec fails when a file under apps/ calls StaffPages.require
 * or csrfOk itself, or the directory's own wrappers of them, beyond the places listed here, each
 * with why; a count that falls (a page moved onto the decorators) is lowered here too.
 */
const ROOT = join(__dirname, '..', '..', '..');

/** Where a check is still made by hand, how many calls, and why. */
const BY_HAND: Record<string, { calls: number; why: string }> = {
  'apps/api/pages/staff-page.guard.ts': { calls: 2, why: 'the guards themselves' },
  'apps/api/pages/sign-in.controller.ts': {
    calls: 1,
    why: 'signing out must be reachable signed out: the token is checked only when a session is found',
  },
  'apps/api/pages/account/two-factor.controller.ts': {
    calls: 1,
    why: 'the second step of a sign-in is before any session: the token is the pending sign-in’s',
  },
  'apps/api/pages/documents/case-documents.controller.ts': {
    calls: 2,
    why: 'an upload is multipart: its token is read as the files stream in, a refused body drained',
  },
  'apps/api/pages/directory/import.controller.ts': {
    calls: 1,
    why: 'an import is multipart: its token is read with the files, after the role is checked',
  },
};

/** StaffPages.require(req, …), any .csrfOk(…), and the directory's old wrappers of them. */
const BY_HAND_CALL = /\.csrfOk\(|\.require\(\s*req\b|\bdir\.(?:reader|changer|administrator)\(/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function callsByFile(): Record<string, number> {
  const found: Record<string, number> = {};
  for (const path of sources(join(ROOT, 'apps'))) {
    const n = (readFileSync(path, 'utf8').match(BY_HAND_CALL) ?? []).length;
    if (n > 0) found[relative(ROOT, path).split('\\').join('/')] = n;
  }
  return found;
}

describe('staff pages check sign-in, role and CSRF through the decorators', () => {
  it('makes no check by hand beyond the places listed, each with its reason', () => {
    const listed = Object.fromEntries(Object.entries(BY_HAND).map(([f, v]) => [f, v.calls]));
    expect(callsByFile()).toEqual(listed);
  });

  it('finds a check made by hand (the pattern is not blind)', () => {
    const written = [
      'const staff = await this.staffPages.require(req, res, ["officer"]);',
      'if (!this.staffPages.csrfOk(staff, body)) return;',
      'const staff = await this.dir.changer(req, res, body);',
    ].join('\n');
    expect(written.match(BY_HAND_CALL)).toHaveLength(3);
  });
});
