// `npm run sandbox`: not built yet (see the open issue for the local sandbox). Says so instead of failing silently.
console.error(
  'npm run sandbox: the local sandbox is not built yet; it arrives with the sandbox issue.',
);
process.exit(2);
