// A real OpenID Connect provider (the npm oidc-provider) for coprod's single sign-on tests, on
// loopback only. It mimics ProConnect where coprod cares: authorization code flow, acr_values,
// userinfo signed as a JWT (RS256), the ProConnect scopes (given_name, usual_name), end-session.
// PORT and CLIENT_URL (coprod's address) come from the environment; the test changes accounts
// and makes userinfo tampered or unsigned through POST /_test/state (JSON), as an attacker would;
// {"reset": true} there restores the accounts below.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const clientUrl = process.env.CLIENT_URL;
const state = {
  userinfo: 'signed', // or "tampered" (payload changed after signing), "unsigned" (alg none)
  accounts: {
    claire: { email: 'claire.martin@pnr-vexin.fr', given_name: 'Claire', usual_name: 'Martin' },
    paul: { email: 'paul.durand@ailleurs.example', given_name: 'Paul', usual_name: 'Durand' },
  },
};

const initial = JSON.stringify(state);

const client = (id, extra) => ({
  client_id: id,
  client_secret: 'test-only-secret',
  redirect_uris: [`${clientUrl}/compte/oidc/retour/`],
  post_logout_redirect_uris: [`${clientUrl}/compte/connexion/`],
  token_endpoint_auth_method: 'client_secret_post',
  ...extra,
});

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [client('coprod', { userinfo_signed_response_alg: 'RS256' }), client('coprod-json')],
  async findAccount(ctx, id) {
    const account = state.accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        const { usual_name: usual, ...rest } = account;
        return { sub: id, family_name: usual, usual_name: usual, ...rest };
      },
    };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name'],
    given_name: ['given_name'],
    usual_name: ['usual_name'],
  },
  acrValues: ['eidas1'],
  cookies: { keys: ['test-only-cookie-key'] },
  features: {
    devInteractions: { enabled: true },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
});

const b64 = (object) => Buffer.from(JSON.stringify(object)).toString('base64url');

provider.use(async (ctx, next) => {
  if (ctx.path === '/_test/state' && ctx.method === 'POST') {
    let body = '';
    for await (const chunk of ctx.req) body += chunk;
    const { reset, ...update } = JSON.parse(body);
    if (reset) Object.assign(state, JSON.parse(initial));
    Object.assign(state, update);
    ctx.body = { ok: true };
    return;
  }
  await next();
  if (ctx.path === '/me' && ctx.type === 'application/jwt' && state.userinfo !== 'signed') {
    const [header, payload, signature] = String(ctx.body).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url'));
    if (state.userinfo === 'tampered') {
      ctx.body = [header, b64({ ...claims, email: 'intrus@pnr-vexin.fr' }), signature].join('.');
    } else {
      ctx.body = [b64({ alg: 'none' }), payload, ''].join('.');
    }
  }
});

provider.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
