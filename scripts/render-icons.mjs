#!/usr/bin/env node
// Renders resources/icons/junction.svg to the PNG sizes Electron and Linux desktop files use.
// Run by hand after changing the SVG, then commit the PNGs: the build never renders them.
// Uses Debian's Chromium where it is installed (build machines cannot download Playwright's).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const SIZES = [16, 32, 48, 64, 128, 256, 512];
const iconsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'icons');
const svg = readFileSync(join(iconsDir, 'junction.svg'), 'utf8');
const debianChromium = '/usr/bin/chromium';

const browser = await chromium.launch({
  ...(existsSync(debianChromium) ? { executablePath: debianChromium } : {}),
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  for (const size of SIZES) {
    const page = await browser.newPage({
      viewport: { width: size, height: size },
      deviceScaleFactor: 1,
    });
    const sized = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
    const path = join(iconsDir, `junction-${size}.png`);
    await page.screenshot({
      path,
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await page.close();
    process.stdout.write(`${path}\n`);
  }
} finally {
  await browser.close();
}
