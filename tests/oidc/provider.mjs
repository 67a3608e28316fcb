// A real, OpenID-certified provider (panva/node-oidc-provider) for Casemap's sign-in tests.
//
//   node provider.mjs config.json     prints "READY <issuer>" once it listens
//
// config.json: {port, issuer, clients: [...], users: [...], clockOffsetSeconds?, idTokenTtl?}
// Users sign in on a plain login form (username + password). Claims for the scopes
// profile, email, groups and organisation come from the user entries.
//
// For the negative tests that a correct provider cannot be made to produce, POST
// /__test/tamper {"mode": ...} rewrites the ID token of the next token responses (until reset
// with mode null). Each mode is marked in the tests as a crafted token:
//   wrong_issuer, wrong_audience, wrong_nonce   re-signed with this provider's own key
//   bad_signature                               signed with another key under the same key id
//   alg_none                                    unsigned ("alg": "none")
//   hs256                                       HMAC-signed with the client secret
// clockOffsetSeconds runs the provider's clock behind (or ahead): every token it issues is
// then really expired (or not yet valid), with no tampering.
import http from 'node:http';
import { readFileSync } from 'node:fs';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

if (config.clockOffsetSeconds) {
  const realNow = Date.now;
  Date.now = () => realNow() + config.clockOffsetSeconds * 1000;
}

const KID = 'casemap-test-key';
const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: KID, alg: 'RS256', use: 'sig' };
const { privateKey: wrongKey } = await jose.generateKeyPair('RS256', { extractable: true });

const users = new Map(config.users.map((u) => [u.sub, u]));
let tamper = null;

const escape = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: { keys: [signingJwk] },
  cookies: { keys: ['casemap-test-provider-cookie-key'] },
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
    organisation: ['organisation'],
  },
  async findAccount(ctx, sub) {
    const user = users.get(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        const { password, username, ...claims } = user;
        return { ...claims, preferred_username: username };
      },
    };
  },
  // First-party test clients: consent is granted without asking.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email groups organisation');
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Sign out of the test provider?', `${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Signed out', '<p>You are signed out of the test provider.</p>');
      },
    },
  },
  pkce: { required: () => true },
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    IdToken: config.idTokenTtl ?? 60,
    Interaction: 3600,
    Session: 3600,
    Grant: 3600,
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Provider error', `<p id="error">${escape(out.error)}: ${escape(out.error_description)}</p>`);
  },
});

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function loginForm(uid, error = '') {
  return page('Sign in to the test provider', `${error ? `<p id="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
  <label for="username">Username</label> <input id="username" name="username" autocomplete="username" required>
  <label for="password">Password</label> <input id="password" name="password" type="password" required>
  <button type="submit">Sign in</button>
</form>`);
}

async function tampered(raw, mode, client) {
  const [headerB64, payloadB64] = raw.split('.');
  const header = JSON.parse(Buffer.from(headerB64, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(payloadB64, 'base64url').toString());
  const sign = (payload, key = privateKey) =>
    new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: header.kid, typ: header.typ }).sign(key);
  switch (mode) {
    case 'wrong_issuer':
      return sign({ ...claims, iss: `${config.issuer}/not-this-one` });
    case 'wrong_audience':
      return sign({ ...claims, aud: 'someone-else', azp: claims.aud });
    case 'wrong_nonce':
      return sign({ ...claims, nonce: 'a-nonce-casemap-never-sent' });
    case 'bad_signature':
      return sign(claims, wrongKey);
    case 'alg_none': {
      const none = Buffer.from(JSON.stringify({ alg: 'none', kid: header.kid, typ: header.typ })).toString('base64url');
      return `${none}.${payloadB64}.`;
    }
    case 'hs256':
      return new jose.SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: header.kid })
        .sign(new TextEncoder().encode(client.clientSecret));
    default:
      throw new Error(`unknown tamper mode ${mode}`);
  }
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test/tamper' && ctx.method === 'POST') {
    tamper = JSON.parse(await readBody(ctx.req)).mode ?? null;
    ctx.body = { mode: tamper };
    return;
  }
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (match) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    ctx.type = 'html';
    if (!match[2]) {
      ctx.body = loginForm(details.uid);
      return;
    }
    const form = new URLSearchParams(await readBody(ctx.req));
    const user = config.users.find((u) => u.username === form.get('username'));
    if (!user || user.password !== form.get('password')) {
      ctx.status = 200;
      ctx.body = loginForm(details.uid, 'Wrong username or password.');
      return;
    }
    const to = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(to);
    return;
  }
  await next();
  if (tamper && ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token) {
    ctx.body = { ...ctx.body, id_token: await tampered(ctx.body.id_token, tamper, ctx.oidc.client) };
  }
});

const server = http.createServer(provider.callback());
server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`READY ${config.issuer}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
