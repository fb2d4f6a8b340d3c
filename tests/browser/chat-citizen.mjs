// SPDX-License-Identifier: GPL-3.0-or-later
// A citizen on the web chat page, in real headless Chromium driven by playwright-core.
// Usage: node chat-citizen.mjs PLAYWRIGHT_CORE_DIR CHAT_URL
// Prints one line per step on stdout ("step NAME"), reads the agent's cues from stdin
// ("go"), and exits 0 when every step passed, 1 with "fail WHY" otherwise.
import { createRequire } from 'node:module';
import readline from 'node:readline';

const [playwrightDir, chatUrl] = process.argv.slice(2);
const { chromium } = createRequire(import.meta.url)(playwrightDir);
const cues = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const step = (name) => console.log('step ' + name);
const expect = (ok, why) => { if (!ok) throw new Error(why); };
const waitCue = async () => { const cue = await cues.next(); expect(!cue.done, 'the test stopped cueing'); };

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  // 320 CSS pixels wide: a small phone, or a 640-pixel window at 200% zoom.
  const page = await browser.newPage({ viewport: { width: 320, height: 640 }, locale: 'cy-GB' });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(chatUrl + '/chat');
  expect(await page.getAttribute('html', 'lang') === 'cy', 'the page is not in Welsh for a Welsh browser');
  await page.getByText('Wedi cysylltu').waitFor();
  step('connected');

  // Everything is reachable by its label, and nothing is wider than the screen.
  const message = page.getByLabel('Eich neges');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
         'the page scrolls sideways at 320 pixels');
  await page.getByText("Gadewch gyfeiriad e-bost").click();
  await page.getByLabel('Cyfeiriad e-bost').fill('citizen.browser@example.org');
  await page.getByRole('button', { name: "Cadw'r manylion" }).click();

  // Written from the keyboard: the message box, then Enter on the Send button.
  await message.focus();
  await page.keyboard.type('Helo o Chromium: mae angen help arnaf gyda fy nhreth gyngor ŵ ŷ');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('#log li.citizen').first().waitFor();
  step('sent');

  await waitCue(); // the agent is typing
  await page.locator('#typing').waitFor({ state: 'visible' });
  step('typing-seen');
  await waitCue(); // the agent has replied
  await page.locator('#log li.agent').filter({ hasText: 'Diolch am aros' }).waitFor();
  const status = await page.locator('#status').textContent();
  expect(status.includes('wedi ymuno'), 'the page did not say an adviser joined: ' + status);
  step('reply-seen');

  // A reload continues the same chat.
  await page.reload();
  await page.locator('#log li.agent').filter({ hasText: 'Diolch am aros' }).waitFor();
  expect(await page.locator('#log li').count() === 2, 'the reloaded chat does not hold both messages');
  step('reloaded');

  await page.getByRole('button', { name: 'Gorffen y sgwrs' }).click();
  await page.getByText("Mae'r sgwrs wedi dod i ben").waitFor();
  expect(await message.isDisabled(), 'the message box is still usable after the end');
  expect(problems.length === 0, 'the page reported errors: ' + problems.join('; '));
  step('ended');
} catch (e) {
  console.log('fail ' + e.message.split('\n')[0]);
  process.exitCode = 1;
} finally {
  await browser.close();
  process.exit();
}
