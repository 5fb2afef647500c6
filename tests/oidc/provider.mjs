// A real OpenID Connect provider on loopback for the single sign-on tests (panva's
// oidc-provider, its development login and consent pages). Its people and their groups:
//   node provider.mjs PORT REDIRECT_URI
import Provider from 'oidc-provider';

const [port, redirect] = process.argv.slice(2);
const people = {
  'sam': { email: 'sam@example.org', groups: ['iskp-analysts', 'staff'] },
  'val': { email: 'val@example.org', groups: ['iskp-viewers'] },
  'olga': { email: 'olga@example.org', groups: ['staff'] },
};
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'iskp-map',
    client_secret: 'a-test-secret-for-the-map',
    redirect_uris: [redirect],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username', 'groups'] },
  conformIdTokenClaims: false,  // the groups in the ID token, which is what the app reads
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const person = people[id] || { email: `${id}@example.org`, groups: [] };
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, email: person.email, email_verified: true,
                 groups: person.groups };
      },
    };
  },
});
provider.proxy = false;
provider.listen(Number(port), '127.0.0.1', () => console.log(`oidc provider on ${port}`));
