import { describe, expect, it } from 'vitest';
import { safeExternalUrl } from '../../src/main/electron/external-links';

// The Electron window hands links to the OS only through this rule (OPEN_EXTERNAL_JS_CHECK).

describe('safeExternalUrl', () => {
  it.each(['https://example.com/docs?q=1#top', 'mailto:admin@corp.example?subject=Junction'])('lets %s out', (url) => {
    expect(safeExternalUrl(url)).toBe(new URL(url).href);
  });

  it.each([
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://attacker.example/share',
    'ms-msdt:/id PCWDiagnostic',
    'vscode://file/etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'https://user:secret@example.com/',
    'https://trusted.example@evil.example/',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(safeExternalUrl(url)).toBeNull();
  });
});
