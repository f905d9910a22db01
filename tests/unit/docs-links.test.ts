import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// A clone holds only the repository: a link (or a path named as a document) that points at a
// file outside it, or at one that was renamed, is a dead end for every reader.

const root = resolve(import.meta.dirname, '..', '..');

/** One place a Markdown file points at: a link, an image, or a code span naming a document. */
interface Reference {
  target: string;
  line: number;
  kind: 'link' | 'image' | 'code span';
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Code fences are examples (shell commands, YAML), not references: their lines are blanked. */
function withoutFences(text: string): string[] {
  let inFence = false;
  return text.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return '';
    }
    return inFence ? '' : line;
  });
}

/**
 * A code span counts as a reference when it can only mean a file to read: a Markdown document,
 * or a path that climbs out of the folder it is written in. `../shared/design/domain.md` is how
 * the README used to point outside the repository.
 */
function namesDocument(span: string): boolean {
  return !/\s/.test(span) && (/\.md(#[^`]*)?$/.test(span) || span.startsWith('../'));
}

function referencesIn(text: string): Reference[] {
  const found: Reference[] = [];
  withoutFences(text).forEach((line, index) => {
    const lineNumber = index + 1;
    const spans = [...line.matchAll(/`([^`]+)`/g)];
    for (const span of spans) {
      const content = span[1] ?? '';
      if (namesDocument(content)) found.push({ target: content, line: lineNumber, kind: 'code span' });
    }
    // Links inside code spans are literal text.
    const prose = line.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      found.push({ target: match[2] ?? '', line: lineNumber, kind: match[1] ? 'image' : 'link' });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/.exec(prose);
    if (definition?.[1]) found.push({ target: definition[1], line: lineNumber, kind: 'link' });
    for (const match of prose.matchAll(/<(a|img)\s[^>]*?(?:href|src)\s*=\s*"([^"]+)"/gi)) {
      found.push({ target: match[2] ?? '', line: lineNumber, kind: match[1]?.toLowerCase() === 'img' ? 'image' : 'link' });
    }
  });
  return found;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading?.[1]) continue;
    const text = heading[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const slug = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

/** Why a reference written in `file` does not resolve inside `repoRoot`, or null when it does. */
function brokenReason(file: string, reference: Reference, repoRoot: string): string | null {
  const { target } = reference;
  if (isExternal(target)) return null;
  const [rawPath = '', anchor] = target.split('#', 2);
  const path = decodeURIComponent(rawPath);
  if (isAbsolute(path)) return 'an absolute path is not portable: link relative to this file';
  const candidates = path === '' ? [file] : [resolve(dirname(file), path)];
  // Code spans in these docs often name paths from the repository root (e.g. docs/runs.md).
  if (reference.kind === 'code span' && path !== '') candidates.push(resolve(repoRoot, path));
  const inside = candidates.filter((c) => c === repoRoot || c.startsWith(repoRoot + sep));
  if (inside.length === 0) return `points outside the repository (${relative(repoRoot, candidates[0] ?? repoRoot)})`;
  const existing = inside.find((c) => existsSync(c));
  if (!existing) return 'no such file in the repository';
  if (anchor && existing.endsWith('.md') && !headingAnchors(readFileSync(existing, 'utf8')).has(anchor)) {
    return `no heading with the anchor #${anchor} in ${relative(repoRoot, existing)}`;
  }
  return null;
}

function brokenReferences(repoRoot: string): string[] {
  const files = [join(repoRoot, 'README.md'), ...markdownFiles(join(repoRoot, 'docs'))];
  return files.flatMap((file) => {
    const references = referencesIn(readFileSync(file, 'utf8'));
    return references.flatMap((reference) => {
      const reason = brokenReason(file, reference, repoRoot);
      return reason ? [`${relative(repoRoot, file)}:${reference.line}: ${reference.kind} ${reference.target}: ${reason}`] : [];
    });
  });
}

describe('links in README.md and docs/', () => {
  it('every relative link, image and named document resolves inside the repository', () => {
    expect(brokenReferences(root)).toEqual([]);
  });

  it('finds the references it is meant to check', () => {
    const text = [
      'See [the guide](docs/guide.md#set-up) and ![a shot](docs/shot.png).',
      'The spec is `../shared/design/domain.md`; run `npm test` and `--file ./hr.csv`.',
      '[web](https://example.com) <img src="docs/icon.png">',
      '[ref]: docs/other.md',
      '```sh',
      'cat [not](a-link.md) `../outside.md`',
      '```',
    ].join('\n');
    expect(referencesIn(text)).toEqual([
      { target: 'docs/guide.md#set-up', line: 1, kind: 'link' },
      { target: 'docs/shot.png', line: 1, kind: 'image' },
      { target: '../shared/design/domain.md', line: 2, kind: 'code span' },
      { target: 'https://example.com', line: 3, kind: 'link' },
      { target: 'docs/icon.png', line: 3, kind: 'image' },
      { target: 'docs/other.md', line: 4, kind: 'link' },
    ]);
  });

  it('refuses targets outside the repository, missing files and unknown anchors', () => {
    const readme = join(root, 'README.md');
    const link = (target: string): Reference => ({ target, line: 1, kind: 'link' });
    expect(brokenReason(readme, { target: '../shared/design/domain.md', line: 1, kind: 'code span' }, root)).toMatch(/outside the repository/);
    expect(brokenReason(readme, link('../README.md'), root)).toMatch(/outside the repository/);
    expect(brokenReason(readme, link('docs/no-such-page.md'), root)).toMatch(/no such file/);
    expect(brokenReason(readme, link('README.md#no-such-heading'), root)).toMatch(/no heading/);
    expect(brokenReason(readme, link('package.json'), root)).toBeNull();
    expect(brokenReason(readme, link('https://example.com/x.md'), root)).toBeNull();
  });

  it('anchors follow GitHub: punctuation dropped, repeats numbered', () => {
    const anchors = headingAnchors('# The `junction` command\n## Set-up\n## Set-up\n### Export (13–16k/s; target 50k/s)\n');
    expect([...anchors]).toEqual(['the-junction-command', 'set-up', 'set-up-1', 'export-1316ks-target-50ks']);
  });
});
