import { findTemplate } from './template.registry';

/** Rows of one council due on cases of one template version, counted. */
export interface DueOnVersion {
  tenant_id: string;
  template_id: string;
  template_version: number;
  due: number;
}

/** The rows due in one council, counted. */
export interface DueInCouncil {
  tenant_id: string;
  due: number;
}

/**
 * What a worker leaves of the rows due: those of cases on a template version its build lacks were
 * opened by a newer build (a rolling upgrade, docs/operations.md). The worker's claims never take
 * them, so they wait for that build's workers and cannot hold up the rest, and it says so once a
 * version (a warning each tick would drown the log).
 *
 * Finding them costs a lookup of each due row's case, so a tick does not look for them first: it
 * works on the councils with rows due, and counts a council's rows by version only when its claims
 * came back short of what was due there (`mayHaveLeft`), which, every due row on a version this
 * build has, happens only while other workers hold some (docs/benchmarks.md, session 30).
 */
export class VersionsLeftToNewerBuild {
  private readonly said = new Set<string>();

  constructor(
    /** What the rows are, one and many: "deadline", "deadlines". */
    private readonly noun: [string, string],
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * Whether a council's claims may have left rows of a version this build lacks: they ended short
   * (a claim took fewer than it asked for) having taken fewer than were `due` when the tick began.
   */
  static mayHaveLeft(due: number, claimed: number, short: boolean): boolean {
    return short && claimed < due;
  }

  /** Says, once a version, how many rows due were left on it (`left`, by council and version). */
  tell(left: DueOnVersion[]): void {
    const byVersion = new Map<string, DueOnVersion[]>();
    for (const g of left) {
      if (findTemplate(g.template_id, g.template_version)) continue;
      const key = `${g.template_id}@${g.template_version}`;
      byVersion.set(key, [...(byVersion.get(key) ?? []), g]);
    }
    for (const [key, groups] of byVersion) if (!this.said.has(key)) this.say(key, groups);
  }

  private say(key: string, groups: DueOnVersion[]): void {
    this.said.add(key);
    const n = groups.reduce((sum, g) => sum + g.due, 0);
    const { template_id: id, template_version: version } = groups[0];
    const where = groups.length === 1 ? 'one council' : `${groups.length} councils`;
    this.warn(
      `${n} ${n === 1 ? this.noun[0] : this.noun[1]} due on cases of ${id} version ${version} ` +
        `(${where}), a version this worker's build does not have, left to workers of a newer build; ` +
        `this worker goes on with the others. Upgrade or stop this worker (docs/operations.md, ` +
        `Upgrades and migrations). Said once for this version.`,
    );
  }
}
