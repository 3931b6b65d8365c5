/**
 * Layers point down (docs/ARCHITECTURE.md): a library may import only from its own layer's
 * lower neighbours. The rank of each folder is its layer; an import to a higher rank fails lint.
 */
const layers = [
  ['errors', 'config', 'core'],
  ['governance'],
  ['staff', 'directory'],
  ['workflows'],
  ['engine', 'audit', 'links', 'notifications', 'documents'],
  ['meetings', 'register', 'forward-plan', 'demo', 'database', 'operations', 'webhooks'],
  ['export'],
];
const rank = Object.fromEntries(layers.flatMap((names, i) => names.map((n) => [n, i])));
const upward = [];
for (const [name, r] of Object.entries(rank)) {
  const higher = Object.keys(rank).filter((other) => rank[other] > r);
  if (higher.length)
    upward.push({
      name: `layer-${name}`,
      comment: `libs/${name} may not import a library above it (${higher.join(', ')})`,
      severity: 'error',
      from: { path: `^libs/${name}/`, pathNot: '\\.(spec|integration-spec)\\.ts$' },
      to: { path: `^libs/(${higher.join('|')})/` },
    });
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle between files means the layers are tangled.',
      severity: 'error',
      from: { pathNot: '\\.(spec|integration-spec|e2e-spec)\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'libs-not-apps',
      comment: 'Libraries never import an app.',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/testing/' },
      to: { path: '^apps/' },
    },
    {
      name: 'api-and-worker-apart',
      comment:
        'The api and the worker are apart; shared code belongs in libs, composition in apps/server.',
      severity: 'error',
      from: { path: '^apps/worker/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'worker-and-api-apart',
      comment:
        'The api and the worker are apart; shared code belongs in libs, composition in apps/server.',
      severity: 'error',
      from: { path: '^apps/api/' },
      to: { path: '^apps/worker/' },
    },
    {
      name: 'one-composition-root',
      comment: 'apps/server composes the api and the worker; neither reaches back into it.',
      severity: 'error',
      from: { path: '^apps/(api|worker)/', pathNot: '^apps/(api|worker)/main\\.ts$' },
      to: { path: '^apps/server/' },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|\\.data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
