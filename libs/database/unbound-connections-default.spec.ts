import { unboundConnectionsFromEnv } from './tenant-bound-connections.service';

/* A query bound to no council is refused unless the operator says otherwise, out loud (ADR 0015). */
describe('what a connection bound to no council does', () => {
  it('is refused when nothing is set', () => {
    expect(unboundConnectionsFromEnv({})).toBe('refuse');
  });

  it('sweeps only when RATIFY_TENANT_UNBOUND=sweep says so', () => {
    expect(unboundConnectionsFromEnv({ RATIFY_TENANT_UNBOUND: 'sweep' })).toBe('sweep');
  });

  it('is refused for any other value, a mistyped one included', () => {
    for (const value of ['refuse', 'Sweep', 'sweeps', '', 'off'])
      expect(unboundConnectionsFromEnv({ RATIFY_TENANT_UNBOUND: value })).toBe('refuse');
  });
});
