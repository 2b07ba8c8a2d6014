// A real OpenID Connect provider (the OpenID-certified npm `oidc-provider`) for Mantle's tests, on loopback.
//
// Environment: PORT (0 for any free port), CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI,
// ACCOUNTS (JSON: login name -> claims). Prints "ready <issuer>" once it listens.
//
// Its development login page accepts any login name and password; the login name is the subject. Known
// names get the claims in ACCOUNTS; any other name is a stranger with a verified example.org address.
//
// To test how Mantle treats a misbehaving provider, GET /__mode?set=<mode> changes the next ID tokens it
// issues: "wrong_audience" (issued to another client) or "expired" (exp an hour ago); "normal" undoes it.
// Those tokens are re-signed with the provider's own published key, so only Mantle's claim checks can
// catch them.
import http from 'node:http';

import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT || 0);
const accounts = JSON.parse(process.env.ACCOUNTS || '{}');
let mode = 'normal';

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), kid: 'mantle-test-key', alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID || 'mantle',
      client_secret: process.env.CLIENT_SECRET || 'mantle-test-secret',
      redirect_uris: [process.env.REDIRECT_URI],
      post_logout_redirect_uris: [process.env.POST_LOGOUT_REDIRECT_URI],
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [jwk] },
  // Like Entra ID, put the granted claims in the ID token as well as at the userinfo endpoint.
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username', 'groups'],
  },
  scopes: ['openid', 'email', 'profile'],
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['mantle-test-cookie-key'] },
  async findAccount(ctx, id) {
    const known = accounts[id];
    const claims = known || { email: `${id}@example.org`, email_verified: true, name: id };
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  // Consent is granted without a second page: Mantle is the organisation's own application.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

provider.use(async (ctx, next) => {
  if (ctx.path === '/__mode') {
    mode = ctx.query.set || 'normal';
    ctx.body = { mode };
    return;
  }
  await next();
  if (ctx.path === '/token' && mode !== 'normal' && ctx.body && ctx.body.id_token) {
    const claims = decodeJwt(ctx.body.id_token);
    const now = Math.floor(Date.now() / 1000);
    if (mode === 'wrong_audience') claims.aud = 'another-application';
    if (mode === 'expired') {
      claims.iat = now - 7200;
      claims.exp = now - 3600;
    }
    ctx.body = {
      ...ctx.body,
      id_token: await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
        .sign(privateKey),
    };
  }
});

server.on('request', provider.callback());
process.stdout.write(`ready ${issuer}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
