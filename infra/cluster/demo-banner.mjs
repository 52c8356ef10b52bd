// The demo's way in for `npm run start:cluster`, at the balancer's address (each node's own banner
// names its loopback port, which users should not open). Reads DATA_DIR/demo-credentials.json, which
// the first node writes when it seeds the demo province (synthetic data only).
// Usage: node infra/cluster/demo-banner.mjs DATA_DIR URL
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [dataDir, url] = process.argv.slice(2);
let demo;
try {
  demo = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
} catch {
  process.exit(0); // no demo seeded here (SEED_DEMO=false, or the store held real data)
}
const lines = [
  `Demo province (synthetic data): ${demo.counts.communes} communes, ${demo.counts.members} synthetic members`,
  `Admin  ${url}/admin   username "${demo.admin.username}"  password "${demo.admin.password}"`,
  `Host   ${url}/host?session=${demo.sessionId}   username "${demo.host.username}"  password "${demo.host.password}"`,
  'Endpoint TVs (open a pairing link once on the TV):',
  ...demo.endpointKeys.map((e) => `  ${e.name}: ${url}/endpoint/pair#key=${e.key}`),
  `Members: ${url}/member   (member number / PIN)`,
  ...demo.memberPins.map((m) => `  ${m.memberNumber}  PIN ${m.pin}   ${m.fullName} (synthetic)`),
];
process.stdout.write(`${lines.join('\n')}\n`);
