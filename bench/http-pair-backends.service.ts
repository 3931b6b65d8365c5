import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * The CPU of the PostgreSQL backends that serve one API process, apart from another's on the same
 * server (bench:http-pair, issue #21 item 6): a backend's title names its client's address and
 * port ("postgres: USER DATABASE HOST(PORT) STATE"), and the API process holds that port's socket.
 * pg_stat_statements would give it by statement, but it needs shared_preload_libraries, which
 * neither the embedded server nor the shared one has (checked 7 December 2026).
 */

/** /proc/net/tcp (or tcp6) as [local port, socket inode] for each socket listed. */
export function tcpSockets(table: string): [number, string][] {
  const rows: [number, string][] = [];
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const port = parseInt(f[1].split(':')[1] ?? '', 16);
    if (Number.isFinite(port)) rows.push([port, f[9]]);
  }
  return rows;
}

/** The client port in a backend's title, "postgres: USER DATABASE HOST(PORT) STATE"; else undefined. */
export function backendClientPort(title: string): number | undefined {
  const m = /^postgres: \S+ \S+ \S+\((\d+)\)/.exec(title);
  return m ? Number(m[1]) : undefined;
}

/** The local ports of the TCP sockets process `pid` holds open. */
function localPortsOf(pid: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // Closed since the listing.
    }
  }
  const ports = new Set<number>();
  for (const file of ['tcp', 'tcp6']) {
    let table: string;
    try {
      table = readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    } catch {
      continue;
    }
    for (const [port, inode] of tcpSockets(table)) if (inodes.has(inode)) ports.add(port);
  }
  return ports;
}

/**
 * CPU so far (ms, user and system, from /proc) of each backend of the postmaster listening on
 * `postgresPort` whose client is a socket of process `pid`, by backend pid. Read twice and
 * subtracted (backendsCpuSince): a backend that ends between the readings is left out.
 */
export function backendsCpuOf(postgresPort: number, pid: number): Map<string, number> {
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const cmdline = (p: string) => readFileSync(`/proc/${p}/cmdline`, 'utf8');
  const postmaster = pids.find((p) => {
    try {
      const args = cmdline(p).split('\0');
      const at = args.indexOf('-p');
      return /postgres$/.test(args[0]) && at >= 0 && args[at + 1] === String(postgresPort);
    } catch {
      return false;
    }
  });
  const cpu = new Map<string, number>();
  if (!postmaster) return cpu;
  const ports = localPortsOf(pid);
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (f[1] !== postmaster) continue;
      const port = backendClientPort(cmdline(p).replace(/\0+$/, '').trim());
      if (port !== undefined && ports.has(port)) cpu.set(p, (Number(f[11]) + Number(f[12])) * 10); // USER_HZ is 100 on Linux
    } catch {
      // A process that has just exited.
    }
  }
  return cpu;
}

/** What the backends of a later reading spent since an earlier one (one started since: all of it). */
export function backendsCpuSince(before: Map<string, number>, after: Map<string, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}
