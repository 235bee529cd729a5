// Renders resources/icon.svg to resources/icon.png (1024×1024, transparent corners) with the
// Debian chromium the browser tests already use. electron-builder makes the macOS .icns and the
// Windows .ico from this PNG, and Linux uses it as it is; the PNG is committed, so packaging needs
// no image tool. Run again after changing the SVG: node scripts/render-icon.mjs
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const root = fileURLToPath(new URL('..', import.meta.url))
const size = 1024
const svg = readFileSync(join(root, 'resources/icon.svg'), 'utf8')
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
})
try {
  const page = await browser.newPage({ viewport: { width: size, height: size } })
  const html = `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="width:${size}px;height:${size}px;display:block" `)}</body></html>`
  await page.setContent(html)
  await page.screenshot({ path: join(root, 'resources/icon.png'), omitBackground: true })
  console.log(`resources/icon.png: ${size}×${size}`)
} finally {
  await browser.close()
}
