// End-to-end check of the tidings explorer in headless Chromium (Debian's `chromium` + playwright-core).
//
// Run by tests/test_web_browser.py against a server it started over a store it filled; can also be run by
// hand:  TIDINGS_URL=http://127.0.0.1:8000/ node tests/browser/explorer.mjs
//
// Environment: TIDINGS_URL (required), TIDINGS_SCREENSHOT (default artifacts/explorer.png),
// TIDINGS_FILTER_TYPE (an event type present in the store, default ASSAULT),
// CHROMIUM (default /usr/bin/chromium).
//
// It loads the page, checks that the timeline, map, network and table render with data, applies a
// filter, opens an event, reloads the shared URL, and saves a screenshot.  Any request that leaves the
// server's origin fails the run: the explorer must work offline.  Exit code 0 = passed.

import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium } from "playwright-core";

const url = process.env.TIDINGS_URL;
const screenshot = process.env.TIDINGS_SCREENSHOT || "artifacts/explorer.png";
const filterType = process.env.TIDINGS_FILTER_TYPE || "ASSAULT";
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const TIMEOUT = 30000;

if (!url) {
  console.error("TIDINGS_URL is not set");
  process.exit(2);
}

const origin = new URL(url).origin;
const problems = [];
const check = (ok, message) => {
  if (!ok) throw new Error(message);
  console.log(`ok - ${message}`);
};

