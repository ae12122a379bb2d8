// `npm run drill`: the disaster-recovery drill against the sandbox is not built yet (it is part of
// the sandbox issue). Says so instead of failing silently.
console.error(
  'npm run drill: the DR drill is not built yet. Until it is, run `npm run sandbox` and take a region down through the control API (see docs/sandbox.md).',
);
process.exit(2);
