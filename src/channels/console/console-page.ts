import fs from 'node:fs';

/** The console's single page (no build step): read once at start. */
export const consolePage = fs.readFileSync(new URL('./console-page.html', import.meta.url), 'utf8');