const userDataDir = mkdtempSync(join(tmpdir(), "tidings-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  viewport: { width: 1440, height: 1000 },
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

async function viewsReady(page) {
  await page.waitForFunction(
    () => ["timeline", "map", "network", "events"].every((id) => document.getElementById(id)?.dataset.state === "ready"),
    null,
    { timeout: TIMEOUT },
  );
  return page.evaluate(() =>
    Object.fromEntries(["timeline", "map", "network", "events"].map((id) => [id, Number(document.getElementById(id).dataset.count)])),
  );
}

let exitCode = 0;
const page = context.pages()[0] || (await context.newPage());
try {
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console error: ${msg.text()}`); });
  await page.route("**/*", (route) => {
    const target = route.request().url();
    if (target.startsWith(origin) || target.startsWith("data:")) return route.continue();
    problems.push(`request left the server: ${target}`);
    return route.abort();
  });

  // 1. The four views render with data.
  await page.goto(url, { waitUntil: "domcontentloaded" });
  const all = await viewsReady(page);
  console.log(`counts on load: ${JSON.stringify(all)}`);
  check(all.timeline > 0, `timeline draws bars (${all.timeline})`);
  check(all.map > 0, `map places events (${all.map})`);
  check(all.network > 0, `network draws actors (${all.network})`);
  check(all.events > 0, `table lists events (${all.events})`);
  check((await page.locator("#map .cluster, #map path.leaflet-interactive").count()) > 0, "map shows markers or clusters");
  check((await page.locator("#map path").count()) > 100, "map draws country shapes");
  check((await page.locator("#network canvas").count()) > 0, "network canvas exists");
  check((await page.locator("#timeline rect.bar").count()) === all.timeline, "timeline bars are in the DOM");

  // 2. Brushing the timeline sets a date range.
  const overlay = await page.locator("#timeline .brush .overlay").boundingBox();
  const y = overlay.y + overlay.height / 2;
  await page.mouse.move(overlay.x + overlay.width * 0.3, y);
  await page.mouse.down();
  await page.mouse.move(overlay.x + overlay.width * 0.75, y, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => location.search.includes("since=") && location.search.includes("until="), null, { timeout: TIMEOUT });
  const brushed = await viewsReady(page);
  const since = await page.inputValue("input[name=since]");
  check(since.length === 10, `brush sets the date filter (from ${since})`);
  check(brushed.events > 0 && brushed.events < all.events, `brushed range narrows the table (${all.events} -> ${brushed.events})`);
  check(brushed.timeline === all.timeline, "the timeline keeps its full span while brushed");
  await page.click("#reset");
  await viewsReady(page);
  check(!page.url().includes("since="), "reset clears the date range");

  // 3. A filter narrows every view and lands in the URL.
  await page.selectOption("select[name=type]", filterType);
  await page.waitForFunction((t) => location.search.includes(`type=${t}`), filterType, { timeout: TIMEOUT });
  const filtered = await viewsReady(page);
  console.log(`counts filtered on ${filterType}: ${JSON.stringify(filtered)}`);
  check(filtered.events > 0 && filtered.events < all.events, `filter narrows the table (${all.events} -> ${filtered.events})`);
  const types = await page.locator("#events tbody tr .type").allTextContents();
  check(types.length > 0 && types.every((t) => t === filterType), `every row is ${filterType}`);
  check(filtered.map <= all.map, "filter narrows the map");

  // 4. Opening an event shows its sentence highlighted in the document.
  await page.locator("#events tbody tr").first().click();
  await page.waitForFunction(() => document.getElementById("detail").dataset.state === "ready" && document.querySelector("#detail mark.sentence"), null, { timeout: TIMEOUT });
  const sentence = await page.locator("#detail mark.sentence").textContent();
  const trigger = await page.locator("#detail mark.trigger").textContent();
  check(sentence.length > 20, `event view highlights the sentence: "${sentence.slice(0, 60)}…"`);
  check(trigger.length > 0 && sentence.includes(trigger), `the trigger "${trigger}" is marked inside it`);
  check(page.url().includes("event="), "the open event is in the URL");

  // 5. The URL is the state: reloading it restores the filter and the event.
  await page.reload({ waitUntil: "domcontentloaded" });
  await viewsReady(page);
  await page.waitForFunction(() => document.getElementById("detail").dataset.state === "ready", null, { timeout: TIMEOUT });
  check((await page.inputValue("select[name=type]")) === filterType, "reloaded page keeps the filter");
  check((await page.locator("#detail mark.trigger").textContent()) === trigger, "reloaded page reopens the event");

  // 6. Search through the search box (full-text over sentences and quotes).
  await page.fill("input[name=q]", trigger);
  await page.press("input[name=q]", "Enter");
  await page.waitForFunction(() => location.search.includes("q="), null, { timeout: TIMEOUT });
  const searched = await viewsReady(page);
  check(searched.events > 0, `text search for "${trigger}" finds events (${searched.events})`);

  // 7. Clear the filters (the event stays open) for a screenshot of everything.
  await page.click("#reset");
  await viewsReady(page);
  check(!page.url().includes("?"), "reset clears the URL");
  const quoted = page.locator("#events tbody tr.has-quote");
  check((await quoted.count()) > 0, "the table marks events coded from a quote");
  await quoted.first().click();
  await page.waitForFunction(() => document.getElementById("detail").dataset.state === "ready" && document.querySelector("#detail mark.sentence"), null, { timeout: TIMEOUT });
  const quote = await page.locator("#detail blockquote.quote").textContent();
  check(quote.length > 10, `event view shows its quote: ${quote.slice(0, 50)}…`);
  await page.waitForTimeout(300); // let the map's cluster animation settle
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);

  check(problems.length === 0, `no page errors or outside requests${problems.length ? ": " + problems.join("; ") : ""}`);
  console.log("explorer: all checks passed");
} catch (err) {
  console.error(`not ok - ${err.message}`);
  for (const p of problems) console.error(`  ${p}`);
  exitCode = 1;
  // What the page looked like when it failed: CI keeps artifacts/ for inspection.
  const failed = screenshot.replace(/\.png$/, "") + "-failed.png";
  mkdirSync(dirname(failed), { recursive: true });
  await page.screenshot({ path: failed, fullPage: true }).catch(() => {});
  console.error(`screenshot of the failure: ${failed}`);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(exitCode);
