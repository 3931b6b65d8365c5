import { findTemplate } from './template.registry';

/** Rows of one council due on cases of one template version, counted. */
export interface DueOnVersion {
  tenant_id: string;
  template_id: string;
  template_version: number;
  due: number;
}

/**
 * A worker's view of what is due, split by whether this build has the template version the cases
 * run on. Those on a version it lacks were opened by a newer build (a rolling upgrade,
 * docs/operations.md): the worker never claims them, so they wait for that build's workers and
 * cannot hold up the rest, and it says so once a version (a warning each tick would drown the log).
 */
export class VersionsLeftToNewerBuild {
  private readonly said = new Set<string>();

  constructor(
    /** What the rows are, one and many: "deadline", "deadlines". */
    private readonly noun: [string, string],
    private readonly warn: (message: string) => void,
  ) {}

  /** The councils with rows due on versions this build has; the others said once a version. */
  councilsToWorkOn(due: DueOnVersion[]): string[] {
    const councils = new Set<string>();
    const left = new Map<string, DueOnVersion[]>();
    for (const g of due) {
      if (findTemplate(g.template_id, g.template_version)) councils.add(g.tenant_id);
      else {
        const key = `${g.template_id}@${g.template_version}`;
        left.set(key, [...(left.get(key) ?? []), g]);
      }
    }
    for (const [key, groups] of left) if (!this.said.has(key)) this.say(key, groups);
    return [...councils];
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
