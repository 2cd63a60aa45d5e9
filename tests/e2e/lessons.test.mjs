// Lessons: chosen from the menu, played through, with a question answered at a pause point.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

const playing = async (page) => /Pause/.test(await page.innerText('#play'));

test('a lesson played through: it stops at its question, the pick is judged, and the run goes on to show it', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=3`);
  await page.waitForSelector('#canvas .node');
  await page.selectOption('#lesson', 'raft-2-log-replication');
  // The lesson's own page, which arrives with the lesson drawn; the app takes it over.
  await page.waitForURL(/\/raft-2-log-replication\.html$/);
  await page.waitForSelector('html[data-ready]', { state: 'attached' });
  assert.match(await page.textContent('.lesson h2'), /Raft 2/);
  // Faster, so the question comes soon.
  await page.locator('#speed').fill('-0.3');
  await page.waitForSelector('.quiz .quiz-choice', { timeout: 20_000 });
  assert.match(await page.textContent('.lesson .caption'), /Will the leader still commit it\?/);
  assert.equal(await playing(page), false, 'the question pauses the run');
  await screenshot(page, 'quiz-asked');
  // The two crashes were the lesson's doing, and the feed says so rather than putting them down to the reader.
  const feed = await page.$$eval('.feed li', (items) => items.map((li) => li.textContent));
  assert.equal(feed.filter((line) => /The lesson crashed S\d/.test(line)).length, 2, feed.join('\n'));
  assert.ok(!feed.some((line) => /You crashed/.test(line)), 'no crash is put down to the reader');
  await page.click('.quiz-choice[data-choice="1"]'); // "No: every server must store it first": wrong
  // The pick is marked, and the run goes on to show the answer before the answer is told (#21, point 2).
  await page.waitForSelector('.quiz-wait');
  assert.match(await page.textContent('.quiz-wait'), /^You picked No: .*Watch the run: it shows the answer\./);
  assert.ok(await page.locator('.quiz-choice.picked[data-choice="1"]').count(), 'the pick is marked');
  assert.equal(await page.locator('.quiz-answer, .quiz-choice.right, .quiz-choice.wrong').count(), 0, 'nothing told yet');
  assert.equal(await playing(page), true, 'picking plays on');
  // The run shows the answer: y=2 is committed, the caption says so, and the answer is told under it.
  await page.waitForFunction(() => /y=2 is committed/.test(document.querySelector('.lesson .caption')?.textContent), null, {
    timeout: 20_000,
  });
  assert.match(await page.textContent('.quiz-answer'), /^Not this time\. The answer is Yes: three servers of five/);
  assert.ok(await page.locator('.quiz-choice.right[data-choice="0"]').count(), 'the right answer is marked');
  assert.ok(await page.locator('.quiz-choice.wrong[data-choice="1"]').count(), 'the wrong pick is marked');
  await page.waitForFunction(() => /committed logs all agree/.test(document.querySelector('.lesson .caption')?.textContent), null, {
    timeout: 30_000,
  });
  await screenshot(page, 'quiz-answered');
  assert.equal(await page.locator('#lesson').inputValue(), 'raft-2-log-replication');
  assert.deepEqual(errors, []);
});

test('every lesson in the menu is a scenario the site ships, with a page of its own', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=3`);
  await page.waitForSelector('#lesson option[value="figure8-correct"]', { state: 'attached' });
  const names = await page.$$eval('#lesson option', (os) => os.map((o) => o.value).filter(Boolean));
  assert.equal(names.length, 16);
  for (const name of names) {
    const response = await page.request.get(`${shared.server.url}scenarios/${name}.json`);
    assert.equal(response.status(), 200, name);
    const lesson = await response.json();
    assert.ok(lesson.title, `${name} has a title`);
    const asks = lesson.events.filter((e) => e.do === 'caption' && e.quiz);
    assert.ok(asks.length >= 1 && asks.every((e) => e.pause), `${name} asks a question at a pause point`);
    // Never at the start, before the run has shown anything, and always with a later caption: the moment
    // the run shows the answer, when it is told (#21, point 2).
    const captions = lesson.events.filter((e) => e.do === 'caption');
    for (const ask of asks) {
      assert.ok(ask.at_ms > 0, `${name} asks at ${ask.at_ms} ms, once the run has started`);
      assert.ok(captions.some((c) => c.at_ms > ask.at_ms), `${name}: the question at ${ask.at_ms} ms has a caption after it`);
    }
    const own = await (await page.request.get(`${shared.server.url}${name}.html`)).text();
    assert.ok(own.includes(`data-lesson="${name}"`), `${name}.html is the lesson's page`);
  }
  assert.deepEqual(errors, []);
});

test('a scenario file elsewhere on the site opens by its path', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=scenarios/split-vote.json`);
  await page.waitForSelector('.lesson h2');
  assert.match(await page.textContent('.lesson h2'), /split vote/i);
  assert.equal(await page.locator('#canvas .node').count(), 4);
  assert.deepEqual(errors, []);
});
