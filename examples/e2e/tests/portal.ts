import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** The ports scripts/e2e-portal.mjs runs the portal and the sandbox on. */
export const PORTS = {
  backend: 17007,
  router: 17100,
  control: 17101,
  aws: 17110,
  azure: 17120,
};

export const CONTROL = `http://127.0.0.1:${PORTS.control}/api/services/orders`;
export const ROUTER = `http://127.0.0.1:${PORTS.router}/svc/orders`;
export const ORDERS = '/catalog/default/component/orders';

export type User = 'olivia' | 'nico';
const BUTTON: Record<User, string> = {
  olivia: 'Sign in as Olivia Owner',
  nico: 'Sign in as Nico Nonowner',
};

export async function signIn(page: Page, user: User) {
  await page.goto('/');
  await page.getByRole('button', { name: BUTTON[user] }).click();
  await expect(page.getByText(`Sign out ${user}`)).toBeVisible();
}

/** The signed-in user's Backstage token, as the app holds it. */
export async function tokenOf(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const response = await fetch('/api/auth/localUsers/refresh', {
      credentials: 'include',
    });
    return (await response.json()).backstageIdentity.token as string;
  });
}

export async function chaos(region: 'aws' | 'azure', mode: string) {
  const response = await fetch(`${CONTROL}/regions/${region}/chaos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  expect(response.status).toBe(200);
}

export async function setWeights(aws: number, azure: number) {
  const response = await fetch(`${CONTROL}/weights`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ aws, azure }),
  });
  expect(response.status).toBe(200);
}

export async function sandboxStatus() {
  return (await fetch(`${CONTROL}/status`)).json();
}

/** Writes items through the router; returns the HTTP status of each write. */
export async function writeThroughRouter(count: number, prefix: string) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${ROUTER}/items/${prefix}-${i}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: i }),
    });
    statuses.push(response.status);
  }
  return statuses;
}

/** What sticks out past the right edge of an element (or, for the page, of the viewport). */
function sticksOut(root: Element) {
  const page = root === document.documentElement;
  const edge = page
    ? document.documentElement.clientWidth
    : root.getBoundingClientRect().right;
  const name = (e: Element) =>
    `${e.tagName.toLowerCase()}${
      e.getAttribute('data-testid')
        ? `[data-testid=${e.getAttribute('data-testid')}]`
        : ''
    }.${String(e.className).split(' ')[0]}`;
  // A page may hold scrolling boxes (logs) whose content runs on: what counts is its own width.
  if (page && document.documentElement.scrollWidth <= edge) return [];
  return [...root.querySelectorAll('*')]
    .map(e => ({ e, right: Math.round(e.getBoundingClientRect().right) }))
    .filter(({ right }) => right > edge + 1)
    .slice(0, 5)
    .map(({ e, right }) => `${name(e)} ends at ${right}, past ${edge}`);
}

/**
 * Nothing sticks out sideways: a page does not scroll sideways (which hides its left under the
 * fixed sidebar), and nothing in an element (a card) is cut at its right edge or scrolled to.
 */
export async function expectNoSidewaysScroll(
  target: Page | ReturnType<Page['locator']>,
) {
  const root = 'goto' in target ? target.locator('html') : target;
  const out = await root.evaluate(sticksOut);
  expect(out, out.join('; ')).toEqual([]);
}

/**
 * Words a box breaks inside (`user:default/olivia` over three lines): for each word of its
 * text, the lines its letters land on.
 */
export async function brokenWords(
  box: ReturnType<Page['locator']>,
): Promise<string[]> {
  return box.evaluate(root => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      // A line may break after a dash ("active-" / "active"), as typesetting does.
      for (const match of text.matchAll(/[^\s-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index!);
        range.setEnd(node, match.index! + match[0].length);
        const tops = new Set(
          [...range.getClientRects()]
            .filter(r => r.width > 0)
            .map(r => Math.round(r.top)),
        );
        if (tops.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  });
}

/**
 * A time zone where it is now ten in the morning: "10:11:24 AM" is the widest clock the portal
 * shows, so a layout is checked at the worst hour whenever the suite runs. Etc/GMT zones span
 * UTC−12 to UTC+14 and name the offset with its sign reversed.
 */
export function zoneAtTenInTheMorning(now = new Date()) {
  let offset = (10 - now.getUTCHours() + 24) % 24;
  if (offset > 14) offset -= 24;
  if (offset === 0) return 'UTC';
  return `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** Saves a screenshot for the README (docs/screenshots). */
export async function screenshot(
  target: Page | ReturnType<Page['locator']>,
  name: string,
) {
  const dir = resolve(__dirname, '../../../docs/screenshots');
  mkdirSync(dir, { recursive: true });
  // Away from the sidebar, which opens over the page while hovered.
  const page = 'page' in target ? target.page() : target;
  await page.mouse.move(1390, 990);
  await page.waitForTimeout(500);
  await target.screenshot({ path: resolve(dir, `${name}.png`) });
}
