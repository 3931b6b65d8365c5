import { addDemoCabinet } from '../demo/demo-cabinet.service';
import { addDemoFullCouncil } from '../demo/demo-full-council.service';
import type { TenantSpec } from '../directory/tenant-setup.service';
import { withServiceDirector } from './world.factory';

/**
 * A test council with the demo's Cabinet (four members, quorate with three, a simple majority)
 * and Full Council (every elected member, a quarter of them a quorum, a simple majority), and the
 * Service Director who owns a grant report (test/grant-ratification-v3). As data, through the
 * demo's own bodies: Cabinet's members are the Leader, the Cabinet member the world has and two
 * more.
 */
export function withCabinetAndFullCouncil(spec: TenantSpec): void {
  withServiceDirector(spec);
  const domain = spec.people.find((p) => p.key === 'officer')!.email.split('@')[1];
  for (const [key, name] of [
    ['cabinet2', 'Cllr Rosa Patel'],
    ['cabinet3', 'Cllr Tom Ellis'],
  ])
    spec.people.push({
      key,
      name,
      email: `${key}@${domain}`,
      organisation: 'council',
      isElectedMember: true,
    });
  addDemoCabinet(spec);
  addDemoFullCouncil(spec);
}
