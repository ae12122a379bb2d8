// `npm start`: brings up what the portal is today, on loopback, and prints where to open it.
// Today that is the multi-cloud backend plugin and the frontend plugin's development app; the
// sandbox and the full portal join this list as they land (issues 4 and 8).
import { runTogether } from './lib/processes.mjs';

const app = 'http://localhost:3000';
const backend = 'http://localhost:7007';

await runTogether(
  [
    {
      name: 'backend',
      command: 'yarn',
      args: [
        'workspace',
        '@multicloud/backstage-plugin-multicloud-backend',
        'start',
      ],
      readyUrl: `${backend}/api/multicloud/health`,
    },
    {
      name: 'app',
      command: 'yarn',
      args: ['workspace', '@multicloud/backstage-plugin-multicloud', 'start'],
      env: { BROWSER: 'none' },
      readyUrl: app,
    },
  ],
  {
    onReady: () =>
      console.log(
        `\n  Portal (plugin development app): ${app}\n  Backend: ${backend}\n  Press Ctrl-C to stop.\n`,
      ),
  },
);
