// A real OpenID Connect provider for tests (oidc-provider, ESM only, so run as its own process:
// docs/adr/0009). Reads its clients and accounts from OIDC_TEST_CONFIG (JSON), listens on a free
// port of 127.0.0.1 and prints one line, READY <issuer>, once it answers. Its login and consent
// pages are oidc-provider's development interactions: the login names the account (its subject).
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const accounts = config.accounts ?? {};

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients ?? [],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    // Every claim asked for in the scopes goes into the ID token, as Entra ID puts email there.
    conformIdTokenClaims: false,
    cookies: { keys: ['oidc-test-provider-cookie-key'] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, ...(accounts[id] ?? {}) }),
    }),
  });
  // The warnings about development interactions are meant for real deployments, not this one.
  provider.on('server_error', (_ctx, err) => process.stderr.write(`${err.stack}\n`));
  server.on('request', provider.callback());
  process.stdout.write(`READY ${issuer}\n`);
});
