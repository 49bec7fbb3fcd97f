// The login page as a person sees it: found by its labels, accessible, no
// console errors, at a phone's and a desktop's width.
'use strict';
const { BASE_URL, newPage, accessibilityProblems, screenshot, test, assert } = require('./lib');

for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 375, height: 740 }]]) {
  test(`login page shell (${label})`, async (browser) => {
    const page = await newPage(browser, { viewport });
    const response = await page.goto(`${BASE_URL}/`);
    assert(response.status() === 200, `GET / gave ${response.status()}`);
    await page.getByLabel('Username').waitFor();
    assert(await page.getByLabel('Username').isEditable(), 'Username is not editable');
    assert(await page.getByLabel('Password', { exact: true }).isEditable(), 'Password is not editable');
    assert(await page.getByRole('button', { name: 'Login' }).isVisible(), 'no Login button');
    assert(await page.getByRole('link', { name: 'Create New Account' }).isVisible(), 'no Create New Account link');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert(!overflow, 'the page overflows horizontally');
    await screenshot(page, `login-${label}`);
    const a11y = await accessibilityProblems(page);
    assert(a11y.length === 0, `accessibility:\n${a11y.join('\n')}`);
    assert(page.problems.length === 0, `problems:\n${page.problems.join('\n')}`);
    await page.context().close();
  });
}

test('unknown page shows the 404 page in the P-Serv look', async (browser) => {
  const page = await newPage(browser);
  const response = await page.goto(`${BASE_URL}/tidak-ada`);
  assert(response.status() === 404, `status ${response.status()}`);
  assert(await page.getByRole('heading', { name: 'Halaman Tidak Ditemukan' }).isVisible(), 'no 404 heading');
  assert(await page.getByText('Halaman tidak ditemukan.', { exact: true }).isVisible(), 'no Indonesian 404 message');
  await screenshot(page, 'error-404');
  await page.context().close();
});
